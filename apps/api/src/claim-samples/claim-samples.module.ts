import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ClaimSamplesController } from './claim-samples.controller';
import { ClaimSamplesRepository } from './claim-samples.repository';
import { ClaimSamplesService } from './claim-samples.service';

@Module({
  imports: [ClaimsModule],
  controllers: [ClaimSamplesController],
  providers: [ClaimSamplesRepository, ClaimSamplesService],
})
export class ClaimSamplesModule {}
