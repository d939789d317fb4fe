import { createZodDto } from '../common/dto/create-zod-dto';
import {
  line,
  ListCursor,
  ListLimit,
  ListPage,
  listSort,
  NonNegativePence,
} from '../common/dto/primitives';
import { z } from 'zod';
import { DayDate, IdParams, Pence } from '../ledger/money-schemas';
import { REMITTANCE_SORT_COLUMNS, REMITTANCE_STATUSES } from './remittances.repository';

export const RunRemittanceBody = z
  .strictObject({
    primeContractId: z.uuid('must be a UUID').describe('The prime contract to pay.'),
    periodStart: DayDate.describe('First day of the period (claims decided on or after it).'),
    periodEnd: DayDate.describe('Last day of the period, inclusive.'),
  })
  .refine((b) => b.periodEnd >= b.periodStart, {
    message: 'must not be before periodStart',
    path: ['periodEnd'],
  });
export class RunRemittanceBodyDto extends createZodDto(RunRemittanceBody) {}

export const MarkRemittancePaidBody = z.strictObject({
  paidReference: line({ max: 140 }).describe('The bank payment reference.'),
  paidOn: DayDate.describe('The day the money left the commissioner.'),
  receivedPence: NonNegativePence.optional().describe(
    'What the prime actually received, in pence; omitted = the net (gross − clawbacks). Less is a short payment, more an over payment: both are shown on the remittance and in the commissioner → prime reconciliation.',
  ),
});
export class MarkRemittancePaidBodyDto extends createZodDto(MarkRemittancePaidBody) {}

export const ListRemittancesQuery = z.strictObject({
  primeContractId: z.uuid('must be a UUID').optional(),
  status: z.enum(REMITTANCE_STATUSES).optional(),
  cursor: ListCursor.optional().describe('nextCursor from the previous page.'),
  page: ListPage.optional().describe(
    'Page number (1 is the first) for numbered paging; not with cursor.',
  ),
  sort: listSort(REMITTANCE_SORT_COLUMNS)
    .optional()
    .describe(
      'Column to order by first, "-" for descending (newest first breaks ties); with page, not cursor. contract is the prime contract reference; status sorts in lifecycle order.',
    ),
  limit: ListLimit,
});
export class ListRemittancesQueryDto extends createZodDto(ListRemittancesQuery) {}

export class RemittanceIdParamsDto extends createZodDto(IdParams) {}

export const RemittanceSummary = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  primeContractReference: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(REMITTANCE_STATUSES),
  paidReference: z.string().nullable(),
  paidOn: z.string().nullable(),
  createdAt: z.string(),
  claimCount: z.number().int(),
  grossPence: Pence.describe('Sum of the remitted claims.'),
  clawbackPence: Pence.describe('Clawbacks netted off.'),
  netPence: Pence.describe('gross − clawbacks: what the prime is due.'),
  receivedPence: Pence.nullable().describe(
    'What the prime received, recorded when the remittance was marked paid; null until then.',
  ),
  differencePence: Pence.nullable().describe(
    'received − net: negative = paid short, positive = paid over; null until paid.',
  ),
  paymentOutcome: z
    .enum(['MATCHED', 'SHORT', 'OVER'])
    .nullable()
    .describe('How the payment compares with the net; null until paid.'),
});
export const RemittanceLine = z.object({
  claimId: z.uuid(),
  participantReference: z.string(),
  milestoneCode: z.string(),
  occurrence: z.number().int(),
  milestoneOn: z.string(),
  subcontractId: z.uuid().nullable(),
  amountPence: Pence,
  receivedPence: Pence.nullable().describe(
    'This claim’s share of what was received (a short or over payment spread over the lines pro rata); null until paid.',
  ),
});
export const RemittanceResponse = z.object({ remittance: RemittanceSummary });
export class RemittanceResponseDto extends createZodDto(RemittanceResponse) {}
export const RemittanceDetail = z.object({
  remittance: RemittanceSummary,
  lines: z.array(RemittanceLine),
});
export class RemittanceDetailDto extends createZodDto(RemittanceDetail) {}
export const RemittancePreview = z.object({
  remittance: RemittanceSummary.omit({
    id: true,
    status: true,
    paidReference: true,
    paidOn: true,
    createdAt: true,
    receivedPence: true,
    differencePence: true,
    paymentOutcome: true,
  }),
  lines: z
    .array(RemittanceLine)
    .describe(
      'The lines the run would create (the first 2,000; claimCount and the totals cover all).',
    ),
  linesTruncated: z.boolean(),
});
export class RemittancePreviewDto extends createZodDto(RemittancePreview) {}
export const RemittanceList = z.object({
  remittances: z.array(RemittanceSummary),
  nextCursor: z.string().nullable(),
  total: z
    .number()
    .int()
    .describe('How many remittances the whole filter holds, across every page.'),
  totalPence: Pence.describe(
    'The net amounts (gross − clawbacks) of the whole filter added up, across every page.',
  ),
});
export class RemittanceListDto extends createZodDto(RemittanceList) {}
