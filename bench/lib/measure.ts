// Small helpers every benchmark under bench/ shares: command-line numbers,
// latency percentiles, and finding sequential scans of large tables in an
// EXPLAIN (FORMAT JSON) plan; and watching the statements a pool sends.
import type { Pool, PoolClient } from 'pg';

/** `--name N` from the command line: a positive integer, or the fallback when absent. */
export function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** The p-th percentile of values already sorted ascending (nearest rank, 0 when empty). */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** p50 and p95 of a set of timings. */
export function summarise(ms: number[]): { p50: number; p95: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** The large tables an EXPLAIN plan scans sequentially (walks every node of the JSON plan). */
export function seqScans(
  plan: unknown,
  largeTables: readonly string[],
  found: string[] = [],
): string[] {
  if (plan && typeof plan === 'object') {
    const node = plan as Record<string, unknown>;
    if (node['Node Type'] === 'Seq Scan' && largeTables.includes(String(node['Relation Name'])))
      found.push(String(node['Relation Name']));
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach((child) => seqScans(child, largeTables, found));
      else if (value && typeof value === 'object') seqScans(value, largeTables, found);
    }
  }
  return found;
}

/**
 * Calls `onQuery` with each statement's text and the promise (or value) `query` returned, for every statement any
 * of the pool's connections sends from now on — pool.query included, which runs on a checked-out connection.
 * Watched on checkout, not 'connect': the app's pool may already hold connections when a bench starts.
 */
export function watchPoolQueries(
  pool: Pool,
  onQuery: (text: string, result: unknown) => void,
): void {
  const watched = new WeakSet<PoolClient>();
  pool.on('acquire', (connection: PoolClient) => {
    if (watched.has(connection)) return;
    watched.add(connection);
    const original = connection.query.bind(connection) as (...args: unknown[]) => unknown;
    (connection as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string } | undefined;
      const result = original(...args);
      onQuery(typeof first === 'string' ? first : (first?.text ?? ''), result);
      return result;
    };
  });
}
