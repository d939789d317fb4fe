import { Module } from '@nestjs/common';
import { SupplyChainController } from './supply-chain.controller';
import { SupplyChainRepository } from './supply-chain.repository';
import { SupplyChainService } from './supply-chain.service';

@Module({ controllers: [SupplyChainController], providers: [SupplyChainRepository, SupplyChainService] })
export class SupplyChainModule {}
