import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  BidCommitmentParamsDto,
  BidCommitmentsDto,
  BidCommitmentVersionParamsDto,
  RecordBidCommitmentBodyDto,
  RejectBidCommitmentBodyDto,
  SetSpecialistMinimumBodyDto,
} from './bid-commitments.dto';
import { BidCommitmentsService } from './bid-commitments.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('supply-chain')
@Controller('supply-chain/prime-contracts/:id/bid-commitments')
export class BidCommitmentsController {
  constructor(private readonly commitments: BidCommitmentsService) {}

  @Access(POLICIES.supplyChain.read)
  @Get()
  @ApiOkResponse({
    type: BidCommitmentsDto,
    description:
      'What the bid promised each subcontractor (in force, and every version), with what was delivered against it.',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param() params: BidCommitmentParamsDto,
  ): Promise<BidCommitmentsDto> {
    return this.commitments.list(principal, params.id);
  }

  @Access(POLICIES.supplyChain.recordBidCommitment)
  @Post()
  @ApiCreatedResponse({
    type: BidCommitmentsDto,
    description:
      'The commissioner records a commitment (in force at once); the prime proposes one for the commissioner to confirm. Shares of a contract stay within 100 %.',
  })
  record(
    @CurrentPrincipal() principal: Principal,
    @Param() params: BidCommitmentParamsDto,
    @Body() body: RecordBidCommitmentBodyDto,
  ): Promise<BidCommitmentsDto> {
    return this.commitments.record(principal, params.id, body);
  }

  @Access(POLICIES.supplyChain.decideBidCommitment)
  @Post(':subcontractorId/versions/:version/confirm')
  @HttpCode(200)
  @ApiOkResponse({
    type: BidCommitmentsDto,
    description: "Confirms the prime's proposal: it is in force from now.",
  })
  confirm(
    @CurrentPrincipal() principal: Principal,
    @Param() params: BidCommitmentVersionParamsDto,
  ): Promise<BidCommitmentsDto> {
    return this.commitments.decide(
      principal,
      params.id,
      params.subcontractorId,
      params.version,
      'CONFIRMED',
      null,
    );
  }

  @Access(POLICIES.supplyChain.decideBidCommitment)
  @Post(':subcontractorId/versions/:version/reject')
  @HttpCode(200)
  @ApiOkResponse({
    type: BidCommitmentsDto,
    description: "Rejects the prime's proposal, with a reason the prime sees.",
  })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param() params: BidCommitmentVersionParamsDto,
    @Body() body: RejectBidCommitmentBodyDto,
  ): Promise<BidCommitmentsDto> {
    return this.commitments.decide(
      principal,
      params.id,
      params.subcontractorId,
      params.version,
      'REJECTED',
      body.reason,
    );
  }

  @Access(POLICIES.supplyChain.decideBidCommitment)
  @Put('specialist-minimum')
  @ApiOkResponse({
    type: BidCommitmentsDto,
    description:
      'Sets the minimum share of the contract’s money for specialist provision, checked against the bid and against delivery.',
  })
  setSpecialistMinimum(
    @CurrentPrincipal() principal: Principal,
    @Param() params: BidCommitmentParamsDto,
    @Body() body: SetSpecialistMinimumBodyDto,
  ): Promise<BidCommitmentsDto> {
    return this.commitments.setSpecialistMinimum(principal, params.id, body.minimumBp);
  }
}
