import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { POLICIES } from '@waymark/domain';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  AuditEventPageDto,
  AuditEventQueryDto,
  AuditExportQueryDto,
  AuditVocabularyDto,
  RecordTrailParamsDto,
  RecordTrailQueryDto,
} from './audit-trail.dto';
import { AuditTrailService } from './audit-trail.service';

// Browsing an organisation's trail is for its admins and auditors; which events each party sees is the service's scope.

@ApiTags('audit')
@Controller('audit')
export class AuditTrailController {
  constructor(private readonly trail: AuditTrailService) {}

  @Access(POLICIES.audit.browse)
  @Get('events')
  @ApiOkResponse({
    type: AuditEventPageDto,
    description:
      'Audit events you may see, newest first, filtered and paged with totals; names and words beside codes.',
  })
  events(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditEventQueryDto,
  ): Promise<AuditEventPageDto> {
    return this.trail.browse(principal, query);
  }

  @Access(POLICIES.audit.browse)
  @Get('events/export')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'Every matching event as CSV, oldest first: ISO 8601 instants, names beside ids, one header row.',
    schema: { type: 'string' },
  })
  async exportCsv(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.header(
      'content-disposition',
      `attachment; filename="audit-trail${query.from ? `-from-${query.from}` : ''}${query.to ? `-to-${query.to}` : ''}.csv"`,
    );
    return this.trail.exportCsv(principal, query);
  }

  @Access(POLICIES.audit.browse)
  @Get('vocabulary')
  @ApiOkResponse({
    type: AuditVocabularyDto,
    description: 'The actions, record types and people you can filter by, in words.',
  })
  vocabulary(@CurrentPrincipal() principal: Principal): Promise<AuditVocabularyDto> {
    return this.trail.vocabulary(principal);
  }

  @Access(POLICIES.audit.readRecordTrail)
  @Get('records/:entityType/:entityId')
  @ApiOkResponse({
    type: AuditEventPageDto,
    description:
      "One claim's or referral's trail, newest first (its queries and evidence with a claim; reads of the participant with a referral). 404 when you may not see the record.",
  })
  record(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RecordTrailParamsDto,
    @Query() query: RecordTrailQueryDto,
  ): Promise<AuditEventPageDto> {
    return this.trail.recordTrail(principal, params, query);
  }
}
