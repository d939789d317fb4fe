import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { readUploadedFile } from '../common/storage/read-file-part';
import {
  DataMatchResponseDto,
  DataMatchUploadQueryDto,
  IdParamsDto,
  ProgrammeParamsDto,
} from './data-matches.dto';
import { DataMatchesService } from './data-matches.service';
import { POLICIES } from '@waymark/domain';

const DATA_MATCH_MAX_BYTES = 50 * 1024 * 1024;

/** The earnings file: one `file` part of at most DATA_MATCH_MAX_BYTES. */
const readEarningsFile = (request: FastifyRequest) =>
  readUploadedFile(request, {
    maxBytes: DATA_MATCH_MAX_BYTES,
    howToSend: 'Send the CSV as multipart/form-data in a field named file.',
    missing: () =>
      new AppError(CommonError.VALIDATION_FAILED, 'The request has no file part.', [
        { field: 'file', message: 'is required' },
      ]),
    tooLarge: () =>
      new AppError(
        CommonError.PAYLOAD_TOO_LARGE,
        `Earnings files are limited to ${DATA_MATCH_MAX_BYTES / (1024 * 1024)} MB.`,
      ),
  });

@ApiTags('data-matches')
@Controller()
export class DataMatchesController {
  constructor(private readonly matches: DataMatchesService) {}

  @Access(POLICIES.claims.uploadDataMatch)
  @Post('programmes/:programmeId/data-matches')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'CSV: ni_number, period_start, period_end, earnings_pence[, hours_worked].',
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: DataMatchResponseDto,
    description:
      'Lines stored with the NI number’s HMAC only; job-outcome claims of matched participants verified or flagged.',
  })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeParamsDto,
    @Query() query: DataMatchUploadQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<DataMatchResponseDto> {
    return {
      dataMatch: await this.matches.upload(
        principal,
        params.programmeId,
        query,
        await readEarningsFile(request),
      ),
    };
  }

  @Access(POLICIES.claims.readDataMatch)
  @Get('data-matches/:id')
  @ApiOkResponse({ type: DataMatchResponseDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<DataMatchResponseDto> {
    return { dataMatch: await this.matches.get(principal, params.id) };
  }
}
