// Whether a pool's connections may carry named (prepared) statements.
//
// Directly on PostgreSQL, a connection is ours for its lifetime: a statement
// named on it is parsed (and its row-level security expanded) once and reused
// by every later request on that connection (party-scope.ts). Behind a pooler
// in transaction mode (PgBouncer 1.18, as managed Postgres services deploy it)
// each transaction may run on a different server connection, so a name
// prepared on one is missing on the next ("prepared statement wm_… does not
// exist") or already taken ("already exists"). Such a pool sends every
// statement unnamed: Parse, Bind and Execute in the same round trip, nothing
// left on the server connection after the transaction ends.
import { type Pool } from 'pg';

const transactionPooled = new WeakSet<Pool>();

/** Marks a pool whose DATABASE_URL is a transaction-mode pooler (DATABASE_POOLER=transaction). */
export function markTransactionPooled(pool: Pool): void {
  transactionPooled.add(pool);
}

/** False for a pool behind a transaction-mode pooler: statements go unnamed. */
export function canNameStatements(pool: Pool): boolean {
  return !transactionPooled.has(pool);
}

/**
 * A query config for a statement run often on the pool itself (outside a
 * party scope): named where the pool allows it, unnamed behind a pooler.
 */
export function hotStatement(
  pool: Pool,
  name: string,
  text: string,
  values: unknown[],
): { name?: string; text: string; values: unknown[] } {
  return canNameStatements(pool) ? { name, text, values } : { text, values };
}
