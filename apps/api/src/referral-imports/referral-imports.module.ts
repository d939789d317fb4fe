import { Module } from '@nestjs/common';
import { ReferralImportJob } from './referral-import.job';
import { ReferralImportStagingRepository } from './referral-import-staging.repository';
import { ReferralImportsController } from './referral-imports.controller';
import { ReferralImportsRepository } from './referral-imports.repository';
import { ReferralImportsService } from './referral-imports.service';

@Module({
  controllers: [ReferralImportsController],
  providers: [
    ReferralImportsRepository,
    ReferralImportStagingRepository,
    ReferralImportJob,
    ReferralImportsService,
  ],
  exports: [ReferralImportJob],
})
export class ReferralImportsModule {}
