import { Module } from '@nestjs/common';
import { ParticipantsModule } from '../participants/participants.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { JourneyFactsService } from './journey-facts.service';
import { JourneysController } from './journeys.controller';
import { JourneysRepository } from './journeys.repository';
import { JourneysService } from './journeys.service';

@Module({
  imports: [ReferralsModule, ParticipantsModule, ProgrammesModule],
  controllers: [JourneysController],
  providers: [JourneysRepository, JourneysService, JourneyFactsService],
  exports: [JourneyFactsService],
})
export class JourneysModule {}
