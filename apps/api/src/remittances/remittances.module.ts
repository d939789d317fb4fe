import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { SubcontractorPaymentsModule } from '../subcontractor-payments/subcontractor-payments.module';
import { RemittancesController } from './remittances.controller';
import { RemittancesRepository } from './remittances.repository';
import { RemittancesService } from './remittances.service';

@Module({
  imports: [LedgerModule, SubcontractorPaymentsModule],
  controllers: [RemittancesController],
  providers: [RemittancesRepository, RemittancesService],
})
export class RemittancesModule {}
