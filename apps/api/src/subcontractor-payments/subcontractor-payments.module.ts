import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { SubcontractorPaymentsController } from './subcontractor-payments.controller';
import { SubcontractorPaymentsRepository } from './subcontractor-payments.repository';
import { SubcontractorPaymentsService } from './subcontractor-payments.service';

@Module({
  imports: [LedgerModule],
  controllers: [SubcontractorPaymentsController],
  providers: [SubcontractorPaymentsRepository, SubcontractorPaymentsService],
  exports: [SubcontractorPaymentsService],
})
export class SubcontractorPaymentsModule {}
