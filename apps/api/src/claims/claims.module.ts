import { Module } from '@nestjs/common';
import { ClaimQueriesModule } from '../claim-queries/claim-queries.module';
import { JourneysModule } from '../journeys/journeys.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ClaimsController } from './claims.controller';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';

@Module({
  imports: [ClaimQueriesModule, JourneysModule, ProgrammesModule],
  controllers: [ClaimsController],
  providers: [ClaimsRepository, ClaimsService],
  exports: [ClaimsService],
})
export class ClaimsModule {}
