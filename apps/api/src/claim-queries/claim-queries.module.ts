import { Module } from '@nestjs/common';
import { ClaimQueriesController } from './claim-queries.controller';
import { ClaimQueriesRepository } from './claim-queries.repository';
import { ClaimQueriesService } from './claim-queries.service';

@Module({
  controllers: [ClaimQueriesController],
  providers: [ClaimQueriesRepository, ClaimQueriesService],
  exports: [ClaimQueriesService],
})
export class ClaimQueriesModule {}
