import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line, ProgrammeDay, text } from '../common/dto/primitives';

export const DUE_DILIGENCE_KINDS = [
  'REGISTRATION',
  'INSURANCE',
  'SAFEGUARDING',
  'QUALITY_CHECK',
  'OTHER',
] as const;

export const DueDiligenceQuery = z.strictObject({
  subcontractorId: z.uuid('must be an organisation id (uuid)').optional(),
});
export class DueDiligenceQueryDto extends createZodDto(DueDiligenceQuery) {}

export const RecordDueDiligenceBody = z.strictObject({
  subcontractorId: z.uuid('must be an organisation id (uuid)'),
  kind: z.enum(DUE_DILIGENCE_KINDS),
  title: line({ max: 200 }).describe('What it is, e.g. "Employer’s liability insurance".'),
  reference: line({ max: 100 })
    .optional()
    .describe('Registration number, policy number, certificate id.'),
  checkedOn: ProgrammeDay.describe('The day the prime checked it.'),
  expiresOn: ProgrammeDay.optional().describe('When it lapses; omitted when it does not.'),
  notes: text({ max: 2000 }).optional(),
});
export class RecordDueDiligenceBodyDto extends createZodDto(RecordDueDiligenceBody) {}

export const DueDiligenceRecordView = z.object({
  id: z.uuid(),
  prime: z.object({ id: z.uuid(), name: z.string() }),
  subcontractor: z.object({ id: z.uuid(), name: z.string() }),
  kind: z.enum(DUE_DILIGENCE_KINDS),
  title: z.string(),
  reference: z.string().nullable(),
  checkedOn: z.string(),
  expiresOn: z.string().nullable(),
  expiry: z
    .enum(['CURRENT', 'EXPIRING', 'EXPIRED', 'NO_EXPIRY'])
    .describe('EXPIRING within 30 days of its expiry day.'),
  daysLeft: z.number().int().nullable(),
  notes: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});
export const DueDiligenceResponse = z.object({ records: z.array(DueDiligenceRecordView) });
export class DueDiligenceResponseDto extends createZodDto(DueDiligenceResponse) {}
export const DueDiligenceRecordResponse = z.object({ record: DueDiligenceRecordView });
export class DueDiligenceRecordResponseDto extends createZodDto(DueDiligenceRecordResponse) {}
