import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { OpenContractsResponseDto } from './open-contracts.dto';
import { etagFor } from './referral-access';
import {
  AcceptReferralBodyDto,
  AllocateReferralBodyDto,
  AttachReferralBodyDto,
  CreateReferralBodyDto,
  ExitReferralBodyDto,
  HandBackReferralBodyDto,
  NeedsAssessmentHistoryDto,
  ReallocateReferralBodyDto,
  RecordNeedsAssessmentBodyDto,
  ReferralIdParamsDto,
  RejectReferralBodyDto,
  ReferralResponseDto,
} from './referrals.dto';
import { ReferralsService } from './referrals.service';
import { POLICIES } from '@waymark/domain';

const IF_MATCH = {
  name: 'if-match',
  required: true,
  description: 'The ETag of the referral you read, e.g. "3". Missing → 428; stale → 412.',
};

@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Access(POLICIES.referrals.create)
  @Post()
  @ApiCreatedResponse({
    type: ReferralResponseDto,
    description: 'Created (201), or the existing referral for the same external reference (200).',
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateReferralBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    const { referral, isReplay } = await this.referrals.create(principal, body);
    void reply.status(isReplay ? 200 : 201).header('etag', etagFor(referral.version));
    return { referral };
  }

  @Access(POLICIES.referrals.openContracts)
  @Get('open-contracts')
  @ApiOkResponse({
    type: OpenContractsResponseDto,
    description:
      'The live prime contracts your office may refer into, named by prime, area and programme.',
  })
  async openContracts(@CurrentPrincipal() principal: Principal): Promise<OpenContractsResponseDto> {
    return { primeContracts: await this.referrals.openContracts(principal) };
  }

  @Access(POLICIES.referrals.read)
  @Get(':id')
  @ApiOkResponse({ type: ReferralResponseDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(reply, await this.referrals.get(principal, params.id));
  }

  @Access(POLICIES.referrals.allocate)
  @Post(':id/accept')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralResponseDto })
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() _body: AcceptReferralBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(reply, await this.referrals.accept(principal, params.id, ifMatch));
  }

  @Access(POLICIES.referrals.allocate)
  @Post(':id/reject')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralResponseDto })
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: RejectReferralBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(reply, await this.referrals.reject(principal, params.id, ifMatch, body.reason));
  }

  @Access(POLICIES.referrals.allocate)
  @Post(':id/allocate')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralResponseDto })
  async allocate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: AllocateReferralBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(reply, await this.referrals.allocate(principal, params.id, ifMatch, body));
  }

  @Access(POLICIES.referrals.allocate)
  @Post(':id/reallocate')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralResponseDto })
  async reallocate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: ReallocateReferralBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(reply, await this.referrals.reallocate(principal, params.id, ifMatch, body));
  }

  @Access(POLICIES.referrals.attach)
  @Post(':id/hand-back')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralResponseDto })
  async handBack(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: HandBackReferralBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(
      reply,
      await this.referrals.handBack(principal, params.id, ifMatch, body.reason),
    );
  }

  @Access(POLICIES.referrals.attach)
  @Post(':id/attach')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralResponseDto })
  async attach(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: AttachReferralBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(
      reply,
      await this.referrals.attach(principal, params.id, ifMatch, body.attachedOn),
    );
  }

  @Access(POLICIES.referrals.deliver)
  @Post(':id/exit')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ReferralResponseDto })
  async exit(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: ExitReferralBodyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResponseDto> {
    return withEtag(reply, await this.referrals.exit(principal, params.id, ifMatch, body));
  }

  @Access(POLICIES.referrals.deliver)
  @Post(':id/needs-assessments')
  @ApiCreatedResponse({ type: NeedsAssessmentHistoryDto })
  recordNeedsAssessment(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: RecordNeedsAssessmentBodyDto,
  ): Promise<NeedsAssessmentHistoryDto> {
    return this.referrals.recordNeedsAssessment(principal, params.id, body.barriers);
  }

  @Access(POLICIES.referrals.readJourney)
  @Get(':id/needs-assessments')
  @ApiOkResponse({ type: NeedsAssessmentHistoryDto })
  needsAssessments(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
  ): Promise<NeedsAssessmentHistoryDto> {
    return this.referrals.needsAssessments(principal, params.id);
  }
}

function withEtag(
  reply: FastifyReply,
  referral: ReferralResponseDto['referral'],
): ReferralResponseDto {
  void reply.header('etag', etagFor(referral.version));
  return { referral };
}
