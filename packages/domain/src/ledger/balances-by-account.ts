import { type LedgerEntry } from './post-transfer.js';

export function balancesByAccount(
  entries: readonly Pick<LedgerEntry, 'account' | 'amountPence'>[],
): Map<string, bigint> {
  const balances = new Map<string, bigint>();
  for (const entry of entries)
    balances.set(entry.account, (balances.get(entry.account) ?? 0n) + entry.amountPence);
  return balances;
}
