import { Module } from '@nestjs/common';
import { ClaimQueriesModule } from '../claim-queries/claim-queries.module';
import { ClaimsController } from './claims.controller';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';

@Module({
  imports: [ClaimQueriesModule],
  controllers: [ClaimsController],
  providers: [ClaimsRepository, ClaimsService],
  exports: [ClaimsService],
})
export class ClaimsModule {}
