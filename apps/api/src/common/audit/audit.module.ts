import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditAnchorJob } from './audit-anchor.job';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditAnchorJob],
  exports: [AuditService],
})
export class AuditModule {}
