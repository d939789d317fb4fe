import { Module } from '@nestjs/common';
import { ParticipantsModule } from '../participants/participants.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { JourneysController } from './journeys.controller';
import { JourneysRepository } from './journeys.repository';
import { JourneysService } from './journeys.service';

@Module({ imports: [ReferralsModule, ParticipantsModule], controllers: [JourneysController], providers: [JourneysRepository, JourneysService] })
export class JourneysModule {}
