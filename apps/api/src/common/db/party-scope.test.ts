import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, factory, type TestDatabase } from '@waymark/db/test-support';
import { beginPartyScopeSql, withPartyScope } from './party-scope';

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
  (await pool.query<{ role: string; organisation: string | null }>(`SELECT current_user AS role, nullif(current_setting('waymark.organisation_id', true), '') AS organisation`)).rows[0]!;

describe('party scope on pooled connections', () => {
  it('runs as waymark_app with the caller’s organisation, and leaves nothing behind on the connection', async () => {
    const owner = (await sessionState()).role;
    const organisationId = randomUUID();
    const inside = await withPartyScope(pool, { organisationId }, async (client) =>
      (await client.query<{ role: string; organisation: string }>(`SELECT current_user AS role, current_setting('waymark.organisation_id') AS organisation`)).rows[0]!,
    );
    expect(inside).toEqual({ role: 'waymark_app', organisation: organisationId });
    expect(await sessionState()).toEqual({ role: owner, organisation: null });
  });

  it('does not carry a caller’s settings over after a failed transaction either', async () => {
    const owner = (await sessionState()).role;
    await expect(withPartyScope(pool, { organisationId: randomUUID() }, async (client) => client.query('SELECT 1/0'))).rejects.toThrow(/division by zero/);
    expect(await sessionState()).toEqual({ role: owner, organisation: null });
  });

  it('returns only the caller’s rows to a query with no WHERE clause', async () => {
    const world = await factory.aPrimeContract(db.pool);
    const referralId = await factory.aReferral(db.pool, world);
    const asPrime = await withPartyScope(pool, { organisationId: world.primeId }, async (client) => (await client.query<{ id: string }>('SELECT id FROM referral')).rows);
    expect(asPrime.map((row) => row.id)).toEqual([referralId]);
    const asStranger = await withPartyScope(pool, { organisationId: randomUUID() }, async (client) => (await client.query('SELECT id FROM referral')).rows);
    expect(asStranger).toEqual([]);
  });

  it('refuses an organisation id that is not a UUID before sending anything (it is written into the SQL as a literal)', async () => {
    const hostile = `${randomUUID()}', false); SET ROLE postgres; --`;
    expect(() => beginPartyScopeSql(hostile)).toThrow(/not a UUID/);
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
    const world = await factory.aPrimeContract(db.pool);
    const subcontractorId = await factory.anOrganisation(db.pool);
    const subcontractId = await factory.aSubcontract(db.pool, world, { subcontractor_id: subcontractorId });
    const delegated = await factory.aReferral(db.pool, world, { subcontract_id: subcontractId });
    const other = await factory.aReferral(db.pool, world, { subcontract_id: await factory.aSubcontract(db.pool, world) });
    const partnerId = (await db.pool.query<{ referral_partner_id: string }>('SELECT referral_partner_id FROM referral WHERE id = $1', [other])).rows[0]!.referral_partner_id;
    const seen = (organisationId: string) =>
      withPartyScope(pool, { organisationId }, async (client) => ({
        referrals: (await client.query<{ id: string }>('SELECT id FROM referral ORDER BY id')).rows.map((r) => r.id),
        participants: (await client.query<{ id: string }>('SELECT p.id FROM participant p')).rows.length,
      }));
    expect(await seen(subcontractorId)).toEqual({ referrals: [delegated], participants: 1 });
    expect(await seen(partnerId)).toEqual({ referrals: [other], participants: 1 });
  });

  it('prepares each parameterised statement once per connection, and leaves parameterless and multi-statement text alone', async () => {
    const world = await factory.aPrimeContract(db.pool);
    const referralId = await factory.aReferral(db.pool, world);
    const read = () => withPartyScope(pool, { organisationId: world.primeId }, async (client) => (await client.query<{ id: string }>('SELECT id FROM referral WHERE id = $1 /* prepared probe */', [referralId])).rows);
    expect(await read()).toEqual([{ id: referralId }]);
    expect(await read()).toEqual([{ id: referralId }]);
    const prepared = await withPartyScope(pool, { organisationId: world.primeId }, async (client) => {
      await client.query('SELECT 1; SELECT 2');
      return (await client.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE statement LIKE '%prepared probe%'`)).rows;
    });
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^wm_[0-9a-f]{24}$/);
  });

  it('drops a connection whose prepared statement a migration made stale, so only one request fails', async () => {
    await db.pool.query('CREATE TABLE stale_probe (id int PRIMARY KEY); GRANT SELECT ON stale_probe TO waymark_app; INSERT INTO stale_probe VALUES (1)');
    const read = () => withPartyScope(pool, { organisationId: randomUUID() }, async (client) => (await client.query('SELECT * FROM stale_probe WHERE id = $1', [1])).rows);
    expect(await read()).toEqual([{ id: 1 }]);
    await db.pool.query('ALTER TABLE stale_probe ADD COLUMN note text');
    await expect(read()).rejects.toThrow(/cached plan must not change result type/);
    expect(await read()).toEqual([{ id: 1, note: null }]);
  });
});
