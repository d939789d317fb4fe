import { createHash } from 'node:crypto';
import { ROLES, type Role } from '@waymark/domain';
import {
  type Pool,
  type PoolClient,
  Query,
  type QueryResult,
  type QueryResultRow,
  type Submittable,
} from 'pg';
import { principalCache } from '../auth/principal-cache';
import { type Principal } from '../auth/principal';
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';
import { canNameStatements } from './statement-mode';
import { asError, inTransaction } from './transaction';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who a party scope is opened for. A request's principal carries its session
 * (or API key) and roles, and opening the scope re-checks them in the same
 * transaction; work with only an organisation (background jobs, tests) is
 * scoped without that check.
 */
export type ScopeCaller = Pick<Principal, 'organisationId'> &
  Partial<Pick<Principal, 'sessionId' | 'userId' | 'apiKeyId' | 'roles'>>;

/** The values `waymark_open_scope` takes, checked — they are also written into SQL as literals (beginPartyScopeSql). */
function openScopeValues(
  caller: ScopeCaller,
): [string, string | null, string | null, string | null, Role[] | null] {
  const ids = {
    organisation: caller.organisationId,
    session: caller.sessionId ?? null,
    user: caller.userId ?? null,
    'API key': caller.apiKeyId ?? null,
  };
  for (const [what, id] of Object.entries(ids))
    if (id !== null && !UUID.test(id)) throw new Error(`party scope: the ${what} id is not a UUID`);
  const roles = caller.roles ?? null;
  if (roles && !roles.every((role) => (ROLES as readonly string[]).includes(role)))
    throw new Error('party scope: a role is not one of ROLES');
  if ((ids.session || ids['API key']) && !roles)
    throw new Error('party scope: a session or API key needs its roles');
  return [
    ids.organisation,
    ids.session,
    ids.session ? ids.user : null,
    ids.session ? null : ids['API key'],
    ids.session || ids['API key'] ? roles : null,
  ];
}

/**
 * Opens the scoped transaction in one round trip: BEGIN and the
 * `waymark_open_scope` call as one simple-protocol query (which cannot carry
 * bind parameters, so every value is checked first — UUIDs, known roles — and
 * then written as a literal). The procedure
 * (waymark_open_scope in prisma/schema.sql) re-checks the
 * caller's session or API key, organisation and roles, then sets the
 * `waymark_app` role, the organisation, and custom plans.
 *
 * Why custom plans: statements in the scope are prepared (below), and after
 * five executions PostgreSQL may switch a prepared statement to a generic
 * plan, which for `column = ANY($1::uuid[])` under RLS can be far worse: the
 * dashboard's counts went from 38 to 166 ms (bench/results/dashboard-200000.md).
 * Forcing a custom plan keeps what preparing buys — one parse and RLS
 * expansion per connection — and plans each execution for its actual values.
 */
export function beginPartyScopeSql(caller: ScopeCaller): string {
  const literal = (value: string | null) => (value === null ? 'NULL' : `'${value}'`);
  const [organisation, session, user, apiKey, roles] = openScopeValues(caller);
  const rolesLiteral =
    roles === null ? 'NULL' : `ARRAY[${roles.map((role) => `'${role}'`).join(', ')}]::text[]`;
  return `BEGIN; CALL waymark_open_scope(${literal(organisation)}, ${literal(session)}, ${literal(user)}, ${literal(apiKey)}, ${rolesLiteral})`;
}

/** The same call for the extended protocol (queryInPartyScope), with bind parameters. */
const OPEN_SCOPE_STATEMENT = 'CALL waymark_open_scope($1, $2, $3, $4, $5)';

/** SQLSTATE raised by waymark_open_scope when the caller is no longer who the API thinks. */
const CALLER_CHANGED = 'WMS01';

function callerRefused(error: unknown, caller: ScopeCaller): AppError | undefined {
  if ((error as { code?: unknown }).code !== CALLER_CHANGED) return undefined;
  if (caller.sessionId) principalCache.forgetSession(caller.sessionId);
  return new AppError(
    CommonError.UNAUTHENTICATED,
    'Your session has ended or changed (signed out, expired, revoked, or your roles changed). Sign in again.',
  );
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
  return new Proxy(client, {
    get: (target, property, receiver) =>
      (property === 'query' ? prepared : Reflect.get(target, property, receiver)) as unknown,
  });
}

function isStalePreparedStatement(error: unknown): boolean {
  return (
    (error as { code?: unknown }).code === '0A000' &&
    /cached plan must not change result type/.test((error as Error).message)
  );
}

/**
 * Runs party-scoped work in one transaction as the `waymark_app` role with the
 * caller's organisation set, so PostgreSQL's row-level security policies
 * (under each table in prisma/schema.sql) enforce the same slice the
 * repository's own WHERE clauses ask for. A forgotten filter returns nothing
 * rather than another party's rows. The settings are local to the
 * transaction, so nothing carries over to the pooled connection's next user.
 * A request's caller whose session was revoked (by any instance), or whose
 * organisation or roles changed, gets a 401 before any work runs.
 */
export async function withPartyScope<T>(
  pool: Pool,
  caller: ScopeCaller,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  // A migration that changed what a prepared statement returns leaves this connection's copy stale for good: drop the connection.
  try {
    const scoped = canNameStatements(pool) ? preparingClient : (client: PoolClient) => client;
    return await inTransaction(
      pool,
      beginPartyScopeSql(caller),
      (client) => work(scoped(client)),
      isStalePreparedStatement,
    );
  } catch (error) {
    throw callerRefused(error, caller) ?? error;
  }
}

// pg's Query, and the value mapper it binds parameters with, beyond what @types/pg declares.
interface PgConnection {
  parse(message: { text: string; name: string }): void;
  bind(message: {
    portal: string;
    statement: string;
    values: unknown[];
    valueMapper: (value: unknown) => unknown;
  }): void;
  execute(message: { portal: string; rows: number }): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };
const PgQuery = Query as unknown as new (
  config: { name?: string; text: string; values: unknown[]; queryMode?: 'extended' },
  values: undefined,
  callback: (error: Error | undefined, results: QueryResult | QueryResult[]) => void,
) => { prepare(connection: PgConnection): void; hasBeenParsed(connection: PgConnection): boolean };

/**
 * One statement in a party scope, in one round trip: the scope-opening CALL
 * and the statement are pipelined as extended-protocol messages before a
 * single Sync, so they run in one implicit transaction (PostgreSQL's protocol:
 * a Sync commits what ran since the last one) and the local settings end with
 * it. The subclass only adds the CALL's Parse/Bind/Execute in front of what
 * pg's Query sends for a named statement (Parse once per connection, Bind,
 * Describe, Execute, Sync), inside the same corked write.
 */
class ScopedStatement extends PgQuery {
  parsedBefore = true;
  private readonly isNamed: boolean;

  constructor(
    private readonly openValues: unknown[],
    config: { name: string | undefined; text: string; values: unknown[] },
    callback: (error: Error | undefined, results: QueryResult | QueryResult[]) => void,
  ) {
    // Extended protocol even without a name or values: the CALL rides in front of the statement's own messages.
    super({ ...config, queryMode: 'extended' }, undefined, callback);
    this.isNamed = config.name !== undefined;
  }

  override prepare(connection: PgConnection): void {
    // An unnamed statement leaves nothing on the connection to be unsure about.
    this.parsedBefore = !this.isNamed || this.hasBeenParsed(connection);
    connection.parse({ text: OPEN_SCOPE_STATEMENT, name: '' });
    connection.bind({
      portal: '',
      statement: '',
      values: this.openValues,
      valueMapper: prepareValue,
    });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
  }
}

/**
 * Runs one statement in the caller's party scope in a single round trip
 * (withPartyScope takes three: open, statement, COMMIT). For the hottest
 * single-statement reads — a caseload page. Same rules: `waymark_app`, the
 * caller's organisation, the caller re-checked, custom plans, and the
 * statement prepared once per connection.
 *
 * pg credits a ParseComplete to the query's statement name, so the CALL's
 * ParseComplete marks the statement parsed before its own Parse is answered:
 * if anything fails on a connection where the statement was not parsed
 * before, which of them the server saw is unknown, and the connection is
 * dropped rather than trusted.
 */
export async function queryInPartyScope<R extends QueryResultRow>(
  pool: Pool,
  caller: ScopeCaller,
  text: string,
  values: unknown[],
): Promise<QueryResult<R>> {
  // Behind a transaction pooler the pair goes unnamed: one Sync, so one server connection, and nothing left on it.
  const isPooled = !canNameStatements(pool);
  const name = isPooled ? undefined : statementName(text);
  if (!name && !isPooled)
    return withPartyScope(pool, caller, (client) => client.query<R>(text, values));
  const openValues = openScopeValues(caller);
  const client = await pool.connect();
  let broken: Error | undefined;
  let statement: ScopedStatement | undefined;
  try {
    const results = await new Promise<QueryResult | QueryResult[]>((resolve, reject) => {
      statement = new ScopedStatement(openValues, { name, text, values }, (error, result) =>
        error ? reject(error) : resolve(result),
      );
      client.query(statement as unknown as Submittable);
    });
    // [CALL's result, the statement's]
    return (Array.isArray(results) ? results[results.length - 1] : results) as QueryResult<R>;
  } catch (error) {
    if (!statement?.parsedBefore || isStalePreparedStatement(error)) broken = asError(error);
    throw callerRefused(error, caller) ?? error;
  } finally {
    client.release(broken);
  }
}
