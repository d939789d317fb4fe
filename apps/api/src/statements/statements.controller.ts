import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { StatementDto, StatementQueryDto, SubcontractIdParamsDto } from './statements.dto';
import { StatementsService } from './statements.service';
import { POLICIES } from '@waymark/domain';
import { DATA_FRESHNESS_RESPONSE_HEADERS } from '../common/db/read-freshness.interceptor';

@ApiTags('statements')
@Controller('statements/subcontracts')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Access(POLICIES.statements.read)
  @Get(':id')
  @ApiOkResponse({ type: StatementDto, headers: DATA_FRESHNESS_RESPONSE_HEADERS })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Query() query: StatementQueryDto,
  ): Promise<StatementDto> {
    return this.statements.build(principal, params.id, query);
  }

  @Access(POLICIES.statements.read)
  @Get(':id/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    description: 'The statement as CSV, last row TOTAL.',
    schema: { type: 'string' },
  })
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Query() query: StatementQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.header(
      'content-disposition',
      `attachment; filename="statement-${params.id}-${query.periodStart}-${query.periodEnd}.csv"`,
    );
    return this.statements.csv(principal, params.id, query);
  }

  @Access(POLICIES.statements.read)
  @Get(':id/pdf')
  @Header('content-type', 'application/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    headers: DATA_FRESHNESS_RESPONSE_HEADERS,
    description: 'The statement as PDF.',
    schema: { type: 'string', format: 'binary' },
  })
  async pdf(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubcontractIdParamsDto,
    @Query() query: StatementQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    void reply.header(
      'content-disposition',
      `attachment; filename="statement-${params.id}-${query.periodStart}-${query.periodEnd}.pdf"`,
    );
    return this.statements.pdf(principal, params.id, query);
  }
}
