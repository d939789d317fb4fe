import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';
import { DayDate, Pence } from './money-schemas';

export const TrialBalanceQuery = z
  .strictObject({
    programmeId: z.uuid('must be a UUID'),
    periodStart: DayDate,
    periodEnd: DayDate,
  })
  .refine((q) => q.periodEnd >= q.periodStart, {
    message: 'must not be before periodStart',
    path: ['periodEnd'],
  });
export class TrialBalanceQueryDto extends createZodDto(TrialBalanceQuery) {}

const TrialBalanceAccount = z.object({
  accountId: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  code: z.string().describe('OUTCOME_FUNDING (commissioner) or CASH (prime, subcontractor).'),
  name: z.string(),
  debitPence: Pence,
  creditPence: Pence,
  balancePence: Pence.describe('debit − credit; negative for money that left the account.'),
});
export const TrialBalance = z.object({
  programmeId: z.uuid(),
  periodStart: z.string(),
  periodEnd: z.string(),
  accounts: z.array(TrialBalanceAccount),
  totals: z.object({
    debitPence: Pence,
    creditPence: Pence,
    balancePence: Pence.describe('Always "0": every transfer the caller sees is whole.'),
  }),
});
export class TrialBalanceDto extends createZodDto(TrialBalance) {}
