import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  DueDiligenceQueryDto,
  DueDiligenceRecordResponseDto,
  DueDiligenceResponseDto,
  RecordDueDiligenceBodyDto,
} from './due-diligence.dto';
import { DueDiligenceService } from './due-diligence.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('supply-chain')
@Controller('supply-chain/due-diligence')
export class DueDiligenceController {
  constructor(private readonly dueDiligence: DueDiligenceService) {}

  @Access(POLICIES.supplyChain.readDueDiligence)
  @Get()
  @ApiOkResponse({
    type: DueDiligenceResponseDto,
    description:
      'A prime’s due-diligence records on its subcontractors (or, for a subcontractor, those held about it), soonest expiry first, each with its expiry state.',
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DueDiligenceQueryDto,
  ): Promise<DueDiligenceResponseDto> {
    return { records: await this.dueDiligence.list(principal, query.subcontractorId) };
  }

  @Access(POLICIES.supplyChain.recordDueDiligence)
  @Post()
  @ApiCreatedResponse({
    type: DueDiligenceRecordResponseDto,
    description: 'Records a document or check held on a subcontractor, with its expiry date.',
  })
  async record(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RecordDueDiligenceBodyDto,
  ): Promise<DueDiligenceRecordResponseDto> {
    return { record: await this.dueDiligence.record(principal, body) };
  }
}
