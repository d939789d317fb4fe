import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  IdParamsDto,
  RecordsOfProcessingResponseDto,
  SpecialCategoryReadListDto,
  SpecialCategoryReadsQueryDto,
} from './data-protection.dto';
import { RecordsOfProcessingService } from './records-of-processing.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('data-protection')
@Controller('programmes/:id')
export class RecordsOfProcessingController {
  constructor(private readonly records: RecordsOfProcessingService) {}

  @Access(POLICIES.dataProtection.readRecordsOfProcessing)
  @Get('records-of-processing')
  @ApiOkResponse({
    type: RecordsOfProcessingResponseDto,
    description:
      'Which party processes which categories of personal data, for what purpose (Art. 30).',
  })
  async build(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<RecordsOfProcessingResponseDto> {
    return { recordsOfProcessing: await this.records.build(principal, params.id) };
  }

  @Access(POLICIES.dataProtection.readRecordsOfProcessing)
  @Get('special-category-reads')
  @ApiOkResponse({
    type: SpecialCategoryReadListDto,
    description:
      'Who read special category data, from the audit trail; oldest first, keyset-paged.',
  })
  reads(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Query() query: SpecialCategoryReadsQueryDto,
  ): Promise<SpecialCategoryReadListDto> {
    return this.records.listSpecialCategoryReads(principal, params.id, query);
  }

  @Access(POLICIES.dataProtection.readRecordsOfProcessing)
  @Get('special-category-reads/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'Every special category read in the period as CSV.',
    schema: { type: 'string' },
  })
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Query() query: SpecialCategoryReadsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.header(
      'content-disposition',
      `attachment; filename="special-category-reads-${params.id}.csv"`,
    );
    return this.records.specialCategoryReadsCsv(principal, params.id, query);
  }
}
