import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  BulkResultDto,
  BulkTransitionBodyDto,
  ClaimableResponseDto,
  ClaimListDto,
  ClaimListQueryDto,
  ClaimResponseDto,
  CreateClaimBodyDto,
  CreateSubmissionBodyDto,
  EvidenceOverrideBodyDto,
  IdParamsDto,
  WithdrawEvidenceOverrideBodyDto,
  SubmissionResponseDto,
  TransitionClaimBodyDto,
} from './claims.dto';
import { ClaimsService } from './claims.service';
import { claimEtag, versionFromIfMatch } from './if-match';
import { POLICIES } from '@waymark/domain';

@ApiTags('claims')
@Controller()
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Access(POLICIES.claims.read)
  @Get('claims')
  @ApiOkResponse({
    type: ClaimListDto,
    description: 'Newest first, keyset-paged. inbox=true: what waits for your action.',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ClaimListQueryDto,
  ): Promise<ClaimListDto> {
    return this.claims.list(principal, query);
  }

  @Access(POLICIES.claims.draft)
  @Post('claims')
  @ApiCreatedResponse({
    type: ClaimResponseDto,
    description:
      'A DRAFT claim priced from the tariff in force on the milestone date. 422 says why a milestone is not claimable; 409 names an existing live claim.',
  })
  async draft(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateClaimBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimResponseDto> {
    const claim = await this.claims.draft(principal, body);
    void reply.header('etag', claimEtag(claim.version));
    return { claim };
  }

  @Access(POLICIES.claims.read)
  @Get('claims/:id')
  @ApiOkResponse({
    type: ClaimResponseDto,
    description: 'ETag carries the version to send as If-Match.',
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimResponseDto> {
    const claim = await this.claims.get(principal, params.id);
    void reply.header('etag', claimEtag(claim.version));
    return { claim };
  }

  @Access(POLICIES.claims.transition)
  @Post('claims/:id/transitions')
  @HttpCode(200)
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag of the claim you read: 428 when missing, 412 when stale.',
  })
  @ApiOkResponse({ type: ClaimResponseDto })
  async transition(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: TransitionClaimBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimResponseDto> {
    const claim = await this.claims.transition(
      principal,
      params.id,
      versionFromIfMatch(ifMatch),
      body,
    );
    void reply.header('etag', claimEtag(claim.version));
    return { claim };
  }

  @Access(POLICIES.claims.overrideEvidence)
  @Post('claims/:id/evidence-override')
  @HttpCode(200)
  @ApiOkResponse({
    type: ClaimResponseDto,
    description:
      'Lets a claim be submitted without the evidence its milestone requires: recorded once (who, when, why), audited, shown on the claim. Only before submission.',
  })
  async overrideEvidence(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: EvidenceOverrideBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimResponseDto> {
    const claim = await this.claims.overrideEvidence(principal, params.id, body);
    void reply.header('etag', claimEtag(claim.version));
    return { claim };
  }

  @Access(POLICIES.claims.withdrawEvidenceOverride)
  @Post('claims/:id/evidence-override/withdrawal')
  @HttpCode(200)
  @ApiOkResponse({
    type: ClaimResponseDto,
    description:
      'Withdraws the override in force (recorded in error): kept on the claim with who, when, why, and audited. From then on the claim takes no further step towards payment until evidence is attached. 409 when none is in force, once the commissioner has approved the claim, once it is paid or clawed back, or when it is closed.',
  })
  async withdrawEvidenceOverride(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: WithdrawEvidenceOverrideBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimResponseDto> {
    const claim = await this.claims.withdrawEvidenceOverride(principal, params.id, body);
    void reply.header('etag', claimEtag(claim.version));
    return { claim };
  }

  @Access(POLICIES.claims.transition)
  @Post('claims/bulk-transitions')
  @HttpCode(200)
  @ApiOkResponse({
    type: BulkResultDto,
    description:
      'All or nothing: any refused claim fails the request, and the problem names each one.',
  })
  bulkTransition(
    @CurrentPrincipal() principal: Principal,
    @Body() body: BulkTransitionBodyDto,
  ): Promise<BulkResultDto> {
    return this.claims.bulkTransition(principal, body);
  }

  @Access(POLICIES.claims.submitToCommissioner)
  @Post('claim-submissions')
  @ApiCreatedResponse({
    type: SubmissionResponseDto,
    description: 'Sends PRIME_APPROVED claims to the commissioner as one batch, all or nothing.',
  })
  submit(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSubmissionBodyDto,
  ): Promise<SubmissionResponseDto> {
    return this.claims.submitBatch(principal, body);
  }

  @Access(POLICIES.claims.read)
  @Get('referrals/:id/claimable')
  @ApiOkResponse({
    type: ClaimableResponseDto,
    description:
      'Every milestone of the referral: claimable now (with price), or why not and when.',
  })
  async claimable(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<ClaimableResponseDto> {
    return { claimable: await this.claims.claimable(principal, params.id) };
  }
}
