import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { readUploadedFile } from '../common/storage/read-file-part';
import { EvidenceError } from './evidence.errors';
import { EvidenceListDto, EvidenceResponseDto, IdParamsDto } from './evidence.dto';
import { EVIDENCE_MAX_BYTES, EvidenceService } from './evidence.service';
import { POLICIES } from '@waymark/domain';

/** The evidence file: one `file` part of at most EVIDENCE_MAX_BYTES. */
const readEvidenceFile = (request: FastifyRequest) =>
  readUploadedFile(request, {
    maxBytes: EVIDENCE_MAX_BYTES,
    howToSend: 'Send the file as multipart/form-data in a field named file.',
    missing: () =>
      new AppError(EvidenceError.FILE_MISSING, 'The request has no file part.', [
        { field: 'file', message: 'is required' },
      ]),
    tooLarge: () =>
      new AppError(
        EvidenceError.TOO_LARGE,
        `Evidence files are limited to ${EVIDENCE_MAX_BYTES / (1024 * 1024)} MB.`,
        [{ field: 'file', message: `is larger than ${EVIDENCE_MAX_BYTES} bytes` }],
      ),
  });

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Access(POLICIES.claims.addEvidence)
  @Post('claims/:id/evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG, at most 10 MB.' },
      },
    },
  })
  @ApiCreatedResponse({
    type: EvidenceResponseDto,
    description:
      '413 over 10 MB; 415 when the bytes are not a PDF, PNG or JPEG (names what was detected).',
  })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Req() request: FastifyRequest,
  ): Promise<EvidenceResponseDto> {
    return {
      evidence: await this.evidence.upload(principal, params.id, await readEvidenceFile(request)),
    };
  }

  @Access(POLICIES.claims.readEvidence)
  @Get('claims/:id/evidence')
  @ApiOkResponse({ type: EvidenceListDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<EvidenceListDto> {
    return { evidence: await this.evidence.list(principal, params.id) };
  }

  @Access(POLICIES.claims.readEvidence)
  @Get('evidence/:id/content')
  @HttpCode(200)
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'The file, as an attachment, with its detected content type.' })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { evidence, content } = await this.evidence.open(principal, params.id);
    await reply
      .headers({
        'content-type': evidence.contentType,
        'content-length': String(evidence.sizeBytes),
        'content-disposition': `attachment; filename="${evidence.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(evidence.filename)}`,
        'x-content-type-options': 'nosniff',
        'x-evidence-sha256': evidence.sha256,
      })
      .send(content);
  }
}
