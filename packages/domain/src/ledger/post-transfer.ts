import { DomainError } from '../errors/domain-error.js';
import { type DayDate } from '../vocabulary.js';
import { LedgerError } from './ledger.errors.js';

export interface LedgerEntry {
  transactionId: string;
  account: string;
  /** Signed: negative leaves the account, positive arrives. */
  amountPence: bigint;
  date: DayDate;
  description: string;
}

/** One transfer as two equal and opposite entries: −amount from `fromAccount`, +amount to `toAccount`. */
export function postTransfer({
  transactionId,
  fromAccount,
  toAccount,
  amountPence,
  date,
  description,
}: {
  transactionId: string;
  fromAccount: string;
  toAccount: string;
  amountPence: bigint;
  date: DayDate;
  description: string;
}): [LedgerEntry, LedgerEntry] {
  if (amountPence <= 0n) {
    throw new DomainError(
      LedgerError.NON_POSITIVE_AMOUNT,
      'a transfer must move a positive amount; reverse the accounts instead',
      {
        field: 'amountPence',
        amountPence: String(amountPence),
      },
    );
  }
  if (fromAccount === toAccount) {
    throw new DomainError(LedgerError.SAME_ACCOUNT, 'a transfer needs two different accounts', {
      account: fromAccount,
    });
  }
  return [
    { transactionId, account: fromAccount, amountPence: -amountPence, date, description },
    { transactionId, account: toAccount, amountPence, date, description },
  ];
}
