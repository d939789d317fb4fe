import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  IdParamsDto,
  RetentionPolicyResponseDto,
  RetentionRunListDto,
  RetentionRunResponseDto,
  RunRetentionBodyDto,
  SetRetentionPolicyBodyDto,
} from './data-protection.dto';
import { RetentionService } from './retention.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('data-protection')
@Controller('programmes/:id')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Access(POLICIES.dataProtection.readRetentionPolicy)
  @Get('retention-policy')
  @ApiOkResponse({
    type: RetentionPolicyResponseDto,
    description: 'Readable by every party in the programme; 404 for anyone else.',
  })
  async getPolicy(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<RetentionPolicyResponseDto> {
    return { retentionPolicy: await this.retention.getPolicy(principal, params.id) };
  }

  @Access(POLICIES.dataProtection.manageRetention)
  @Put('retention-policy')
  @ApiOkResponse({
    type: RetentionPolicyResponseDto,
    description: 'Set by the programme’s commissioner (the data controller); audited.',
  })
  async setPolicy(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: SetRetentionPolicyBodyDto,
  ): Promise<RetentionPolicyResponseDto> {
    return { retentionPolicy: await this.retention.setPolicy(principal, params.id, body) };
  }

  @Access(POLICIES.dataProtection.manageRetention)
  @Post('retention-runs')
  @HttpCode(201)
  @ApiCreatedResponse({
    type: RetentionRunResponseDto,
    description:
      'Applies the policy now (the nightly job’s run), or with dryRun reports what would change. 409 without a policy.',
  })
  async run(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: RunRetentionBodyDto,
  ): Promise<RetentionRunResponseDto> {
    return { retentionRun: await this.retention.runNow(principal, params.id, body) };
  }

  @Access(POLICIES.dataProtection.readRetentionRuns)
  @Get('retention-runs')
  @ApiOkResponse({
    type: RetentionRunListDto,
    description:
      'Newest first (the last 200): what each run changed, who or what started it, when.',
  })
  async listRuns(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<RetentionRunListDto> {
    return { retentionRuns: await this.retention.listRuns(principal, params.id) };
  }
}
