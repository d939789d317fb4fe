import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { DashboardDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';
import { POLICIES } from '@waymark/domain';
import { DATA_FRESHNESS_RESPONSE_HEADERS } from '../common/db/read-freshness.interceptor';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  // Every count runs in one party scope, which re-checks the session: the caller may come from the principal cache
  // — unless a replica answers (its sessions lag), when the guard looks the session up on the primary.
  @Access({ ...POLICIES.dashboard.read, sessionCheckedInScope: true, readsReplica: true })
  @Get()
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    type: DashboardDto,
    description:
      'Exact counts behind your home dashboard: only what your party and roles can act on, each the size of the list its card links to.',
  })
  counts(@CurrentPrincipal() principal: Principal): Promise<DashboardDto> {
    return this.dashboard.counts(principal);
  }
}
