import { Module } from '@nestjs/common';
import { SubcontractsController } from './subcontracts.controller';
import { SubcontractsRepository } from './subcontracts.repository';
import { SubcontractsService } from './subcontracts.service';
import { SupplyChainClock } from './supply-chain-clock';

@Module({
  controllers: [SubcontractsController],
  providers: [SubcontractsRepository, SubcontractsService, SupplyChainClock],
  exports: [SubcontractsService, SupplyChainClock],
})
export class SubcontractsModule {}
