import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  CreateSubcontractBodyDto,
  EndSubcontractBodyDto,
  ListSubcontractsQueryDto,
  ProposeVariationBodyDto,
  ReasonBodyDto,
  RequiredReasonBodyDto,
  SubcontractDetailResponseDto,
  SubcontractIdParamsDto,
  SubcontractListResponseDto,
  SubcontractorListResponseDto,
  SubcontractorSearchQueryDto,
  SuspendSubcontractBodyDto,
  VersionParamsDto,
} from './subcontracts.dto';
import { SubcontractsService } from './subcontracts.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('subcontracts')
@Controller('subcontracts')
export class SubcontractsController {
  constructor(private readonly subcontracts: SubcontractsService) {}

  @Access(POLICIES.subcontracts.read)
  @Get()
  @ApiOkResponse({
    type: SubcontractListResponseDto,
    description:
      'Subcontracts in your slice: a prime its chain, a commissioner its programmes, a subcontractor its own (once offered).',
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSubcontractsQueryDto,
  ): Promise<SubcontractListResponseDto> {
    return { subcontracts: await this.subcontracts.list(principal, query) };
  }

  @Access(POLICIES.subcontracts.readSubcontractors)
  @Get('subcontractors')
  @ApiOkResponse({
    type: SubcontractorListResponseDto,
    description:
      'Subcontractor organisations on the platform a prime can offer a subcontract to, by name.',
  })
  async subcontractors(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SubcontractorSearchQueryDto,
  ): Promise<SubcontractorListResponseDto> {
    return { subcontractors: await this.subcontracts.searchSubcontractors(principal, query.q) };
  }

  @Access(POLICIES.subcontracts.manage)
  @Post()
  @ApiCreatedResponse({
    type: SubcontractDetailResponseDto,
    description:
      'A draft subcontract under one of your prime contracts, with its terms as version 1 (proposed).',
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSubcontractBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.create(principal, body);
  }

  @Access(POLICIES.subcontracts.read)
  @Get(':id')
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description: 'The subcontract, every terms version (with what each changed) and its history.',
  })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.get(principal, params.id);
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/offer')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description: 'DRAFT → OFFERED: the subcontractor now sees the terms and may accept them.',
  })
  offer(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: ReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.move(principal, params.id, 'OFFERED', body.reason, 'offer');
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/withdraw-offer')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description: 'OFFERED → DRAFT, to change the terms before offering again.',
  })
  withdrawOffer(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: RequiredReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.move(principal, params.id, 'DRAFT', body.reason, 'withdraw-offer');
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/discard')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description: 'DRAFT or OFFERED → ENDED: the prime drops the subcontract before it is accepted.',
  })
  discard(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: RequiredReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.move(principal, params.id, 'ENDED', body.reason, 'discard');
  }

  @Access(POLICIES.subcontracts.respond)
  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description:
      'OFFERED → ACCEPTED (and ACTIVE at once when its start date has come): the terms on offer are in force from the start.',
  })
  accept(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: ReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.move(principal, params.id, 'ACCEPTED', body.reason, 'accept');
  }

  @Access(POLICIES.subcontracts.respond)
  @Post(':id/decline')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description:
      'OFFERED → ENDED: the subcontractor declines the offer, with a reason the prime sees.',
  })
  decline(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: RequiredReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.move(principal, params.id, 'ENDED', body.reason, 'decline');
  }

  @Access(POLICIES.subcontracts.activate)
  @Post(':id/activate')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description: 'ACCEPTED → ACTIVE once its start date has come: it takes referrals.',
  })
  activate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: ReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.move(principal, params.id, 'ACTIVE', body.reason, 'activate');
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/variations')
  @ApiCreatedResponse({
    type: SubcontractDetailResponseDto,
    description:
      'Proposes new terms from a date; they are in force only once the subcontractor accepts. The detail shows both sides what changes.',
  })
  proposeVariation(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: ProposeVariationBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.proposeVariation(principal, params.id, body);
  }

  @Access(POLICIES.subcontracts.respond)
  @Post(':id/variations/:version/accept')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description:
      'Accepts a variation: the terms before its date end the day before; claims with a milestone date from it are priced on the new terms.',
  })
  acceptVariation(
    @CurrentPrincipal() principal: Principal,
    @Param() params: VersionParamsDto,
    @Body() body: ReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.decideVariation(
      principal,
      params.id,
      params.version,
      'ACCEPTED',
      body.reason,
    );
  }

  @Access(POLICIES.subcontracts.respond)
  @Post(':id/variations/:version/reject')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description:
      'Rejects a variation, with a reason recorded in the audit trail; the terms in force stay as they are.',
  })
  rejectVariation(
    @CurrentPrincipal() principal: Principal,
    @Param() params: VersionParamsDto,
    @Body() body: RequiredReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.decideVariation(
      principal,
      params.id,
      params.version,
      'REJECTED',
      body.reason,
    );
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/variations/:version/withdraw')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description: 'The prime withdraws a variation the subcontractor has not answered.',
  })
  withdrawVariation(
    @CurrentPrincipal() principal: Principal,
    @Param() params: VersionParamsDto,
    @Body() body: ReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.decideVariation(
      principal,
      params.id,
      params.version,
      'WITHDRAWN',
      body.reason,
    );
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description:
      'ACTIVE → SUSPENDED with a reason: no new referrals; its caseload moves too when transferCaseload is set.',
  })
  suspend(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: SuspendSubcontractBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.endOrSuspend(principal, params.id, 'SUSPENDED', body);
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/reinstate')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description: 'SUSPENDED → ACTIVE with a reason: it takes referrals again.',
  })
  reinstate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: RequiredReasonBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.move(principal, params.id, 'ACTIVE', body.reason, 'reinstate');
  }

  @Access(POLICIES.subcontracts.manage)
  @Post(':id/end')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubcontractDetailResponseDto,
    description:
      'ACTIVE or SUSPENDED (or ACCEPTED) → ENDED with a reason and date: its caseload moves to other live subcontracts (chosen, or by the allocation rules), histories whole; claims it earned stay payable to it.',
  })
  end(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Body() body: EndSubcontractBodyDto,
  ): Promise<SubcontractDetailResponseDto> {
    return this.subcontracts.endOrSuspend(principal, params.id, 'ENDED', body);
  }
}
