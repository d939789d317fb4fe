import { type Pool, type PoolClient } from 'pg';
import { type Principal } from '../common/auth/principal';
import { withPartyScope } from '../common/db/party-scope';

/**
 * Runs a money run's own statements party-scoped inside a savepoint that is
 * always rolled back: a preview executes exactly the computation (and
 * database checks) the real run would, reads what it made, and writes nothing.
 */
export async function withDryRun<T>(
  pool: Pool,
  principal: Pick<Principal, 'organisationId'>,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return withPartyScope(pool, principal, async (client) => {
    await client.query('SAVEPOINT dry_run');
    try {
      return await work(client);
    } finally {
      await client.query('ROLLBACK TO SAVEPOINT dry_run');
    }
  });
}
