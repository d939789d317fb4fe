import { Module } from '@nestjs/common';
import { SubcontractsController } from './subcontracts.controller';
import { SubcontractsRepository } from './subcontracts.repository';
import { SubcontractsService } from './subcontracts.service';

@Module({
  controllers: [SubcontractsController],
  providers: [SubcontractsRepository, SubcontractsService],
  exports: [SubcontractsService],
})
export class SubcontractsModule {}
