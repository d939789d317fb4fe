import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  IdempotencyKey,
  RequiresIdempotencyKey,
} from '../common/idempotency/idempotency-key.decorator';
import { sendIdempotent } from '../common/idempotency/idempotent-reply';
import {
  ListRemittancesQueryDto,
  MarkRemittancePaidBodyDto,
  RemittanceDetailDto,
  RemittanceIdParamsDto,
  RemittanceListDto,
  RemittancePreviewDto,
  RemittanceResponseDto,
  RunRemittanceBodyDto,
} from './remittances.dto';
import { RemittancesService } from './remittances.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('remittances')
@Controller('remittances')
export class RemittancesController {
  constructor(private readonly remittances: RemittancesService) {}

  @Access(POLICIES.remittances.run)
  @Post()
  @RequiresIdempotencyKey()
  @ApiCreatedResponse({
    type: RemittanceResponseDto,
    description:
      'A DRAFT remittance of every approved, unremitted claim decided in the period, less clawbacks.',
  })
  async run(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Body() body: RunRemittanceBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RemittanceResponseDto> {
    return sendIdempotent(reply, await this.remittances.run(principal, key, body));
  }

  @Access(POLICIES.remittances.run)
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({
    type: RemittancePreviewDto,
    description:
      'Dry run: exactly what POST /remittances would create for this body (claims, gross, clawbacks, net), computed by the same statements and rolled back. Writes nothing; no Idempotency-Key.',
  })
  preview(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RunRemittanceBodyDto,
  ): Promise<RemittancePreviewDto> {
    return this.remittances.preview(principal, body);
  }

  @Access(POLICIES.remittances.run)
  @Post(':id/paid')
  @HttpCode(200)
  @RequiresIdempotencyKey()
  @ApiOkResponse({
    type: RemittanceResponseDto,
    description: 'Claims → PAID, and the transfer commissioner → prime posted to the ledger.',
  })
  async markPaid(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param() params: RemittanceIdParamsDto,
    @Body() body: MarkRemittancePaidBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RemittanceResponseDto> {
    return sendIdempotent(reply, await this.remittances.markPaid(principal, key, params.id, body));
  }

  @Access(POLICIES.remittances.read)
  @Get()
  @ApiOkResponse({ type: RemittanceListDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListRemittancesQueryDto,
  ): Promise<RemittanceListDto> {
    return this.remittances.list(principal, query);
  }

  @Access(POLICIES.remittances.readDetail)
  @Get(':id')
  @ApiOkResponse({
    type: RemittanceDetailDto,
    description:
      'The remittance and its lines; a subcontractor sees only the lines of its own claims, with totals over those.',
  })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RemittanceIdParamsDto,
  ): Promise<RemittanceDetailDto> {
    return this.remittances.get(principal, params.id);
  }

  @Access(POLICIES.remittances.read)
  @Get(':id/export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'One row per claim, then gross, clawback and net totals. Text cells are CSV-injection safe.',
    schema: { type: 'string' },
  })
  async exportCsv(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RemittanceIdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { filename, csv } = await this.remittances.exportCsv(principal, params.id);
    void reply.header('content-disposition', `attachment; filename="${filename}"`);
    return csv;
  }
}
