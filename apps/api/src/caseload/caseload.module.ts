import { Module } from '@nestjs/common';
import { CaseloadController } from './caseload.controller';
import { CaseloadRepository } from './caseload.repository';
import { CaseloadService } from './caseload.service';

@Module({
  controllers: [CaseloadController],
  providers: [CaseloadRepository, CaseloadService],
  exports: [CaseloadService],
})
export class CaseloadModule {}
