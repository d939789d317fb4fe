import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { ReferralIdParamsDto } from '../referrals/referrals.dto';
import {
  ActivityLoggedDto,
  ForecastDto,
  ForecastQueryDto,
  LogActivityBodyDto,
  TimelineDto,
} from './journeys.dto';
import { JourneysService } from './journeys.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('journeys')
@Controller('referrals')
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  // Every read and write of logActivity runs in withPartyScope, which re-checks the session in its transaction:
  // the guard may reuse a caller resolved in the last minute (common/auth/principal-cache.ts).
  @Access({ ...POLICIES.activities.record, sessionCheckedInScope: true })
  @Post(':id/activities')
  @ApiCreatedResponse({ type: ActivityLoggedDto })
  logActivity(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Body() body: LogActivityBodyDto,
  ): Promise<ActivityLoggedDto> {
    return this.journeys.logActivity(principal, params.id, body);
  }

  @Access(POLICIES.referrals.readJourney)
  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelineDto })
  timeline(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
  ): Promise<TimelineDto> {
    return this.journeys.timeline(principal, params.id);
  }

  @Access(POLICIES.referrals.forecast)
  @Get(':id/forecast')
  @ApiOkResponse({ type: ForecastDto })
  forecast(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralIdParamsDto,
    @Query() query: ForecastQueryDto,
  ): Promise<ForecastDto> {
    return this.journeys.forecast(principal, params.id, query.horizonDays);
  }
}
