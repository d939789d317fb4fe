import { Module } from '@nestjs/common';
import { BidCommitmentsController } from './bid-commitments.controller';
import { BidCommitmentsRepository } from './bid-commitments.repository';
import { BidCommitmentsService } from './bid-commitments.service';
import { DueDiligenceController } from './due-diligence.controller';
import { DueDiligenceExpiryService } from './due-diligence-expiry.service';
import { DueDiligenceRepository } from './due-diligence.repository';
import { DueDiligenceService } from './due-diligence.service';
import { SupplyChainController } from './supply-chain.controller';
import { SupplyChainRepository } from './supply-chain.repository';
import { SupplyChainService } from './supply-chain.service';

@Module({
  controllers: [SupplyChainController, BidCommitmentsController, DueDiligenceController],
  providers: [
    SupplyChainRepository,
    SupplyChainService,
    BidCommitmentsRepository,
    BidCommitmentsService,
    DueDiligenceRepository,
    DueDiligenceService,
    DueDiligenceExpiryService,
  ],
})
export class SupplyChainModule {}
