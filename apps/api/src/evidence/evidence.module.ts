import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceService } from './evidence.service';

@Module({
  imports: [ClaimsModule],
  controllers: [EvidenceController],
  providers: [EvidenceRepository, EvidenceService],
})
export class EvidenceModule {}
