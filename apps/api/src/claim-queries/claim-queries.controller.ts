import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  ClaimQueryListDto,
  ClaimQueryResponseDto,
  IdParamsDto,
  PostMessageBodyDto,
} from './claim-queries.dto';
import { ClaimQueriesService } from './claim-queries.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('claim-queries')
@Controller()
export class ClaimQueriesController {
  constructor(private readonly queries: ClaimQueriesService) {}

  @Access(POLICIES.claims.readQueries)
  @Get('claims/:id/queries')
  @ApiOkResponse({ type: ClaimQueryListDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<ClaimQueryListDto> {
    return { queries: await this.queries.listForClaim(principal, params.id) };
  }

  @Access(POLICIES.claims.answerQuery)
  @Post('claim-queries/:id/messages')
  @ApiCreatedResponse({
    type: ClaimQueryResponseDto,
    description: 'Adds a message to an open thread.',
  })
  async postMessage(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: PostMessageBodyDto,
  ): Promise<ClaimQueryResponseDto> {
    return { query: await this.queries.postMessage(principal, params.id, body.body) };
  }

  @Access(POLICIES.claims.resolveQuery)
  @Post('claim-queries/:id/resolve')
  @HttpCode(200)
  @ApiOkResponse({
    type: ClaimQueryResponseDto,
    description: 'Only the organisation that raised the query.',
  })
  async resolve(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<ClaimQueryResponseDto> {
    return { query: await this.queries.resolve(principal, params.id) };
  }
}
