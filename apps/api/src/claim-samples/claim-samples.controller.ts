import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  ClaimSampleResponseDto,
  DrawSampleBodyDto,
  IdParamsDto,
  ItemParamsDto,
  RecordCheckBodyDto,
} from './claim-samples.dto';
import { ClaimSamplesService } from './claim-samples.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('claim-samples')
@Controller('claim-samples')
export class ClaimSamplesController {
  constructor(private readonly samples: ClaimSamplesService) {}

  @Access(POLICIES.claims.drawSample)
  @Post()
  @ApiCreatedResponse({
    type: ClaimSampleResponseDto,
    description: 'Same seed, contract and period → same sample.',
  })
  async draw(
    @CurrentPrincipal() principal: Principal,
    @Body() body: DrawSampleBodyDto,
  ): Promise<ClaimSampleResponseDto> {
    return { sample: await this.samples.draw(principal, body) };
  }

  @Access(POLICIES.claims.readSample)
  @Get(':id')
  @ApiOkResponse({ type: ClaimSampleResponseDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<ClaimSampleResponseDto> {
    return { sample: await this.samples.get(principal, params.id) };
  }

  @Access(POLICIES.claims.drawSample)
  @Put(':id/items/:claimId')
  @ApiOkResponse({
    type: ClaimSampleResponseDto,
    description: 'Records the evidence check of one sampled claim.',
  })
  async recordCheck(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ItemParamsDto,
    @Body() body: RecordCheckBodyDto,
  ): Promise<ClaimSampleResponseDto> {
    return { sample: await this.samples.recordCheck(principal, params.id, params.claimId, body) };
  }

  @Access(POLICIES.claims.drawSample)
  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({
    type: ClaimSampleResponseDto,
    description: 'Extrapolates the recovery and records a clawback per claim (docs/claims.md).',
  })
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<ClaimSampleResponseDto> {
    return { sample: await this.samples.close(principal, params.id) };
  }
}
