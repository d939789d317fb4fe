import { createZodDto } from '../common/dto/create-zod-dto';
import { line, ProgrammeMonth } from '../common/dto/primitives';
import { z } from 'zod';

const Month = ProgrammeMonth;
const Pence = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Integer pence as a string of digits.');
const Bp = z.number().int().describe('Basis points (10000 = 100 %).');

/** Filters every dashboard takes; each narrows the caller's own slice, never widens it. */
export const AnalyticsFilters = {
  programmeId: z.uuid().optional().describe('One programme (404 if it is not in your slice).'),
  primeContractId: z
    .uuid()
    .optional()
    .describe('One prime contract (404 if it is not in your slice).'),
  contractAreaId: z.uuid().optional().describe('One contract package area.'),
  subcontractorId: z.uuid().optional().describe('One subcontractor organisation.'),
  from: Month.optional().describe('First month, inclusive (YYYY-MM).'),
  to: Month.optional().describe('Last month, inclusive (YYYY-MM).'),
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .describe('json, or a CSV / XLSX export of the same rows.'),
};
export const AnalyticsQuery = z.strictObject(AnalyticsFilters);
export class AnalyticsQueryDto extends createZodDto(AnalyticsQuery) {}
export type AnalyticsFilter = z.infer<typeof AnalyticsQuery>;

const Scope = z.object({
  asOf: z
    .string()
    .describe(
      'When the facts behind these figures were last refreshed (ISO instant); null if never.',
    )
    .nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  primeContractIds: z.array(z.uuid()),
});

// ───────── spend ─────────
export const SPEND_DIMENSIONS = [
  'prime',
  'subcontractor',
  'paymentGroup',
  'milestoneType',
] as const;
export const SpendQuery = z.strictObject({
  ...AnalyticsFilters,
  by: z
    .enum(SPEND_DIMENSIONS)
    .default('prime')
    .describe('What each row is broken down by, per month.'),
  cursor: line({ max: 300, min: 0 }).optional().describe('nextCursor from the previous page.'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export class SpendQueryDto extends createZodDto(SpendQuery) {}
export type SpendFilter = z.infer<typeof SpendQuery>;

export const SpendRow = z.object({
  month: z.string(),
  key: z
    .string()
    .describe(
      'Organisation, payment group or milestone code; prime-delivered / scheduled-fees for money with no subcontract or claim.',
    ),
  label: z.string(),
  remittedPence: Pence.describe('Commissioner → prime: remittance lines paid in the month.'),
  passedDownPence: Pence.describe('Prime → subcontractor: net payment lines paid in the month.'),
  managementFeePence: Pence.describe('Management fee the prime kept from those lines.'),
});
const BandShare = z.object({
  turnoverBand: z.string().describe('MICRO, SMALL, MEDIUM, LARGE or UNKNOWN.'),
  passedDownPence: Pence,
  shareOfRemittedBp: Bp,
});
export const Spend = Scope.extend({
  by: z.enum(SPEND_DIMENSIONS),
  rows: z.array(SpendRow),
  nextCursor: z.string().nullable(),
  totals: z.object({
    remittedPence: Pence,
    passedDownPence: Pence,
    passedDownShareBp: Bp.describe('Passed down ÷ remitted.'),
    voluntarySectorPence: Pence,
    voluntarySectorShareBp: Bp.describe('Passed to voluntary-sector subcontractors ÷ remitted.'),
    smallOrganisationPence: Pence,
    smallOrganisationShareBp: Bp.describe('Passed to MICRO and SMALL subcontractors ÷ remitted.'),
    managementFeePence: Pence.describe('Management fee primes kept, over the whole filter.'),
    byTurnoverBand: z.array(BandShare),
    byKey: z
      .array(SpendRow.omit({ month: true }))
      .describe(
        'Every key of the breakdown summed over the whole filter (all months, not the page of rows): what a chart or totals row shows. Largest first.',
      ),
  }),
});
export class SpendResponseDto extends createZodDto(z.object({ spend: Spend })) {}

// ───────── flow-down ─────────
export const FlowDownQuery = z.strictObject({
  ...AnalyticsFilters,
  view: z
    .enum(['summary', 'trend'])
    .default('summary')
    .describe('Which rows a CSV / XLSX export holds.'),
  trend: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      'false: leave the per-subcontractor trend rows out of a JSON answer (tens of thousands of rows for a commissioner); `months`, the slice’s totals per month, is always there. An export of view=trend always holds them.',
    ),
});
export class FlowDownQueryDto extends createZodDto(FlowDownQuery) {}
export type FlowDownFilter = z.infer<typeof FlowDownQuery>;

export const FlowDownRow = z.object({
  primeContractId: z.uuid(),
  primeContractReference: z.string(),
  subcontractorId: z.uuid(),
  subcontractorName: z.string(),
  plannedReferralShareBp: Bp,
  referrals: z.number().int().describe('Referrals allocated to the subcontractor in the period.'),
  chainReferrals: z
    .number()
    .int()
    .describe('Referrals allocated across the whole chain in the period.'),
  promisedReferrals: z.number().int().describe('Bid share × chain referrals, rounded half up.'),
  actualReferralShareBp: Bp,
  referralRatioBp: Bp.nullable().describe(
    'Actual ÷ planned referral share; null when nothing was planned or allocated.',
  ),
  plannedSpendShareBp: Bp,
  passedDownPence: Pence,
  remittedPence: Pence.describe('Paid to the prime for the whole contract in the period.'),
  promisedSpendPence: Pence.describe('Bid spend share × remitted.'),
  actualSpendShareBp: Bp,
  spendRatioBp: Bp.nullable().describe(
    'Actual ÷ planned spend share; null when nothing was planned or remitted.',
  ),
  isBelowThreshold: z
    .boolean()
    .describe('Either ratio below the programme threshold (alert_threshold.flow_down_min_bp).'),
});
export const FlowDownTrendRow = z.object({
  month: z.string(),
  primeContractId: z.uuid(),
  subcontractorId: z.uuid(),
  subcontractorName: z.string(),
  referrals: z.number().int(),
  chainReferrals: z.number().int(),
  passedDownPence: Pence,
  remittedPence: Pence,
});
export const FlowDownMonth = z.object({
  month: z.string(),
  referrals: z
    .number()
    .int()
    .describe('Referrals allocated to the subcontractors in view that month.'),
  passedDownPence: Pence.describe('Passed down to the subcontractors in view that month.'),
  remittedPence: Pence.describe(
    'Paid that month to the primes of the contracts in view (once per contract, not per subcontractor).',
  ),
});
export const FlowDown = Scope.extend({
  thresholdBp: Bp,
  rows: z.array(FlowDownRow),
  months: z
    .array(FlowDownMonth)
    .describe(
      'The trend summed per month over the slice, oldest first: what a chart of the whole slice shows.',
    ),
  trend: z
    .array(FlowDownTrendRow)
    .describe('One row per month, contract and subcontractor; empty when asked with trend=false.'),
});
export class FlowDownResponseDto extends createZodDto(z.object({ flowDown: FlowDown })) {}

// ───────── payment timeliness ─────────
export const TimelinessRow = z.object({
  primeContractId: z.uuid(),
  primeContractReference: z.string(),
  subcontractId: z.uuid(),
  subcontractorId: z.uuid(),
  subcontractorName: z.string(),
  slaDays: z.number().int(),
  payments: z.number().int(),
  paidPayments: z.number().int(),
  latePayments: z
    .number()
    .int()
    .describe(
      'Paid more than slaDays after the prime received the money, or unpaid and already past that.',
    ),
  unpaidOverdue: z.number().int(),
  lateShareBp: Bp,
  medianDaysToPay: z.number().int().nullable(),
  p90DaysToPay: z.number().int().nullable(),
  maxDaysToPay: z.number().int().nullable(),
});
export const TimelinessBucket = z.object({ bucket: z.string(), payments: z.number().int() });
export const Timeliness = Scope.extend({
  rows: z.array(TimelinessRow),
  distribution: z.array(TimelinessBucket),
});
export class TimelinessResponseDto extends createZodDto(z.object({ timeliness: Timeliness })) {}

// ───────── creaming and parking ─────────
export const ParkingQuery = z.strictObject({
  ...AnalyticsFilters,
  inactiveDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe(
      "No activity for this many days counts as parked; default: the programme's threshold (30).",
    ),
});
export class ParkingQueryDto extends createZodDto(ParkingQuery) {}
export type ParkingFilter = z.infer<typeof ParkingQuery>;

export const ParkingRow = z.object({
  paymentGroupId: z.uuid().nullable(),
  paymentGroupCode: z.string().nullable(),
  paymentGroupName: z.string().nullable(),
  jobOutcomeTariffPence: Pence.nullable().describe(
    'Highest job-outcome tariff for the group: the price put on helping this group.',
  ),
  providerId: z.uuid(),
  providerName: z.string(),
  isPrimeDelivered: z.boolean(),
  referrals: z.number().int(),
  attached: z.number().int(),
  contacted: z.number().int(),
  medianDaysToFirstContact: z.number().nullable(),
  openCaseload: z.number().int(),
  inactive: z.number().int().describe('Open referrals with no activity in inactiveDays.'),
  inactiveShareBp: Bp,
  exited: z.number().int(),
  exitedWithoutOutcome: z.number().int(),
  exitedWithoutOutcomeShareBp: Bp,
  jobOutcomes: z.number().int(),
  outcomeRateBp: Bp.describe('Job outcomes ÷ attached.'),
  groupOutcomeRateBp: Bp.describe('The same across every provider for the group.'),
  outcomeRateGapBp: Bp.describe(
    'Provider − group: strongly negative means this provider gets fewer of this group into work.',
  ),
});
export const Parking = Scope.extend({ inactiveDays: z.number().int(), rows: z.array(ParkingRow) });
export class ParkingResponseDto extends createZodDto(z.object({ parking: Parking })) {}

// ───────── minimum performance levels ─────────
export const PerformanceRow = z.object({
  primeContractId: z.uuid(),
  primeContractReference: z.string(),
  primeName: z.string(),
  cohortMonth: z.string().describe('Month of attachment.'),
  attached: z.number().int(),
  jobOutcomes: z.number().int(),
  outcomeRateBp: Bp,
  minimumPerformanceLevelBp: Bp.nullable(),
  meetsMinimum: z.boolean().nullable(),
  outcomesShort: z
    .number()
    .int()
    .describe('Job outcomes still needed to reach the minimum (0 when met).'),
});
export const Performance = Scope.extend({ rows: z.array(PerformanceRow) });
export class PerformanceResponseDto extends createZodDto(z.object({ performance: Performance })) {}

// ───────── refresh ─────────
export const RefreshBody = z.strictObject({
  full: z.boolean().default(false).describe('Rebuild every fact, not only what can have changed.'),
});
export class RefreshBodyDto extends createZodDto(RefreshBody) {}
export const RefreshReport = z.object({
  mode: z.enum(['FULL', 'INCREMENTAL', 'PRIME_CONTRACT']),
  since: z.string().nullable(),
  durationMs: z.number().int(),
  rowsWritten: z.number().int(),
  referralFacts: z.number().int(),
  referralMonths: z.number().int(),
  parkingMonths: z.number().int(),
  moneyMonths: z.number().int(),
  flowMoneyMonths: z.number().int(),
  paymentFacts: z.number().int(),
});
export class RefreshResponseDto extends createZodDto(z.object({ refresh: RefreshReport })) {}

// ───────── payment trace ─────────
export const TraceIdParams = z.strictObject({ id: z.uuid('must be an id (uuid)') });
export class TraceIdParamsDto extends createZodDto(TraceIdParams) {}

const TraceTransition = z.object({
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  byUserId: z.uuid().nullable(),
  at: z.string(),
  reason: z.string().nullable(),
});
const TraceEvidence = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.string(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
const TraceClaim = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  subcontractId: z.uuid().nullable(),
  milestoneCode: z.string(),
  occurrence: z.number().int(),
  milestoneOn: z.string(),
  amountPence: Pence,
  status: z.string(),
  linePence: Pence.describe(
    'What this payment carried for the claim (remittance line, or net subcontractor payment line).',
  ),
  remittedOn: z.string().nullable().describe('When the commissioner paid the prime for it.'),
  transitions: z.array(TraceTransition),
  evidence: z.array(TraceEvidence),
});
const TraceAuditEvent = z.object({
  seq: z.string(),
  occurredAt: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  actorUserId: z.uuid().nullable(),
  actorOrganisationId: z.uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
const TraceLedger = z.object({
  id: z.uuid(),
  description: z.string(),
  occurredAt: z.string(),
  amountPence: Pence,
});
export const PaymentTrace = z.object({
  kind: z.enum(['REMITTANCE', 'SUBCONTRACTOR_PAYMENT']),
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  subcontractId: z.uuid().nullable(),
  status: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueOn: z.string().nullable(),
  paidOn: z.string().nullable(),
  paidReference: z.string().nullable(),
  totalPence: Pence,
  scheduledFees: z.array(
    z.object({
      description: z.string(),
      grossPence: Pence,
      managementFeePence: Pence,
      amountPence: Pence,
    }),
  ),
  claims: z.array(TraceClaim),
  isTruncated: z.boolean().describe('More than 500 claims: the first 500 by id are shown.'),
  ledger: z.array(TraceLedger),
  auditEvents: z.array(TraceAuditEvent),
});
export class PaymentTraceResponseDto extends createZodDto(z.object({ trace: PaymentTrace })) {}
