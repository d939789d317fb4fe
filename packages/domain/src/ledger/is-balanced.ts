import { type LedgerEntry } from './post-transfer.js';

/** True when every transaction's entries, and so the whole ledger, sum to zero. */
export function isBalanced(
  entries: readonly Pick<LedgerEntry, 'transactionId' | 'amountPence'>[],
): boolean {
  const byTransaction = new Map<string, bigint>();
  for (const entry of entries) {
    byTransaction.set(
      entry.transactionId,
      (byTransaction.get(entry.transactionId) ?? 0n) + entry.amountPence,
    );
  }
  return [...byTransaction.values()].every((sum) => sum === 0n);
}
