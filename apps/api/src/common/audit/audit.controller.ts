import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from '../dto/create-zod-dto';
import { z } from 'zod';
import { Access } from '../auth/access.decorator';
import { AuditService } from './audit.service';
import { POLICIES } from '@waymark/domain';

export const AuditChainVerificationResponse = z.object({
  verification: z.object({
    isValid: z.boolean(),
    eventsChecked: z.number().int(),
    firstBrokenSeq: z
      .string()
      .nullable()
      .describe('Sequence number of the first event whose hash or link does not match.'),
    reason: z.string().nullable(),
    checkedAt: z.string(),
  }),
});
export class AuditChainVerificationResponseDto extends createZodDto(
  AuditChainVerificationResponse,
) {}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Access(POLICIES.audit.verify)
  @Get('verify')
  @ApiOkResponse({ type: AuditChainVerificationResponseDto })
  async verify(): Promise<AuditChainVerificationResponseDto> {
    const { isValid, eventsChecked, firstBrokenSeq, reason } = await this.audit.verifyChain();
    return {
      verification: {
        isValid,
        eventsChecked,
        firstBrokenSeq,
        reason,
        checkedAt: new Date().toISOString(),
      },
    };
  }
}
