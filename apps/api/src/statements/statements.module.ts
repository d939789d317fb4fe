import { Module } from '@nestjs/common';
import { SubcontractorPaymentsModule } from '../subcontractor-payments/subcontractor-payments.module';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';

@Module({
  imports: [SubcontractorPaymentsModule],
  controllers: [StatementsController],
  providers: [StatementsRepository, StatementsService],
})
export class StatementsModule {}
