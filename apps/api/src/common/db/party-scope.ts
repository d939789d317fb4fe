import { type Pool, type PoolClient } from 'pg';
import { type Principal } from '../auth/principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opens the scoped transaction in one round trip: BEGIN, the `waymark_app`
 * role and the caller's organisation as one simple-protocol query (which
 * cannot carry bind parameters, so the id is checked to be a UUID and then
 * written as a literal). Three statements sent separately cost three round
 * trips per request — measurable at API throughput (docs/operations.md).
 */
export function beginPartyScopeSql(organisationId: string): string {
  if (!UUID.test(organisationId)) throw new Error('party scope: the organisation id is not a UUID');
  return `BEGIN; SET LOCAL ROLE waymark_app; SELECT set_config('waymark.organisation_id', '${organisationId}', true)`;
}

/**
 * Runs party-scoped work in one transaction as the `waymark_app` role with the
 * caller's organisation set, so PostgreSQL's row-level security policies
 * (prisma/migrations/*_row_level_security) enforce the same slice the
 * repository's own WHERE clauses ask for. A forgotten filter returns nothing
 * rather than another party's rows. SET LOCAL and set_config(…, true) end with
 * the transaction, so nothing carries over to the pooled connection's next user.
 */
export async function withPartyScope<T>(pool: Pool, principal: Pick<Principal, 'organisationId'>, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const begin = beginPartyScopeSql(principal.organisationId);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back (terminated, broken) is discarded, not pooled.
    broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))),
    );
    throw error;
  } finally {
    client.release(broken);
  }
}
