import {
  Controller,
  Get,
  Header,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { describeFileFormat } from './referral-file-format';
import {
  ListReferralImportsQueryDto,
  ReferralImportListDto,
  ReferralImportParamsDto,
  ReferralImportResponseDto,
  UPLOAD_LIMIT_DESCRIPTION,
  uploadBodySchema,
} from './referral-imports.dto';
import { ReferralImportsService } from './referral-imports.service';
import { POLICIES } from '@waymark/domain';

/** Referral partners refer; a commissioner may upload on a partner's behalf. API keys suit a partner's case-management system. */

@ApiTags('referral-imports')
@Controller('referral-imports')
export class ReferralImportsController {
  constructor(private readonly imports: ReferralImportsService) {}

  @Access(POLICIES.referrals.create)
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: uploadBodySchema(),
    description: `${describeFileFormat()} ${UPLOAD_LIMIT_DESCRIPTION}`,
  })
  @ApiResponse({
    status: 202,
    type: ReferralImportResponseDto,
    description: 'Queued; follow the Location header until status is COMPLETED or FAILED.',
  })
  @ApiOkResponse({
    type: ReferralImportResponseDto,
    description:
      'This exact file was already imported for this partner and prime contract: the existing import (duplicateOf), not run again.',
  })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralImportResponseDto> {
    if (!request.isMultipart()) {
      throw new AppError(
        CommonError.UNSUPPORTED_MEDIA_TYPE,
        'Send multipart/form-data with the referral file in a part named "file".',
      );
    }
    const outcome = await this.imports.upload(principal, request.parts());
    void reply
      .status(outcome.duplicateOf ? 200 : 202)
      .header('location', `/referral-imports/${outcome.referralImport.id}`);
    return outcome;
  }

  @Access(POLICIES.referrals.readImports)
  @Get()
  @ApiOkResponse({ type: ReferralImportListDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListReferralImportsQueryDto,
  ): Promise<ReferralImportListDto> {
    return this.imports.list(principal, query);
  }

  @Access(POLICIES.referrals.readImports)
  @Get('template.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="referral-import-template.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: `The header row and one example referral. ${describeFileFormat()}`,
    schema: { type: 'string' },
  })
  template(): string {
    return this.imports.template();
  }

  @Access(POLICIES.referrals.readImports)
  @Get(':id')
  @ApiOkResponse({ type: ReferralImportResponseDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralImportParamsDto,
  ): Promise<ReferralImportResponseDto> {
    return { referralImport: await this.imports.get(principal, params.id) };
  }

  @Access(POLICIES.referrals.readImports)
  @Get(':id/errors.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'Every bad row: line (the header is line 1), column, value (never for ni_number) and reason. Cells are CSV-injection-safe. 409 while the import runs.',
    schema: { type: 'string' },
  })
  async errors(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ReferralImportParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const csv = await this.imports.errorsCsv(principal, params.id);
    void reply.header(
      'content-disposition',
      `attachment; filename="referral-import-${params.id}-errors.csv"`,
    );
    return new StreamableFile(csv);
  }
}
