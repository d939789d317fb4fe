import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';
import { DayDate, IdParams, Pence } from '../ledger/money-schemas';

export const StatementQuery = z
  .strictObject({ periodStart: DayDate, periodEnd: DayDate })
  .refine((q) => q.periodEnd >= q.periodStart, {
    message: 'must not be before periodStart',
    path: ['periodEnd'],
  });
export class StatementQueryDto extends createZodDto(StatementQuery) {}
export class SubcontractIdParamsDto extends createZodDto(IdParams) {}

const Amounts = {
  claimedPence: Pence,
  approvedPence: Pence.describe('Approved by the commissioner.'),
  entitledPence: Pence.describe(
    'Net of management fee, by the subcontract terms, once the prime has been paid.',
  ),
  receivedPence: Pence.describe('Paid by the prime.'),
  owedPence: Pence.describe('entitled − received (negative if overpaid).'),
  overduePence: Pence.describe('Owed and past its due date.'),
};
const StatementLine = z.object({
  kind: z
    .enum(['CLAIM', 'SCHEDULED_FEE', 'CLAWBACK'])
    .describe(
      'CLAWBACK: a clawback of one of its claims passed down by the subcontract’s terms (negative amounts).',
    ),
  claimId: z.uuid().nullable(),
  description: z.string(),
  status: z.string(),
  dueOn: z.string().nullable(),
  ...Amounts,
});
export const Statement = z.object({
  statement: z.object({
    subcontractId: z.uuid(),
    subcontractorName: z.string(),
    primeName: z.string(),
    primeContractReference: z.string(),
    termsKind: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    asOf: z.string(),
    lines: z.array(StatementLine),
    totals: z.object(Amounts).describe('Column sums; owed = entitled − received.'),
  }),
});
export class StatementDto extends createZodDto(Statement) {}
