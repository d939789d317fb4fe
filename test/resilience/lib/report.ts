// What the drills tally and report the same way: a check's verdict, counts by
// kind, latency percentiles, and the results table.
import { type Invariants } from './harness';

/** One verdict of a drill, as its result table shows it. */
export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/** Counts one more `key` in `map`. */
export const bump = (map: Map<string, number>, key: string) =>
  map.set(key, (map.get(key) ?? 0) + 1);

/** Everything counted in `map`. */
export const total = (map: Map<string, number>) => [...map.values()].reduce((sum, n) => sum + n, 0);

/** The counts, most first ("3 × 503; 1 × timeout"), or "none". */
export const describeCounts = (map: Map<string, number>) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([what, n]) => `${n} × ${what}`)
    .join('; ') || 'none';

/** The p-th percentile (nearest rank) of `values`; 0 when there are none. */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** The problem code in an answer's body, if it is a problem document. */
export const codeOf = (text: string): string | undefined => {
  try {
    return (JSON.parse(text) as { code?: string }).code;
  } catch {
    return undefined;
  }
};

/** The check every drill ends with: the ledger balances and the audit chain verifies. */
export function invariantsCheck(invariants: Invariants): Check {
  return {
    check: 'the ledger balances and the audit chain verifies',
    ok: invariants.unbalancedLedgerTransactions === 0 && invariants.auditChainValid,
    detail: `${invariants.ledgerEntries} ledger entries; ${invariants.auditEvents} audit events${invariants.auditBrokenAt ? `; broken at ${invariants.auditBrokenAt}` : ''}`,
  };
}

/** The checks as a markdown table (`detail` its last column's heading), then the verdict. */
export function checksTable(checks: Check[], detail = 'detail'): string {
  const rows = checks.map(
    (c) =>
      `| ${c.check} | ${c.ok ? 'pass' : '**FAIL**'} | ${c.detail.replace(/\n/g, '<br>').replace(/\|/g, '\\|')} |`,
  );
  const verdict = checks.every((c) => c.ok) ? 'All checks passed.' : 'Some checks FAILED.';
  return `| check | outcome | ${detail} |\n|---|---|---|\n${rows.join('\n')}\n\n**${verdict}**`;
}
