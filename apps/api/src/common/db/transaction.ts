import { type Pool, type PoolClient } from 'pg';

/** What a rejected promise held, as an Error: pg-pool's release(error) and our own throws want one. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Runs `work` on one pooled connection between `begin` (a statement that
 * opens the transaction — plain BEGIN, or the party scope's BEGIN + role +
 * organisation) and COMMIT; any failure rolls back. A connection that cannot
 * even roll back (terminated, broken), or that failed in a way `discardAfter`
 * says it must not be reused, is discarded rather than pooled.
 */
export async function inTransaction<T>(
  pool: Pool,
  begin: string,
  work: (client: PoolClient) => Promise<T>,
  discardAfter: (error: unknown) => boolean = () => false,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(() => undefined, asError);
    if (discardAfter(error)) broken ??= asError(error);
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs `work` in one transaction: everything it writes commits together or
 * not at all. Deferred constraints (the ledger balance) are checked at COMMIT.
 */
export function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return inTransaction(pool, 'BEGIN', work);
}
