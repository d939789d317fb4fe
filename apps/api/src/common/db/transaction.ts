import { type Pool, type PoolClient } from 'pg';

/**
 * Runs `work` in one transaction: everything it writes commits together or
 * not at all. Deferred constraints (the ledger balance) are checked at COMMIT.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
