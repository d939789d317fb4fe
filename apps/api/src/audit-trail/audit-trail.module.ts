import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { AuditTrailController } from './audit-trail.controller';
import { AuditTrailRepository } from './audit-trail.repository';
import { AuditTrailService } from './audit-trail.service';

/** Reading the audit trail; writing it stays in common/audit. */
@Module({
  imports: [ClaimsModule, ReferralsModule],
  controllers: [AuditTrailController],
  providers: [AuditTrailRepository, AuditTrailService],
})
export class AuditTrailModule {}
