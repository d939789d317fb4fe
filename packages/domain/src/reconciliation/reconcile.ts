import { DomainError } from '../errors/domain-error.js';
import { type DayDate, type ReconciliationOutcome } from '../vocabulary.js';
import { ReconciliationError } from './reconciliation.errors.js';

export interface ExpectedLine {
  readonly key: string;
  readonly amountPence: bigint;
  readonly dueDate: DayDate;
}

export interface RecordedPayment {
  /** The expected line it pays; absent or unknown keys are UNMATCHED. */
  readonly key?: string;
  readonly amountPence: bigint;
  readonly paidDate: DayDate;
  readonly reference: string;
}

/** An unpaid line whose due date has not passed yet is NOT_YET_DUE, not an outcome. */
export type ReconciliationLineStatus = Exclude<ReconciliationOutcome, 'UNMATCHED'> | 'NOT_YET_DUE';

export interface ReconciledLine {
  key: string;
  outcome: ReconciliationLineStatus;
  expectedPence: bigint;
  paidPence: bigint;
  /** min(paid, expected): the part of the expected money that has been paid. */
  settledPence: bigint;
  /** expected − settled. */
  shortfallPence: bigint;
  /** paid − settled. */
  overpaidPence: bigint;
  dueDate: DayDate;
  lastPaidDate?: DayDate;
  references: string[];
}

export interface ReconciliationTotals {
  expectedPence: bigint;
  recordedPence: bigint;
  settledPence: bigint;
  shortfallPence: bigint;
  overpaidPence: bigint;
  unmatchedPence: bigint;
}

export interface Reconciliation {
  lines: ReconciledLine[];
  unmatched: (RecordedPayment & { outcome: 'UNMATCHED' })[];
  totals: ReconciliationTotals;
}

/**
 * Matches recorded payments to expected lines by key. Per line: paid = expected → MATCHED, or
 * LATE if the last payment was after the due date; 0 < paid < expected → SHORT; paid > expected →
 * OVER; nothing paid → LATE once asOf is past the due date, else NOT_YET_DUE.
 * Every penny is counted once: expected = settled + shortfall; recorded = settled + overpaid + unmatched.
 *
 * The executable specification of reconciliation outcomes: production reconciles set-based in SQL
 * (apps/api/src/reconciliation/reconciliation.sql.ts, OUTCOME_SQL), and
 * reconciliation.differential.test.ts there checks the SQL against this on random payments.
 */
export function reconcile({
  expected,
  recorded,
  asOf,
}: {
  expected: readonly ExpectedLine[];
  recorded: readonly RecordedPayment[];
  asOf: DayDate;
}): Reconciliation {
  const byKey = new Map<string, RecordedPayment[]>();
  for (const line of expected) {
    if (byKey.has(line.key)) {
      throw new DomainError(
        ReconciliationError.DUPLICATE_EXPECTED_KEY,
        `expected line ${line.key} appears twice`,
        {
          key: line.key,
        },
      );
    }
    byKey.set(line.key, []);
  }
  const unmatched: (RecordedPayment & { outcome: 'UNMATCHED' })[] = [];
  for (const payment of recorded) {
    const bucket = payment.key === undefined ? undefined : byKey.get(payment.key);
    if (bucket) bucket.push(payment);
    else unmatched.push({ ...payment, outcome: 'UNMATCHED' });
  }

  const lines = expected.map((line): ReconciledLine => {
    const payments = byKey.get(line.key) ?? [];
    const paidPence = payments.reduce((sum, p) => sum + p.amountPence, 0n);
    const settledPence = paidPence < line.amountPence ? paidPence : line.amountPence;
    const lastPaidDate = payments.reduce<DayDate | undefined>(
      (last, p) => (!last || p.paidDate > last ? p.paidDate : last),
      undefined,
    );
    return {
      key: line.key,
      outcome: outcomeOf({ line, paidPence, lastPaidDate, hasPayments: payments.length > 0, asOf }),
      expectedPence: line.amountPence,
      paidPence,
      settledPence,
      shortfallPence: line.amountPence - settledPence,
      overpaidPence: paidPence - settledPence,
      dueDate: line.dueDate,
      ...(lastPaidDate ? { lastPaidDate } : {}),
      references: payments.map((p) => p.reference),
    };
  });

  const total = (pick: (line: ReconciledLine) => bigint) =>
    lines.reduce((sum, line) => sum + pick(line), 0n);
  return {
    lines,
    unmatched,
    totals: {
      expectedPence: expected.reduce((sum, line) => sum + line.amountPence, 0n),
      recordedPence: recorded.reduce((sum, payment) => sum + payment.amountPence, 0n),
      settledPence: total((line) => line.settledPence),
      shortfallPence: total((line) => line.shortfallPence),
      overpaidPence: total((line) => line.overpaidPence),
      unmatchedPence: unmatched.reduce((sum, payment) => sum + payment.amountPence, 0n),
    },
  };
}

function outcomeOf({
  line,
  paidPence,
  lastPaidDate,
  hasPayments,
  asOf,
}: {
  line: ExpectedLine;
  paidPence: bigint;
  lastPaidDate: DayDate | undefined;
  hasPayments: boolean;
  asOf: DayDate;
}): ReconciliationLineStatus {
  if (paidPence > line.amountPence) return 'OVER';
  if (paidPence === line.amountPence && (hasPayments || line.amountPence === 0n)) {
    return lastPaidDate !== undefined && lastPaidDate > line.dueDate ? 'LATE' : 'MATCHED';
  }
  if (paidPence > 0n) return 'SHORT';
  return asOf > line.dueDate ? 'LATE' : 'NOT_YET_DUE';
}
