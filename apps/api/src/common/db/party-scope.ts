import { type Pool, type PoolClient } from 'pg';
import { type Principal } from '../auth/principal';
import { withTransaction } from './transaction';

/**
 * Runs party-scoped work in one transaction as the `waymark_app` role with the
 * caller's organisation set, so PostgreSQL's row-level security policies
 * (prisma/migrations/*_row_level_security) enforce the same slice the
 * repository's own WHERE clauses ask for. A forgotten filter returns nothing
 * rather than another party's rows.
 */
export async function withPartyScope<T>(pool: Pool, principal: Pick<Principal, 'organisationId'>, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query('SET LOCAL ROLE waymark_app');
    await client.query(`SELECT set_config('waymark.organisation_id', $1, true)`, [principal.organisationId]);
    return work(client);
  });
}
