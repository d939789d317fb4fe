import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  AnalyticsQueryDto,
  FlowDownQueryDto,
  FlowDownResponseDto,
  ParkingQueryDto,
  ParkingResponseDto,
  PaymentTraceResponseDto,
  PerformanceResponseDto,
  RefreshBodyDto,
  RefreshResponseDto,
  SpendQueryDto,
  SpendResponseDto,
  TimelinessResponseDto,
  TraceIdParamsDto,
} from './analytics.dto';
import { AnalyticsRefreshService } from './analytics-refresh.service';
import { AnalyticsService } from './analytics.service';
import {
  flowDownTable,
  parkingTable,
  performanceTable,
  spendTable,
  timelinessTable,
} from './analytics.tables';
import { PaymentTraceService } from './payment-trace.service';
import { renderTable, type Table } from './tabular-export';
import { POLICIES } from '@waymark/domain';
import { DATA_FRESHNESS_RESPONSE_HEADERS } from '../common/db/read-freshness.interceptor';

const PRODUCES = [
  'application/json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
const EXPORT_NOTE =
  ' With ?format=csv or xlsx, the same rows as a file (cells starting = + - @ are prefixed with a quote).';

/** JSON unless an export was asked for; then the table as a file. */
async function answer<T>(
  reply: FastifyReply,
  format: 'json' | 'csv' | 'xlsx',
  result: T,
  table: (result: T) => Table,
): Promise<T | string | Buffer> {
  if (format === 'json') return result;
  const file = await renderTable(table(result), format);
  void reply.header('content-type', file.contentType);
  void reply.header('content-disposition', `attachment; filename="${file.filename}"`);
  return file.body;
}

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly trace: PaymentTraceService,
    private readonly refresher: AnalyticsRefreshService,
  ) {}

  @Access(POLICIES.oversight.readOwnFigures)
  @Get('spend')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    type: SpendResponseDto,
    description:
      'Money remitted to primes and passed down to subcontractors, per month, by prime, subcontractor, payment group or milestone type; share reaching the voluntary sector and small organisations.' +
      EXPORT_NOTE,
  })
  async spend(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SpendQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SpendResponseDto | string | Buffer> {
    const spend = await this.analytics.spend(principal, query);
    return answer(reply, query.format, { spend }, (r) => spendTable(r.spend));
  }

  @Access(POLICIES.oversight.read)
  @Get('flow-down')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    type: FlowDownResponseDto,
    description:
      'Referrals and money passed to each subcontractor against its bid commitment, with a monthly trend.' +
      EXPORT_NOTE,
  })
  async flowDown(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FlowDownQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FlowDownResponseDto | string | Buffer> {
    const flowDown = await this.analytics.flowDown(principal, query);
    return answer(reply, query.format, { flowDown }, (r) => flowDownTable(r.flowDown, query.view));
  }

  @Access(POLICIES.oversight.readOwnFigures)
  @Get('payment-timeliness')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    type: TimelinessResponseDto,
    description:
      'Days from the prime being paid to the subcontractor being paid, against each subcontract SLA.' +
      EXPORT_NOTE,
  })
  async timeliness(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AnalyticsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimelinessResponseDto | string | Buffer> {
    const timeliness = await this.analytics.timeliness(principal, query);
    return answer(reply, query.format, { timeliness }, (r) => timelinessTable(r.timeliness));
  }

  @Access(POLICIES.oversight.readParking)
  @Get('parking')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    type: ParkingResponseDto,
    description: 'Creaming and parking signals per payment group and provider.' + EXPORT_NOTE,
  })
  async parking(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ParkingQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ParkingResponseDto | string | Buffer> {
    const parking = await this.analytics.parking(principal, query);
    return answer(reply, query.format, { parking }, (r) => parkingTable(r.parking));
  }

  @Access(POLICIES.oversight.read)
  @Get('performance')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    type: PerformanceResponseDto,
    description:
      'Job-outcome rate per monthly attachment cohort against the contract minimum performance level.' +
      EXPORT_NOTE,
  })
  async performance(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AnalyticsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PerformanceResponseDto | string | Buffer> {
    const performance = await this.analytics.performance(principal, query);
    return answer(reply, query.format, { performance }, (r) => performanceTable(r.performance));
  }

  @Access(POLICIES.oversight.readOwnFigures)
  @Get('trace/remittances/:id')
  @ApiOkResponse({
    type: PaymentTraceResponseDto,
    description:
      'A remittance back to its claims, evidence, approvals, ledger transfers and audit events.',
  })
  async traceRemittance(
    @CurrentPrincipal() principal: Principal,
    @Param() params: TraceIdParamsDto,
  ): Promise<PaymentTraceResponseDto> {
    return { trace: await this.trace.trace(principal, 'REMITTANCE', params.id) };
  }

  @Access(POLICIES.oversight.readOwnFigures)
  @Get('trace/subcontractor-payments/:id')
  @ApiOkResponse({
    type: PaymentTraceResponseDto,
    description:
      'A subcontractor payment back to its claims (and the remittances that funded them), evidence, approvals, ledger transfers and audit events.',
  })
  async traceSubcontractorPayment(
    @CurrentPrincipal() principal: Principal,
    @Param() params: TraceIdParamsDto,
  ): Promise<PaymentTraceResponseDto> {
    return { trace: await this.trace.trace(principal, 'SUBCONTRACTOR_PAYMENT', params.id) };
  }

  @Access(POLICIES.oversight.refresh)
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({
    type: RefreshResponseDto,
    description:
      'Refresh the analytics summary tables now (incremental unless full: true); the nightly job does the same.',
  })
  async refresh(@Body() body: RefreshBodyDto): Promise<RefreshResponseDto> {
    return { refresh: await this.refresher.refresh({ full: body.full }) };
  }
}
