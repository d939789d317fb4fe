import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { IdParamsDto, SubjectAccessExportResponseDto } from './data-protection.dto';
import { SubjectAccessService } from './subject-access.service';
import { POLICIES } from '@waymark/domain';

// The commissioner's admins and auditors (controller) or the prime's admins; the service refuses a prime auditor.

@ApiTags('data-protection')
@Controller('participants/:id/subject-access-export')
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Access(POLICIES.dataProtection.subjectAccess)
  @Get()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({
    type: SubjectAccessExportResponseDto,
    description:
      'Everything held about the participant; audited (participant.subject-access-export). 404 outside your slice.',
  })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<SubjectAccessExportResponseDto> {
    return { subjectAccessExport: await this.subjectAccess.export(principal, params.id, 'json') };
  }

  @Access(POLICIES.dataProtection.subjectAccess)
  @Get('pdf')
  @Header('content-type', 'application/pdf')
  @Header('cache-control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The same export as a readable PDF; audited.',
    schema: { type: 'string', format: 'binary' },
  })
  async pdf(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    void reply.header(
      'content-disposition',
      `attachment; filename="subject-access-${params.id}.pdf"`,
    );
    return this.subjectAccess.exportPdf(principal, params.id);
  }
}
