import { RECONCILIATION_OUTCOMES } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line, ListCursor, text } from '../common/dto/primitives';
import { z } from 'zod';
import { DayDate, IdParams, Pence } from '../ledger/money-schemas';
import { COMMISSIONER_PRIME_STATUSES } from './reconciliation.repository';

export const RunReconciliationBody = z
  .strictObject({
    primeContractId: z.uuid('must be a UUID').describe('The supply chain to reconcile.'),
    subcontractId: z
      .uuid('must be a UUID')
      .optional()
      .describe('Just this subcontract (a subcontractor always reconciles only its own).'),
    periodStart: DayDate.describe(
      'Claims whose remittance the prime received in the period, and scheduled fees due in it.',
    ),
    periodEnd: DayDate,
    asOf: DayDate.optional().describe('Unpaid lines due before this day are LATE; default today.'),
  })
  .refine((b) => b.periodEnd >= b.periodStart, {
    message: 'must not be before periodStart',
    path: ['periodEnd'],
  });
export class RunReconciliationBodyDto extends createZodDto(RunReconciliationBody) {}

export class RunIdParamsDto extends createZodDto(IdParams) {}
export class ResultIdParamsDto extends createZodDto(IdParams) {}
export class DisputeIdParamsDto extends createZodDto(IdParams) {}
export class BankStatementIdParamsDto extends createZodDto(IdParams) {}

export const ListResultsQuery = z.strictObject({
  outcome: z.enum(RECONCILIATION_OUTCOMES).optional(),
  cursor: line({ max: 80, min: 0 }).optional().describe('nextCursor from the previous page.'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export class ListResultsQueryDto extends createZodDto(ListResultsQuery) {}

const OutcomeSummary = z.object({
  outcome: z.enum(RECONCILIATION_OUTCOMES),
  count: z.number().int(),
  expectedPence: Pence,
  recordedPence: Pence,
  differencePence: Pence,
});
export const ReconciliationRun = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  partyId: z.uuid(),
  partyName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  expectedPence: Pence.describe(
    'Expected money on lines that are due (not-yet-due lines are left out).',
  ),
  recordedPence: Pence,
  runAt: z.string(),
  asOf: z.string().nullable().describe('Unpaid lines due before this day were LATE.'),
  outcomes: z
    .array(OutcomeSummary)
    .describe(
      'Count and totals per outcome, over every line (MATCHED claim lines are not stored but computed on demand when listed).',
    ),
});
export const ReconciliationRunResponse = z.object({
  run: ReconciliationRun,
  notYetDue: z
    .object({ count: z.number().int(), expectedPence: Pence })
    .optional()
    .describe('Only when the run is made: unpaid lines not yet due, not stored.'),
});
export class ReconciliationRunResponseDto extends createZodDto(ReconciliationRunResponse) {}

export const ReconciliationResult = z.object({
  id: z
    .uuid()
    .describe(
      'A stored line’s id (disputable); a MATCHED claim line’s id is derived from run and claim (not stored, not disputable).',
    ),
  outcome: z.enum(RECONCILIATION_OUTCOMES),
  claimId: z
    .uuid()
    .nullable()
    .describe('Drill-down: the claim the line is for (null for scheduled fees).'),
  participantReference: z.string().nullable(),
  milestoneCode: z.string().nullable(),
  occurrence: z.number().int().nullable(),
  subcontractorPaymentLineId: z.uuid().nullable(),
  description: z.string().nullable(),
  expectedPence: Pence,
  recordedPence: Pence,
  differencePence: Pence.describe('recorded − expected.'),
  clawbackPence: Pence.nullable().describe(
    'A claim line: the clawbacks of the claim the prime has borne, as the subcontractor’s share (0 or negative), already netted into expectedPence (and, once passed down and paid, into recordedPence). Null for scheduled fees and lines stored before.',
  ),
  dueOn: z.string().nullable(),
  paidOn: z.string().nullable(),
});
export const ReconciliationResultList = z.object({
  results: z.array(ReconciliationResult),
  nextCursor: z.string().nullable(),
});
export class ReconciliationResultListDto extends createZodDto(ReconciliationResultList) {}

export const RaiseDisputeBody = z.strictObject({
  reason: text({ max: 2000 }).describe('What is wrong with the line.'),
});
export class RaiseDisputeBodyDto extends createZodDto(RaiseDisputeBody) {}
export const AnswerDisputeBody = z.strictObject({ answer: text({ max: 2000 }) });
export class AnswerDisputeBodyDto extends createZodDto(AnswerDisputeBody) {}
export const ResolveDisputeBody = z.strictObject({ resolution: text({ max: 2000 }) });
export class ResolveDisputeBodyDto extends createZodDto(ResolveDisputeBody) {}

export const Dispute = z.object({
  id: z.uuid(),
  resultId: z.uuid(),
  runId: z.uuid(),
  status: z.enum(['OPEN', 'ANSWERED', 'RESOLVED']),
  raisedByOrganisationId: z.uuid(),
  reason: z.string(),
  raisedAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export const DisputeResponse = z.object({ dispute: Dispute });
export class DisputeResponseDto extends createZodDto(DisputeResponse) {}
export const DisputeList = z.object({ disputes: z.array(Dispute) });
export class DisputeListDto extends createZodDto(DisputeList) {}

export const ImportBankStatementBody = z.strictObject({
  filename: line({ max: 255 }),
  csv: text({ max: 900_000 }).describe(
    'CSV text with a header row: date (YYYY-MM-DD), reference, amount (pounds, e.g. 1234.56; negative for money out).',
  ),
});
export class ImportBankStatementBodyDto extends createZodDto(ImportBankStatementBody) {}

const BankStatementLine = z.object({
  lineNumber: z.number().int(),
  paidOn: z.string(),
  reference: z.string(),
  amountPence: Pence,
  outcome: z
    .enum(RECONCILIATION_OUTCOMES)
    .describe(
      'MATCHED: reference and amount; SHORT / OVER: reference, different amount; UNMATCHED: no paid payment with that reference.',
    ),
  remittanceId: z.uuid().nullable(),
  subcontractorPaymentId: z.uuid().nullable(),
  expectedPence: Pence.nullable(),
});
export const BankStatement = z.object({
  id: z.uuid(),
  filename: z.string(),
  rowCount: z.number().int(),
  matchedCount: z.number().int(),
  uploadedAt: z.string(),
  lines: z.array(BankStatementLine),
});
export const BankStatementResponse = z.object({ bankStatement: BankStatement });
export class BankStatementResponseDto extends createZodDto(BankStatementResponse) {}

export const CommissionerPrimeQuery = z
  .strictObject({
    primeContractId: z
      .uuid('must be a UUID')
      .describe('The prime contract: you are its prime or its programme’s commissioner.'),
    periodStart: DayDate.describe('Claims the commissioner approved (decision day) from this day…'),
    periodEnd: DayDate.describe('…to this day, inclusive.'),
    status: z.enum(COMMISSIONER_PRIME_STATUSES).optional().describe('Only claims in this state.'),
    cursor: ListCursor.optional().describe('nextCursor from the previous page.'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => q.periodEnd >= q.periodStart, {
    message: 'must not be before periodStart',
    path: ['periodEnd'],
  });
export class CommissionerPrimeQueryDto extends createZodDto(CommissionerPrimeQuery) {}

const CommissionerPrimeLine = z.object({
  claimId: z.uuid(),
  participantReference: z.string(),
  milestoneCode: z.string(),
  occurrence: z.number().int(),
  decidedOn: z.string(),
  approvedPence: Pence.describe('What the commissioner approved.'),
  status: z
    .enum(COMMISSIONER_PRIME_STATUSES)
    .describe(
      'MATCHED / SHORT / OVER: its remittance was paid, for the approved amount / less / more; REMITTED_NOT_PAID: in a remittance not yet paid; NOT_REMITTED: in no remittance yet.',
    ),
  remittanceId: z.uuid().nullable(),
  remittanceStatus: z.string().nullable(),
  paidOn: z.string().nullable(),
  paidReference: z.string().nullable(),
  paidPence: Pence.describe(
    'Its share of what was received for its line in a PAID remittance (a short or over payment spread over the lines pro rata); 0 if none.',
  ),
});
export const CommissionerPrimeView = z.object({
  primeContractId: z.uuid(),
  primeContractReference: z.string(),
  primeName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  approvedPence: Pence,
  paidPence: Pence,
  statuses: z.array(
    z.object({
      status: z.enum(COMMISSIONER_PRIME_STATUSES),
      count: z.number().int(),
      approvedPence: Pence,
      paidPence: Pence,
    }),
  ),
  remittances: z
    .array(
      z.object({
        id: z.uuid(),
        status: z.string(),
        periodStart: z.string(),
        periodEnd: z.string(),
        paidOn: z.string().nullable(),
        paidReference: z.string().nullable(),
        claimCount: z.number().int().describe('Of the claims in view.'),
        grossPence: Pence,
        clawbackPence: Pence,
        netPence: Pence,
        receivedPence: Pence.nullable().describe(
          'What the prime received, recorded when it was marked paid; null until then.',
        ),
        differencePence: Pence.nullable().describe(
          'received − net: negative = paid short, positive = paid over; null until paid.',
        ),
        postedPence: Pence.describe(
          'The transfer posted to the ledger when it was marked paid: what was received.',
        ),
      }),
    )
    .describe('Each remittance holding those claims.'),
  lines: z.array(CommissionerPrimeLine).describe('Per claim, by claim id, paged.'),
  nextCursor: z.string().nullable(),
});
export class CommissionerPrimeViewDto extends createZodDto(CommissionerPrimeView) {}
