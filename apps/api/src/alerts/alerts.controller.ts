import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  AcknowledgeAlertBodyDto,
  AlertIdParamsDto,
  AlertListQueryDto,
  AlertListResponseDto,
  AlertResponseDto,
  ProgrammeIdParamsDto,
  ScanBodyDto,
  ScanResponseDto,
  SetThresholdsBodyDto,
  ThresholdsResponseDto,
} from './alerts.dto';
import { AlertsService } from './alerts.service';
import { POLICIES } from '@waymark/domain';

// Alerts go to primes and commissioners (DESIGN.md: parking indicators for commissioners).

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Access(POLICIES.alerts.read)
  @Get()
  @ApiOkResponse({
    type: AlertListResponseDto,
    description: 'Alerts in your slice, newest first, keyset-paged.',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AlertListQueryDto,
  ): Promise<AlertListResponseDto> {
    return this.alerts.list(principal, query);
  }

  @Access(POLICIES.alerts.acknowledge)
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertResponseDto })
  async acknowledge(
    @CurrentPrincipal() principal: Principal,
    @Param() params: AlertIdParamsDto,
    @Body() body: AcknowledgeAlertBodyDto,
  ): Promise<AlertResponseDto> {
    return { alert: await this.alerts.acknowledge(principal, params.id, body.note) };
  }

  @Access(POLICIES.alerts.read)
  @Get('thresholds/:programmeId')
  @ApiOkResponse({ type: ThresholdsResponseDto })
  async thresholds(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
  ): Promise<ThresholdsResponseDto> {
    return { thresholds: await this.alerts.getThresholds(principal, params.programmeId) };
  }

  @Access(POLICIES.alerts.setThresholds)
  @Put('thresholds/:programmeId')
  @ApiOkResponse({
    type: ThresholdsResponseDto,
    description: "Set the programme's alert thresholds (the commissioner's).",
  })
  async setThresholds(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: SetThresholdsBodyDto,
  ): Promise<ThresholdsResponseDto> {
    return { thresholds: await this.alerts.setThresholds(principal, params.programmeId, body) };
  }

  @Access(POLICIES.alerts.scan)
  @Post('scan')
  @HttpCode(200)
  @ApiOkResponse({
    type: ScanResponseDto,
    description:
      'Run the nightly scan now (demos, tests): refresh the summary tables, then raise alerts.',
  })
  async scan(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ScanBodyDto,
  ): Promise<ScanResponseDto> {
    return { scan: await this.alerts.scanFor(principal, body) };
  }
}
