import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, factory, type TestDatabase } from '@waymark/db/test-support';
import { withPartyScope } from './party-scope';

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
});
