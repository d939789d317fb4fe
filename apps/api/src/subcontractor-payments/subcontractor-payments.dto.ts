import { createZodDto } from '../common/dto/create-zod-dto';
import { line, ListCursor, ListLimit, ListPage, listSort, text } from '../common/dto/primitives';
import { z } from 'zod';
import { DayDate, IdParams, Pence } from '../ledger/money-schemas';
import { PAYMENT_SORT_COLUMNS, PAYMENT_STATUSES } from './subcontractor-payments.repository';

export const RunPaymentBody = z
  .strictObject({
    primeContractId: z
      .uuid('must be a UUID')
      .optional()
      .describe('Pay every subcontract of this prime contract…'),
    subcontractId: z.uuid('must be a UUID').optional().describe('…or just this subcontract.'),
    periodStart: DayDate.describe(
      'First day of the period: claims whose remittance the prime received in it, and scheduled fees due in it.',
    ),
    periodEnd: DayDate.describe('Last day of the period, inclusive.'),
  })
  .refine((b) => b.periodEnd >= b.periodStart, {
    message: 'must not be before periodStart',
    path: ['periodEnd'],
  })
  .refine((b) => (b.primeContractId === undefined) !== (b.subcontractId === undefined), {
    message: 'give exactly one of primeContractId and subcontractId',
    path: ['subcontractId'],
  });
export class RunPaymentBodyDto extends createZodDto(RunPaymentBody) {}

export const MarkPaymentPaidBody = z.strictObject({
  paidReference: line({ max: 140 }).describe('The bank payment reference.'),
  paidOn: DayDate.describe('The day the money left the prime.'),
});
export class MarkPaymentPaidBodyDto extends createZodDto(MarkPaymentPaidBody) {}

export const ApprovePaymentBody = z.strictObject({
  note: text({ max: 500, min: 0 }).optional().describe('Recorded in the audit trail.'),
});
export class ApprovePaymentBodyDto extends createZodDto(ApprovePaymentBody) {}

export const ListPaymentsQuery = z.strictObject({
  primeContractId: z.uuid('must be a UUID').optional(),
  subcontractId: z.uuid('must be a UUID').optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  isLate: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only late (or only on-time) payments.'),
  cursor: ListCursor.optional(),
  page: ListPage.optional().describe(
    'Page number (1 is the first) for numbered paging; not with cursor.',
  ),
  sort: listSort(PAYMENT_SORT_COLUMNS)
    .optional()
    .describe(
      'Column to order by first, "-" for descending (newest first breaks ties); with page, not cursor. Status sorts in lifecycle order.',
    ),
  limit: ListLimit,
});
export class ListPaymentsQueryDto extends createZodDto(ListPaymentsQuery) {}

export class PaymentIdParamsDto extends createZodDto(IdParams) {}

export const PaymentSummary = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  subcontractId: z.uuid(),
  subcontractorId: z.uuid(),
  subcontractorName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueOn: z
    .string()
    .describe('Earliest due date of its lines: prime receipt (or schedule) + payment SLA days.'),
  status: z.enum(PAYMENT_STATUSES),
  paidReference: z.string().nullable(),
  paidOn: z.string().nullable(),
  createdAt: z.string(),
  lineCount: z.number().int(),
  grossPence: Pence,
  managementFeePence: Pence.describe('Kept by the prime.'),
  amountPence: Pence.describe('Net: gross − management fee; what the subcontractor receives.'),
  isLate: z.boolean().describe('Due date passed and unpaid, or paid after the due date.'),
  runByUserId: z
    .uuid()
    .nullable()
    .describe('Who ran the payment (the maker); null for payments made before maker-checker.'),
  approvedByUserId: z.uuid().nullable().describe('Who approved it (the checker): never the maker.'),
  approvedAt: z.string().nullable(),
});
export const PaymentLine = z.object({
  id: z.uuid(),
  claimId: z.uuid().nullable(),
  clawbackId: z
    .uuid()
    .nullable()
    .describe(
      'Set on a clawback passed down: a negative line giving back the share paid for its claim.',
    ),
  description: z.string(),
  grossPence: Pence,
  managementFeePence: Pence,
  amountPence: Pence.describe('gross − fee; negative on a clawback line.'),
});
export const PaymentResponse = z.object({ payment: PaymentSummary });
export class PaymentResponseDto extends createZodDto(PaymentResponse) {}
export const PaymentDetail = z.object({ payment: PaymentSummary, lines: z.array(PaymentLine) });
export class PaymentDetailDto extends createZodDto(PaymentDetail) {}
export const PaymentRun = z.object({ payments: z.array(PaymentSummary) });
export class PaymentRunDto extends createZodDto(PaymentRun) {}
const PreviewLine = PaymentLine.omit({ id: true });
export const PaymentPreview = z.object({
  payments: z.array(
    PaymentSummary.pick({
      programmeId: true,
      primeContractId: true,
      subcontractId: true,
      subcontractorId: true,
      subcontractorName: true,
      periodStart: true,
      periodEnd: true,
      dueOn: true,
      lineCount: true,
      grossPence: true,
      managementFeePence: true,
      amountPence: true,
    }).extend({
      isLateAlready: z.boolean().describe('The due date has already passed.'),
      lines: z.array(PreviewLine),
    }),
  ),
  totals: z.object({
    paymentCount: z.number().int(),
    lineCount: z.number().int(),
    grossPence: Pence,
    managementFeePence: Pence,
    amountPence: Pence,
  }),
});
export class PaymentPreviewDto extends createZodDto(PaymentPreview) {}
export const PaymentList = z.object({
  payments: z.array(PaymentSummary),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('How many payments the whole filter holds, across every page.'),
  totalPence: Pence.describe(
    'The net amounts (what subcontractors receive) of the whole filter added up, across every page.',
  ),
  summary: z
    .object({
      unpaidCount: z.number().int().describe('Payments of the filter not yet paid.'),
      unpaidPence: Pence.describe('Their net amounts added up: owed, not yet paid.'),
      paidPence: Pence.describe('Net amounts of the filter’s paid payments added up.'),
      lateCount: z
        .number()
        .int()
        .describe('Payments of the filter past their due date unpaid, or paid after it.'),
    })
    .describe('The whole filter’s figures for the page’s cards, never the page in view.'),
});
export class PaymentListDto extends createZodDto(PaymentList) {}
