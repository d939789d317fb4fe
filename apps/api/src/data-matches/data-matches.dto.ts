import { createZodDto } from '../common/dto/create-zod-dto';
import { line, NonNegativePence } from '../common/dto/primitives';
import { z } from 'zod';

const Pence = z.string().regex(/^\d+$/).describe('Integer pence as a string of digits.');

export const DataMatchUploadQuery = z.strictObject({
  thresholdPence: NonNegativePence.optional().describe(
    'Earnings a job outcome needs in the 182 days to its milestone date; default 16 h × NLW × 26 weeks.',
  ),
  source: line({ max: 100 }).default('HMRC RTI earnings').describe('Where the data came from.'),
});
export class DataMatchUploadQueryDto extends createZodDto(DataMatchUploadQuery) {}

export const ProgrammeParams = z.strictObject({ programmeId: z.uuid('must be a UUID') });
export class ProgrammeParamsDto extends createZodDto(ProgrammeParams) {}

export const DataMatchDetail = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  source: z.string(),
  filename: z.string(),
  sha256: z.string(),
  uploadedAt: z.string(),
  counts: z.object({
    rows: z.number().int(),
    matched: z.number().int(),
    unmatched: z.number().int(),
    verified: z.number().int(),
    flagged: z.number().int(),
  }),
  lines: z.array(
    z.object({
      lineNumber: z.number().int(),
      participantReference: z
        .string()
        .nullable()
        .describe(
          'null: no participant of the programme has this NI number. The NI number itself is never stored.',
        ),
      periodStart: z.string(),
      periodEnd: z.string(),
      earningsPence: Pence,
    }),
  ),
  results: z.array(
    z.object({
      claimId: z.uuid(),
      outcome: z.enum(['VERIFIED', 'FLAGGED']),
      earningsPence: Pence,
      thresholdPence: Pence,
      windowStart: z.string(),
      windowEnd: z.string(),
      reason: z.string(),
    }),
  ),
});
export const DataMatchResponse = z.object({ dataMatch: DataMatchDetail });
export class DataMatchResponseDto extends createZodDto(DataMatchResponse) {}

export { IdParams, IdParamsDto } from '../common/dto/id-params';
