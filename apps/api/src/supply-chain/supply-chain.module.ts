import { Module } from '@nestjs/common';
import { BidCommitmentsController } from './bid-commitments.controller';
import { BidCommitmentsRepository } from './bid-commitments.repository';
import { BidCommitmentsService } from './bid-commitments.service';
import { SupplyChainController } from './supply-chain.controller';
import { SupplyChainRepository } from './supply-chain.repository';
import { SupplyChainService } from './supply-chain.service';

@Module({
  controllers: [SupplyChainController, BidCommitmentsController],
  providers: [SupplyChainRepository, SupplyChainService, BidCommitmentsRepository, BidCommitmentsService],
})
export class SupplyChainModule {}
