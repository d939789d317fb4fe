import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';

export const EvidenceSummary = z.object({
  id: z.uuid(),
  claimId: z.uuid(),
  filename: z.string(),
  contentType: z
    .enum(['application/pdf', 'image/png', 'image/jpeg'])
    .describe('Detected from the file’s bytes.'),
  sizeBytes: z.number().int(),
  sha256: z.string().describe('SHA-256 of the stored bytes, hex.'),
  uploadedByUserId: z.uuid(),
  uploadedAt: z.string(),
});
export const EvidenceResponse = z.object({ evidence: EvidenceSummary });
export class EvidenceResponseDto extends createZodDto(EvidenceResponse) {}
export const EvidenceList = z.object({ evidence: z.array(EvidenceSummary) });
export class EvidenceListDto extends createZodDto(EvidenceList) {}

export { IdParams, IdParamsDto } from '../common/dto/id-params';
