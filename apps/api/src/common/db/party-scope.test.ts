import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  aPrimeContract,
  aReferral,
  aSubcontract,
  anOrganisation,
  aUser,
  createTestDatabase,
  type TestDatabase,
} from '@waymark/db/test-support';
import { type Role } from '@waymark/domain';
import { principalCache } from '../auth/principal-cache';
import { type Principal } from '../auth/principal';
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';
import { beginPartyScopeSql, queryInPartyScope, withPartyScope } from './party-scope';
import { markTransactionPooled } from './statement-mode';

let db: TestDatabase;
let pool: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  // One connection, so every call reuses the same pooled session.
  pool = new Pool({ connectionString: db.url, max: 1 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const sessionState = async () =>
  (
    await pool.query<{ role: string; organisation: string | null }>(
      `SELECT current_user AS role, nullif(current_setting('waymark.organisation_id', true), '') AS organisation`,
    )
  ).rows[0]!;

describe('party scope on pooled connections', () => {
  it('runs as waymark_app with the caller’s organisation, and leaves nothing behind on the connection', async () => {
    const owner = (await sessionState()).role;
    const organisationId = randomUUID();
    const inside = await withPartyScope(
      pool,
      { organisationId },
      async (client) =>
        (
          await client.query<{ role: string; organisation: string }>(
            `SELECT current_user AS role, current_setting('waymark.organisation_id') AS organisation`,
          )
        ).rows[0]!,
    );
    expect(inside).toEqual({ role: 'waymark_app', organisation: organisationId });
    expect(await sessionState()).toEqual({ role: owner, organisation: null });
  });

  it('does not carry a caller’s settings over after a failed transaction either', async () => {
    const owner = (await sessionState()).role;
    await expect(
      withPartyScope(pool, { organisationId: randomUUID() }, async (client) =>
        client.query('SELECT 1/0'),
      ),
    ).rejects.toThrow(/division by zero/);
    expect(await sessionState()).toEqual({ role: owner, organisation: null });
  });

  it('returns only the caller’s rows to a query with no WHERE clause', async () => {
    const world = await aPrimeContract(db.pool);
    const referralId = await aReferral(db.pool, world);
    const asPrime = await withPartyScope(
      pool,
      { organisationId: world.primeId },
      async (client) => (await client.query<{ id: string }>('SELECT id FROM referral')).rows,
    );
    expect(asPrime.map((row) => row.id)).toEqual([referralId]);
    const asStranger = await withPartyScope(
      pool,
      { organisationId: randomUUID() },
      async (client) => (await client.query('SELECT id FROM referral')).rows,
    );
    expect(asStranger).toEqual([]);
  });

  it('refuses an organisation id that is not a UUID before sending anything (it is written into the SQL as a literal)', async () => {
    const hostile = `${randomUUID()}', false); SET ROLE postgres; --`;
    expect(() => beginPartyScopeSql({ organisationId: hostile })).toThrow(/not a UUID/);
    let ran = false;
    await expect(
      withPartyScope(pool, { organisationId: hostile }, async () => {
        ran = true;
      }),
    ).rejects.toThrow(/not a UUID/);
    expect(ran).toBe(false);
    expect((await sessionState()).organisation).toBeNull();
  });

  it('shows a subcontractor the referrals and participants of its own subcontracts only, and a referral partner its own referrals', async () => {
    const world = await aPrimeContract(db.pool);
    const subcontractorId = (await anOrganisation(db.pool)).id;
    const subcontractId = await aSubcontract(db.pool, world, {
      subcontractor_id: subcontractorId,
    });
    const delegated = await aReferral(db.pool, world, { subcontract_id: subcontractId });
    const other = await aReferral(db.pool, world, {
      subcontract_id: await aSubcontract(db.pool, world),
    });
    const partnerId = (
      await db.pool.query<{ referral_partner_id: string }>(
        'SELECT referral_partner_id FROM referral WHERE id = $1',
        [other],
      )
    ).rows[0]!.referral_partner_id;
    const seen = (organisationId: string) =>
      withPartyScope(pool, { organisationId }, async (client) => ({
        referrals: (
          await client.query<{ id: string }>('SELECT id FROM referral ORDER BY id')
        ).rows.map((r) => r.id),
        participants: (await client.query<{ id: string }>('SELECT p.id FROM participant p')).rows
          .length,
      }));
    expect(await seen(subcontractorId)).toEqual({ referrals: [delegated], participants: 1 });
    expect(await seen(partnerId)).toEqual({ referrals: [other], participants: 1 });
  });

  it('prepares each parameterised statement once per connection, and leaves parameterless and multi-statement text alone', async () => {
    const world = await aPrimeContract(db.pool);
    const referralId = await aReferral(db.pool, world);
    const read = () =>
      withPartyScope(
        pool,
        { organisationId: world.primeId },
        async (client) =>
          (
            await client.query<{ id: string }>(
              'SELECT id FROM referral WHERE id = $1 /* prepared probe */',
              [referralId],
            )
          ).rows,
      );
    expect(await read()).toEqual([{ id: referralId }]);
    expect(await read()).toEqual([{ id: referralId }]);
    const prepared = await withPartyScope(
      pool,
      { organisationId: world.primeId },
      async (client) => {
        await client.query('SELECT 1; SELECT 2');
        return (
          await client.query<{ name: string }>(
            `SELECT name FROM pg_prepared_statements WHERE statement LIKE '%prepared probe%'`,
          )
        ).rows;
      },
    );
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^wm_[0-9a-f]{24}$/);
  });

  it('drops a connection whose prepared statement a migration made stale, so only one request fails', async () => {
    await db.pool.query(
      'CREATE TABLE stale_probe (id int PRIMARY KEY); GRANT SELECT ON stale_probe TO waymark_app; INSERT INTO stale_probe VALUES (1)',
    );
    const read = () =>
      withPartyScope(
        pool,
        { organisationId: randomUUID() },
        async (client) => (await client.query('SELECT * FROM stale_probe WHERE id = $1', [1])).rows,
      );
    expect(await read()).toEqual([{ id: 1 }]);
    await db.pool.query('ALTER TABLE stale_probe ADD COLUMN note text');
    await expect(read()).rejects.toThrow(/cached plan must not change result type/);
    expect(await read()).toEqual([{ id: 1, note: null }]);
  });
});

describe('one-statement reads in one round trip (queryInPartyScope)', () => {
  it('runs the statement as waymark_app in the caller’s organisation, sees only the caller’s rows, and leaves nothing on the connection', async () => {
    const owner = (await sessionState()).role;
    const world = await aPrimeContract(db.pool);
    const referralId = await aReferral(db.pool, world);
    await aReferral(db.pool, await aPrimeContract(db.pool));
    const read = (organisationId: string) =>
      queryInPartyScope<{ id: string; role: string; organisation: string; plans: string }>(
        pool,
        { organisationId },
        `SELECT id, current_user AS role, current_setting('waymark.organisation_id') AS organisation, current_setting('plan_cache_mode') AS plans FROM referral WHERE received_at < $1`,
        [new Date(Date.now() + 60_000)],
      );
    for (let i = 0; i < 3; i += 1) {
      expect((await read(world.primeId)).rows).toEqual([
        {
          id: referralId,
          role: 'waymark_app',
          organisation: world.primeId,
          plans: 'force_custom_plan',
        },
      ]);
      expect(await sessionState()).toEqual({ role: owner, organisation: null });
    }
    expect((await read(randomUUID())).rows).toEqual([]);
  });

  it('takes one round trip (one ReadyForQuery from the server) where withPartyScope takes three', async () => {
    const organisationId = randomUUID();
    let roundTrips = 0;
    const count = () => (roundTrips += 1);
    const onAcquire = (client: { connection: NodeJS.EventEmitter }) =>
      client.connection.on('readyForQuery', count);
    const onRelease = (_error: Error | undefined, client: { connection: NodeJS.EventEmitter }) =>
      client.connection.off('readyForQuery', count);
    pool.on('acquire', onAcquire);
    pool.on('release', onRelease);
    try {
      const text = 'SELECT $1::int AS n /* round-trip probe */';
      await queryInPartyScope(pool, { organisationId }, text, [1]); // prepares the statement on the connection
      roundTrips = 0;
      expect(
        (await queryInPartyScope<{ n: number }>(pool, { organisationId }, text, [2])).rows,
      ).toEqual([{ n: 2 }]);
      expect(roundTrips).toBe(1);
      roundTrips = 0;
      await withPartyScope(pool, { organisationId }, (client) => client.query(text, [3]));
      expect(roundTrips).toBe(3);
    } finally {
      pool.off('acquire', onAcquire);
      pool.off('release', onRelease);
    }
  });

  it('keeps the connection after a failure of an already-prepared statement, and drops it after a failure of a new one', async () => {
    const backend = async () =>
      (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const divide = (by: number) =>
      queryInPartyScope<{ q: number }>(
        pool,
        { organisationId: randomUUID() },
        'SELECT 10 / $1::int AS q /* failure probe */',
        [by],
      );
    const first = await backend();
    await expect(divide(0)).rejects.toThrow(/division by zero/);
    const second = await backend();
    expect(second).not.toBe(first);
    expect((await divide(5)).rows).toEqual([{ q: 2 }]);
    await expect(divide(0)).rejects.toThrow(/division by zero/);
    expect(await backend()).toBe(second);
    expect((await divide(2)).rows).toEqual([{ q: 5 }]);
  });
});

describe('opening a scope re-checks the caller in the same transaction', () => {
  async function aSignedInCaller(roles: Role[] = ['CASEWORKER']): Promise<Principal> {
    const world = await aPrimeContract(db.pool);
    const userId = (await aUser(db.pool, { organisationId: world.primeId, roles })).id;
    const sessionId = (
      await db.pool.query<{ id: string }>(
        `INSERT INTO auth_session (user_id, expires_at, ip_address) VALUES ($1, now() + interval '1 hour', '127.0.0.1') RETURNING id`,
        [userId],
      )
    ).rows[0]!.id;
    return {
      via: 'session',
      userId,
      sessionId,
      apiKeyId: null,
      organisationId: world.primeId,
      organisationKind: 'PRIME',
      roles,
    };
  }
  const both = (caller: Principal) => [
    () =>
      withPartyScope(pool, caller, async (client) => (await client.query('SELECT 1 AS one')).rows),
    async () => (await queryInPartyScope(pool, caller, 'SELECT $1::int AS one', [1])).rows,
  ];
  const statusOf = async (work: () => Promise<unknown>) =>
    work().then(
      () => 200,
      (error: unknown) =>
        error instanceof AppError && error.code === CommonError.UNAUTHENTICATED
          ? 401
          : (error as Error).message,
    );

  it('lets a live session through, and refuses it with a 401 once it is revoked — by anyone, straight in the database', async () => {
    const caller = await aSignedInCaller();
    for (const work of both(caller)) expect(await work()).toEqual([{ one: 1 }]);
    principalCache.set(caller, new Date(Date.now() + 60_000));
    await db.pool.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'test' WHERE id = $1`,
      [caller.sessionId],
    );
    for (const work of both(caller)) expect(await statusOf(work)).toBe(401);
    expect(principalCache.get(caller.sessionId!, caller.userId!)).toBeUndefined();
  });

  it('refuses an expired session, a deactivated user, and a caller whose roles or organisation changed', async () => {
    const expired = await aSignedInCaller();
    await db.pool.query(
      `UPDATE auth_session SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.sessionId],
    );
    const deactivated = await aSignedInCaller();
    await db.pool.query('UPDATE app_user SET is_active = false WHERE id = $1', [
      deactivated.userId,
    ]);
    const demoted = await aSignedInCaller(['ADMIN', 'CASEWORKER']);
    await db.pool.query(`UPDATE app_user SET roles = '{CASEWORKER}' WHERE id = $1`, [
      demoted.userId,
    ]);
    const moved = await aSignedInCaller();
    await db.pool.query('UPDATE app_user SET organisation_id = $2 WHERE id = $1', [
      moved.userId,
      (await anOrganisation(db.pool)).id,
    ]);
    for (const caller of [expired, deactivated, demoted, moved])
      for (const work of both(caller)) expect(await statusOf(work)).toBe(401);
  });

  it('refuses a revoked API key, and does not check work that carries no session or key (background jobs)', async () => {
    const world = await aPrimeContract(db.pool);
    const apiKeyId = (
      await db.pool.query<{ id: string }>(
        `INSERT INTO api_key (organisation_id, name, key_prefix, key_hash, roles) VALUES ($1, 'probe', 'wmk_probe', $2, '{CASEWORKER}') RETURNING id`,
        [world.primeId, Buffer.alloc(32, 7)],
      )
    ).rows[0]!.id;
    const keyCaller: Principal = {
      via: 'api-key',
      userId: null,
      sessionId: null,
      apiKeyId,
      organisationId: world.primeId,
      organisationKind: 'PRIME',
      roles: ['CASEWORKER'],
    };
    for (const work of both(keyCaller)) expect(await work()).toEqual([{ one: 1 }]);
    await db.pool.query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [apiKeyId]);
    for (const work of both(keyCaller)) expect(await statusOf(work)).toBe(401);
    expect(
      await withPartyScope(
        pool,
        { organisationId: world.primeId },
        async (client) => (await client.query('SELECT 1 AS one')).rows,
      ),
    ).toEqual([{ one: 1 }]);
  });

  it('checks every value it writes into the opening SQL', () => {
    const organisationId = randomUUID();
    expect(() =>
      beginPartyScopeSql({
        organisationId,
        sessionId: "x'; SET ROLE postgres; --",
        userId: randomUUID(),
        roles: ['CASEWORKER'],
      }),
    ).toThrow(/session id is not a UUID/);
    expect(() =>
      beginPartyScopeSql({
        organisationId,
        sessionId: randomUUID(),
        userId: randomUUID(),
        roles: ["ADMIN'] --" as Role],
      }),
    ).toThrow(/not one of ROLES/);
    expect(() =>
      beginPartyScopeSql({ organisationId, sessionId: randomUUID(), userId: randomUUID() }),
    ).toThrow(/needs its roles/);
    expect(beginPartyScopeSql({ organisationId })).toBe(
      `BEGIN; CALL waymark_open_scope('${organisationId}', NULL, NULL, NULL, NULL)`,
    );
  });
});

describe('behind a transaction-mode pooler (DATABASE_POOLER=transaction)', () => {
  let pooled: Pool;
  beforeAll(() => {
    pooled = new Pool({ connectionString: db.url, max: 1 });
    markTransactionPooled(pooled);
  });
  afterAll(async () => {
    await pooled.end();
  });
  const preparedOnConnection = async () =>
    (await pooled.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows.map(
      (row) => row.name,
    );

  it('names no statement: both scoped paths leave nothing prepared on the connection for the next transaction', async () => {
    const world = await aPrimeContract(db.pool);
    const referralId = await aReferral(db.pool, world);
    const text = 'SELECT id FROM referral WHERE id = $1 /* pooled probe */';
    for (let i = 0; i < 2; i += 1) {
      expect(
        await withPartyScope(
          pooled,
          { organisationId: world.primeId },
          async (client) => (await client.query<{ id: string }>(text, [referralId])).rows,
        ),
      ).toEqual([{ id: referralId }]);
      expect(
        (
          await queryInPartyScope<{ id: string }>(pooled, { organisationId: world.primeId }, text, [
            referralId,
          ])
        ).rows,
      ).toEqual([{ id: referralId }]);
    }
    expect(await preparedOnConnection()).toEqual([]);
    expect(
      (await queryInPartyScope(pooled, { organisationId: randomUUID() }, text, [referralId])).rows,
    ).toEqual([]);
  });

  it('still opens the scope in the same round trip for a statement without parameters, as waymark_app, and leaves no setting behind', async () => {
    const organisationId = randomUUID();
    const { rows } = await queryInPartyScope<{ role: string; organisation: string }>(
      pooled,
      { organisationId },
      `SELECT current_user AS role, current_setting('waymark.organisation_id') AS organisation`,
      [],
    );
    expect(rows).toEqual([{ role: 'waymark_app', organisation: organisationId }]);
    const after = (
      await pooled.query<{ organisation: string | null }>(
        `SELECT nullif(current_setting('waymark.organisation_id', true), '') AS organisation`,
      )
    ).rows[0]!;
    expect(after.organisation).toBeNull();
  });

  it('keeps the connection after a failed statement (nothing on it to distrust), and refuses a revoked session with a 401', async () => {
    const backend = async () =>
      (await pooled.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const before = await backend();
    await expect(
      queryInPartyScope(pooled, { organisationId: randomUUID() }, 'SELECT 10 / $1::int AS q', [0]),
    ).rejects.toThrow(/division by zero/);
    expect(await backend()).toBe(before);

    const world = await aPrimeContract(db.pool);
    const userId = (await aUser(db.pool, { organisationId: world.primeId, roles: ['CASEWORKER'] }))
      .id;
    const sessionId = (
      await db.pool.query<{ id: string }>(
        `INSERT INTO auth_session (user_id, expires_at, ip_address) VALUES ($1, now() + interval '1 hour', '127.0.0.1') RETURNING id`,
        [userId],
      )
    ).rows[0]!.id;
    const caller: Principal = {
      via: 'session',
      userId,
      sessionId,
      apiKeyId: null,
      organisationId: world.primeId,
      organisationKind: 'PRIME',
      roles: ['CASEWORKER'],
    };
    expect((await queryInPartyScope(pooled, caller, 'SELECT $1::int AS one', [1])).rows).toEqual([
      { one: 1 },
    ]);
    await db.pool.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'test' WHERE id = $1`,
      [sessionId],
    );
    const refused = await queryInPartyScope(pooled, caller, 'SELECT $1::int AS one', [1]).then(
      () => 'answered',
      (error: unknown) => (error instanceof AppError ? error.code : String(error)),
    );
    expect(refused).toBe(CommonError.UNAUTHENTICATED);
  });
});
