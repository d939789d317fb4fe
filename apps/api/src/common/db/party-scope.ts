import { createHash } from 'node:crypto';
import { type Pool, type PoolClient } from 'pg';
import { type Principal } from '../auth/principal';
import { inTransaction } from './transaction';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opens the scoped transaction in one round trip: BEGIN, the `waymark_app`
 * role and the caller's organisation as one simple-protocol query (which
 * cannot carry bind parameters, so the id is checked to be a UUID and then
 * written as a literal). Three statements sent separately cost three round
 * trips per request — measurable at API throughput (docs/operations.md).
 *
 * Statements in the scope are prepared (below), and after five executions
 * PostgreSQL may switch a prepared statement to a generic plan, which for
 * `column = ANY($1::uuid[])` under RLS can be far worse: the dashboard's
 * counts went from 38 to 166 ms (bench/results/dashboard-200000.md). Forcing a
 * custom plan keeps what preparing buys — one parse and RLS expansion per
 * connection — and plans each execution for its actual values.
 */
export function beginPartyScopeSql(organisationId: string): string {
  if (!UUID.test(organisationId)) throw new Error('party scope: the organisation id is not a UUID');
  return `BEGIN; SET LOCAL ROLE waymark_app; SET LOCAL plan_cache_mode = force_custom_plan; SELECT set_config('waymark.organisation_id', '${organisationId}', true)`;
}

/** Distinct statement texts given a name; beyond this, statements run unnamed (parsed each time) as before. */
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known || statementNames.size >= MAX_NAMED_STATEMENTS) return known;
  const name = `wm_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  statementNames.set(text, name);
  return name;
}

/**
 * The client handed to scoped work sends each parameterised statement as a
 * named (prepared) statement, so each pooled connection parses it — and
 * expands its row-level security policies, which the rewriter does — once,
 * not on every request (each execution is still planned for its values: see
 * beginPartyScopeSql). Under
 * RLS that was ~1 ms of the server's CPU per small query at 2M referrals
 * (docs/operations.md). Only `query(text, values)` is affected: statements
 * without parameters stay on the simple protocol (they may hold several
 * statements), and query objects and streams pass through untouched.
 */
function preparingClient(client: PoolClient): PoolClient {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = statementName(text);
      if (name) return query({ name, text, values });
    }
    return query(...args);
  };
  return new Proxy(client, { get: (target, property, receiver) => (property === 'query' ? prepared : Reflect.get(target, property, receiver)) as unknown });
}

function isStalePreparedStatement(error: unknown): boolean {
  return (error as { code?: unknown }).code === '0A000' && /cached plan must not change result type/.test((error as Error).message);
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
  // A migration that changed what a prepared statement returns leaves this connection's copy stale for good: drop the connection.
  return inTransaction(pool, beginPartyScopeSql(principal.organisationId), (client) => work(preparingClient(client)), isStalePreparedStatement);
}
