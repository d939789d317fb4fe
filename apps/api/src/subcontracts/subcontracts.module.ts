import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { SubcontractsController } from './subcontracts.controller';
import { SubcontractsRepository } from './subcontracts.repository';
import { SubcontractsService } from './subcontracts.service';

@Module({
  imports: [ReferralsModule],
  controllers: [SubcontractsController],
  providers: [SubcontractsRepository, SubcontractsService],
  exports: [SubcontractsService],
})
export class SubcontractsModule {}
