// The read-routing rule (read-database.ts) against real PostgreSQL. The
// "replica" here is a second database on the test server, cloned from the
// primary's: rows written after the clone exist only on the primary, so an
// answer shows which server gave it, and a write that reached the reader would
// be found there. (A streaming replica and its lag: `npm run drill:replica`.)
import { randomBytes } from 'node:crypto';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { withDatabase } from '@waymark/db/test-support';
import { Client, Pool } from 'pg';
import { createApp } from '../../app.factory';
import {
  aMoneyWorld,
  anApprovedClaim,
  aSubcontract,
  type MoneyWorld,
  type SubcontractFixture,
} from '../../remittances/money-fixtures';
import { call } from '../../test-support/http';
import { aSignedInUser, type SignedInUser } from '../../test-support/signed-in-user';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { FRESHNESS_HEADERS } from './read-freshness.interceptor';
import { isReplicaUsable, PROBE_SQL } from './read-database';

const adminUrl = () => process.env.WAYMARK_TEST_ADMIN_URL!;

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A copy of `source` as it is now: every session of it ended first (CREATE DATABASE … TEMPLATE needs that). */
async function cloneDatabase(source: string): Promise<{ name: string; url: string }> {
  const name = `${source}_reader_${randomBytes(3).toString('hex')}`;
  await admin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [source],
      );
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message))
          throw error;
      }
    }
  });
  return { name, url: withDatabase(adminUrl(), name) };
}

async function dropDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function startWithReader(
  primary: TestApp,
  readerUrl: string | undefined,
): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const app = await createApp({
    config: {
      ...primary.config,
      jobsEnabled: false,
      databaseReadUrl: readerUrl,
      databaseReadMaxLagSeconds: 30,
    },
    databaseUrl: primary.db.url,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

const statementPath = (subcontractId: string) =>
  `/statements/subcontracts/${subcontractId}?periodStart=2024-03-01&periodEnd=2024-03-31`;

let primary: TestApp;
let world: MoneyWorld;
let sub: SubcontractFixture;
let other: SubcontractFixture;
/** A second user of sub's subcontractor, signed in before the clone: its session is on both. */
let colleague: SignedInUser;
/** sub's one claim before the clone. */
let subClaimId: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  primary = await createTestApp();
  world = await aMoneyWorld(primary.baseUrl, primary.db.pool);
  sub = await aSubcontract(world, { termsKind: 'PBR_SHARE', terms: { shareBasisPoints: 7000 } });
  other = await aSubcontract(world, { termsKind: 'PBR_SHARE', terms: { shareBasisPoints: 7000 } });
  subClaimId = await anApprovedClaim(world, { subcontractId: sub.id, decidedOn: '2024-03-05' });
  await anApprovedClaim(world, { subcontractId: other.id, decidedOn: '2024-03-05' });
  colleague = await aSignedInUser(primary.baseUrl, primary.db.pool, {
    organisationId: sub.subcontractor.organisationId,
    roles: ['FINANCE'],
  });
  // The primary app only seeded: close it so its database can be cloned. The test pool's idle
  // connections are ended by each clone; it reconnects.
  await primary.app.close();
  primary.db.pool.on('error', () => undefined);
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await primary.db.drop();
});

/** An API on the primary with a reader cloned from it now; later writes reach only the primary. */
async function apiWithReader() {
  const reader = await cloneDatabase(primary.db.name);
  const api = await startWithReader(primary, reader.url);
  const readerPool = new Pool({ connectionString: reader.url, max: 2 });
  readerPool.on('error', () => undefined);
  cleanups.push(
    () => dropDatabase(reader.name),
    () => readerPool.end(),
    () => api.app.close(),
  );
  world.baseUrl = api.baseUrl;
  return { ...api, reader, readerPool };
}

const count = async (pool: Pool, sql: string, values: unknown[]) =>
  Number((await pool.query<{ n: string }>(sql, values)).rows[0]!.n);

/** Which server answered a GET (the Waymark-Data-Source header), with the path and status, for one comparison. */
async function answeredBy(baseUrl: string, path: string, token: string) {
  const answer = await call(baseUrl, 'GET', path, { token });
  return { path, status: answer.status, source: answer.headers.get(FRESHNESS_HEADERS.source) };
}

describe('reads on a replica (DATABASE_READ_URL)', () => {
  it('answers statements, dashboards and analytics from the replica, says how fresh they are, and sends every write to the primary', async () => {
    const { baseUrl, readerPool } = await apiWithReader();
    const before = await call(baseUrl, 'GET', statementPath(sub.id), {
      token: sub.subcontractor.token,
    });
    expect(before.status).toBe(200);
    expect(before.headers.get(FRESHNESS_HEADERS.source)).toBe('replica');
    expect(before.body.statement.totals.approvedPence).toBe('120000');

    // A claim written on the primary after the clone (straight to the database, as the claims workflow would).
    const claimId = await anApprovedClaim(world, {
      subcontractId: sub.id,
      decidedOn: '2024-03-06',
    });

    expect(
      await count(primary.db.pool, 'SELECT count(*) AS n FROM claim WHERE id = $1', [claimId]),
    ).toBe(1);
    expect(
      await count(readerPool, 'SELECT count(*) AS n FROM claim WHERE id = $1', [claimId]),
    ).toBe(0);
    const statementReads =
      'SELECT count(*) AS n FROM audit_event WHERE action = $1 AND entity_id = $2';
    // Reading a statement is audited, and the audit is a write: the primary has it, the reader does not.
    expect(await count(primary.db.pool, statementReads, ['statement.read', sub.id])).toBe(1);
    expect(await count(readerPool, statementReads, ['statement.read', sub.id])).toBe(0);

    // The statement is still the reader's copy: the new claim is not in it.
    const after = await call(baseUrl, 'GET', statementPath(sub.id), {
      token: sub.subcontractor.token,
    });
    expect(after.status).toBe(200);
    expect(after.headers.get(FRESHNESS_HEADERS.source)).toBe('replica');
    expect(after.body.statement.totals.approvedPence).toBe('120000');
    const asOf = Date.parse(after.headers.get(FRESHNESS_HEADERS.asOf) ?? '');
    expect(Math.abs(Date.now() - asOf)).toBeLessThan(60_000);
    expect(after.headers.get(FRESHNESS_HEADERS.lag)).toBe('0.0');

    for (const path of ['/dashboard', '/analytics/spend', '/analytics/flow-down']) {
      expect(await answeredBy(baseUrl, path, world.prime.token)).toEqual({
        path,
        status: 200,
        source: 'replica',
      });
    }
    // The API document declares, on each of these routes, exactly the headers they send.
    const document = (await (await fetch(`${baseUrl}/docs/openapi.json`)).json()) as {
      paths: Record<string, { get: { responses: Record<string, { headers?: object }> } }>;
    };
    for (const path of ['/dashboard', '/analytics/spend', '/analytics/flow-down'])
      expect(
        Object.keys(document.paths[path]!.get.responses['200']!.headers ?? {})
          .map((name) => name.toLowerCase())
          .sort(),
      ).toEqual(Object.values(FRESHNESS_HEADERS).sort());
    // Other routes read the primary, as before, and carry no freshness headers.
    const me = await call(baseUrl, 'GET', '/auth/me', { token: world.prime.token });
    expect(me.status).toBe(200);
    expect(me.headers.get(FRESHNESS_HEADERS.source)).toBeNull();
  });

  it('scopes the replica’s answers by row-level security: another organisation’s statement is 404, a subcontractor sees only its own figures', async () => {
    const { baseUrl, readerPool } = await apiWithReader();
    const onReader = async (subcontractId: string) =>
      (
        await readerPool.query<{ id: string }>(
          'SELECT id FROM claim WHERE subcontract_id = $1 ORDER BY id',
          [subcontractId],
        )
      ).rows.map((row) => row.id);
    const foreign = await call(baseUrl, 'GET', statementPath(other.id), {
      token: sub.subcontractor.token,
    });
    expect(foreign.status).toBe(404);
    const own = await call<{ statement: { lines: { claimId: string | null }[] } }>(
      baseUrl,
      'GET',
      statementPath(sub.id),
      { token: sub.subcontractor.token },
    );
    expect(own.status).toBe(200);
    expect(own.headers.get(FRESHNESS_HEADERS.source)).toBe('replica');
    const shown = own.body.statement.lines.map((line) => line.claimId).sort();
    expect(shown).toContain(subClaimId);
    expect(shown).toEqual(await onReader(sub.id));
    expect(await onReader(other.id)).not.toHaveLength(0);
    // The subcontractor's own figures only, whatever it asks for.
    const othersFigures = await call(
      baseUrl,
      'GET',
      `/analytics/payment-timeliness?subcontractorId=${other.subcontractor.organisationId}`,
      { token: sub.subcontractor.token },
    );
    expect(othersFigures.status).toBe(404);
  });

  it('answers a session the replica has not replayed yet from the primary, and refuses a revoked one the replica still holds', async () => {
    const { baseUrl } = await apiWithReader();
    // Signed in after the clone: the reader's scope check does not know the session; the primary does.
    const newcomer = await aSignedInUser(baseUrl, primary.db.pool, {
      organisationId: sub.subcontractor.organisationId,
      roles: ['FINANCE'],
    });
    const fresh = await call(baseUrl, 'GET', statementPath(sub.id), { token: newcomer.token });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get(FRESHNESS_HEADERS.source)).toBe('primary');

    // The colleague's session is live on both; warm this instance's principal cache with it.
    expect((await call(baseUrl, 'GET', '/dashboard', { token: colleague.token })).status).toBe(200);
    // Revoked on the primary (as another instance would), still live on the reader.
    await primary.db.pool.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'revoked elsewhere' WHERE user_id = $1`,
      [colleague.id],
    );
    expect((await call(baseUrl, 'GET', '/dashboard', { token: colleague.token })).status).toBe(401);
  });

  it('falls back to the primary, without an error, when the replica goes away', async () => {
    const { baseUrl, reader } = await apiWithReader();
    const first = await call(baseUrl, 'GET', '/dashboard', { token: world.prime.token });
    expect(first.headers.get(FRESHNESS_HEADERS.source)).toBe('replica');
    await dropDatabase(reader.name);
    for (const path of [statementPath(sub.id), '/dashboard', '/analytics/spend']) {
      const token = path.startsWith('/statements') ? sub.subcontractor.token : world.prime.token;
      expect(await answeredBy(baseUrl, path, token)).toEqual({
        path,
        status: 200,
        source: 'primary',
      });
    }
  });
});

describe('without DATABASE_READ_URL', () => {
  it('reads everything on the primary and answers as before, with no freshness headers', async () => {
    const api = await startWithReader(primary, undefined);
    cleanups.push(() => api.app.close());
    const answer = await call(api.baseUrl, 'GET', statementPath(sub.id), {
      token: sub.subcontractor.token,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get(FRESHNESS_HEADERS.source)).toBeNull();
    expect(answer.headers.get(FRESHNESS_HEADERS.asOf)).toBeNull();
  });
});

describe('the lag rule', () => {
  const checkedAt = new Date('2026-12-06T14:02:10Z');

  it('uses the replica only when it answered its last probe at most the bound behind', () => {
    expect(isReplicaUsable({ isReachable: true, lagSeconds: 3, checkedAt }, 30)).toBe(true);
    expect(isReplicaUsable({ isReachable: true, lagSeconds: 30, checkedAt }, 30)).toBe(true);
    expect(isReplicaUsable({ isReachable: true, lagSeconds: 30.5, checkedAt }, 30)).toBe(false);
    expect(isReplicaUsable({ isReachable: false, lagSeconds: null, checkedAt }, 30)).toBe(false);
    expect(isReplicaUsable(null, 30)).toBe(false);
  });

  it('measures a server that is not a standby as up to date', async () => {
    const { rows } = await primary.db.pool.query<{ lag_seconds: number; checked_at: Date }>(
      PROBE_SQL,
    );
    expect(rows[0]!.lag_seconds).toBe(0);
    expect(rows[0]!.checked_at).toBeInstanceOf(Date);
  });
});
