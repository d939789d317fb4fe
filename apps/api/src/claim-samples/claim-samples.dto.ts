import { createZodDto } from '../common/dto/create-zod-dto';
import { ProgrammeDay, text } from '../common/dto/primitives';
import { z } from 'zod';

const Pence = z.string().regex(/^\d+$/).describe('Integer pence as a string of digits.');
const DayDate = ProgrammeDay;

export const DrawSampleBody = z
  .strictObject({
    primeContractId: z.uuid('must be a UUID'),
    periodStart: DayDate.describe('Milestone dates from (inclusive).'),
    periodEnd: DayDate.describe('Milestone dates to (inclusive).'),
    size: z.number().int().min(1).max(10_000).describe('How many claims to check.'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(4_294_967_295)
      .optional()
      .describe('Repeat a draw with its seed; random when absent. Stored with the sample.'),
  })
  .refine((body) => body.periodEnd >= body.periodStart, {
    message: 'is before periodStart',
    path: ['periodEnd'],
  });
export class DrawSampleBodyDto extends createZodDto(DrawSampleBody) {}

export const RecordCheckBody = z.strictObject({
  outcome: z.enum(['PASSED', 'FAILED']),
  note: text({ max: 2000 }).describe('What the evidence check found.'),
});
export class RecordCheckBodyDto extends createZodDto(RecordCheckBody) {}

export const ClaimSampleDetail = z.object({
  id: z.uuid(),
  primeContractId: z.uuid(),
  periodStart: z.string(),
  periodEnd: z.string(),
  seed: z.number().int(),
  populationSize: z.number().int(),
  populationValuePence: Pence,
  sampleSize: z.number().int(),
  drawnAt: z.string(),
  items: z.array(
    z.object({
      claimId: z.uuid(),
      amountPence: Pence,
      outcome: z.enum(['PENDING', 'PASSED', 'FAILED']),
      note: z.string().nullable(),
      checkedAt: z.string().nullable(),
    }),
  ),
  recovery: z
    .object({
      sampledValuePence: Pence,
      failedValuePence: Pence,
      recoveryPence: Pence,
      explanation: z.string(),
      closedAt: z.string(),
    })
    .nullable()
    .describe('Set when the sample is closed.'),
  clawbacks: z
    .array(z.object({ claimId: z.uuid(), amountPence: Pence, reason: z.string() }))
    .describe('What each claim bears of the recovery; they sum to it exactly.'),
});
export const ClaimSampleResponse = z.object({ sample: ClaimSampleDetail });
export class ClaimSampleResponseDto extends createZodDto(ClaimSampleResponse) {}

export const ItemParams = z.strictObject({
  id: z.uuid('must be a UUID'),
  claimId: z.uuid('must be a UUID'),
});
export class ItemParamsDto extends createZodDto(ItemParams) {}

export { IdParams, IdParamsDto } from '../common/dto/id-params';
