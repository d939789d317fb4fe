import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { CLAIM_STATUSES, REFERRAL_STATUSES } from '@waymark/domain';
import { randomBytes } from 'node:crypto';
import { decryptNiNumber, hmacNiNumber, isValidNiNumber } from '../pii/ni-number';
import { DEMO_LOGINS, seedDemoData } from './index';

const pii = { hmacKey: randomBytes(32), encryptionKey: randomBytes(32) };
const COUNTED_TABLES = [
  'organisation',
  'app_user',
  'participant',
  'referral',
  'activity',
  'claim',
  'claim_transition',
  'remittance',
  'subcontractor_payment',
  'ledger_entry',
];

describe('seedDemoData', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      result[table] = Number(rows[0]?.n);
    }
    return result;
  }

  it('seeds the demo programme once, in one transaction', async () => {
    const started = Date.now();
    await expect(seedDemoData({ databaseUrl: db.url, asOf: '2026-11-20', pii })).resolves.toEqual({
      seeded: true,
    });
    expect(Date.now() - started).toBeLessThan(20_000);

    const kinds = await db.pool.query<{ kind: string }>(
      'SELECT DISTINCT kind::text AS kind FROM organisation ORDER BY 1',
    );
    expect(kinds.rows.map((r) => r.kind)).toEqual([
      'COMMISSIONER',
      'PLATFORM',
      'PRIME',
      'REFERRAL_PARTNER',
      'SUBCONTRACTOR',
    ]);

    const users = await db.pool.query<{ email: string }>(
      'SELECT email FROM app_user WHERE is_active AND email = ANY($1)',
      [DEMO_LOGINS.map((l) => l.email)],
    );
    expect(users.rowCount).toBe(DEMO_LOGINS.length);
    expect(DEMO_LOGINS.length).toBeLessThanOrEqual(20);

    const claimStatuses = await db.pool.query<{ status: string }>(
      'SELECT DISTINCT status::text FROM claim',
    );
    expect(claimStatuses.rows.map((r) => r.status).sort()).toEqual([...CLAIM_STATUSES].sort());
    const referralStatuses = await db.pool.query<{ status: string }>(
      'SELECT DISTINCT status::text FROM referral',
    );
    expect(referralStatuses.rows.map((r) => r.status).sort()).toEqual(
      [...REFERRAL_STATUSES].sort(),
    );

    const unbalanced = await db.pool.query(
      'SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(amount_pence) <> 0',
    );
    expect(unbalanced.rowCount).toBe(0);
    const paymentsWithoutLedger = await db.pool.query(
      "SELECT p.id FROM subcontractor_payment p WHERE p.status = 'PAID' AND NOT EXISTS (SELECT 1 FROM ledger_transaction t WHERE t.subcontractor_payment_id = p.id)",
    );
    expect(paymentsWithoutLedger.rowCount).toBe(0);

    const outsideChain = await db.pool.query(
      'SELECT r.id FROM referral r JOIN subcontract s ON s.id = r.subcontract_id WHERE s.prime_contract_id <> r.prime_contract_id',
    );
    expect(outsideChain.rowCount).toBe(0);

    const parked = await db.pool.query(
      "SELECT r.id FROM referral r JOIN activity a ON a.referral_id = r.id WHERE r.status = 'ATTACHED' GROUP BY r.id HAVING max(a.occurred_on) < date '2026-11-20' - 30",
    );
    expect(parked.rowCount).toBeGreaterThan(10);

    const termsKinds = await db.pool.query<{ terms_kind: string }>(
      'SELECT DISTINCT terms_kind::text FROM subcontract ORDER BY 1',
    );
    expect(termsKinds.rows.map((r) => r.terms_kind)).toEqual([
      'GRANT',
      'HYBRID',
      'MILESTONE_TARIFF',
      'PBR_SHARE',
      'SERVICE_FEE',
    ]);

    const lateAndShort = await db.pool.query<{ late: string; short: string }>(
      "SELECT count(*) FILTER (WHERE paid_on > due_on) AS late, (SELECT count(*) FROM ledger_transaction WHERE description LIKE '%part payment%') AS short FROM subcontractor_payment WHERE status = 'PAID'",
    );
    expect(Number(lateAndShort.rows[0]?.late)).toBeGreaterThan(0);
    expect(Number(lateAndShort.rows[0]?.short)).toBeGreaterThan(0);

    // Reconciliation reads stored entitlements: every claim line of a PAID payment has one, with its paid line recorded.
    const passedDownWithoutEntitlement = await db.pool.query(
      `SELECT l.id FROM subcontractor_payment_line l JOIN subcontractor_payment p ON p.id = l.subcontractor_payment_id
       LEFT JOIN subcontract_entitlement e ON e.claim_id = l.claim_id AND e.subcontractor_payment_line_id = l.id
       WHERE p.status = 'PAID' AND l.claim_id IS NOT NULL AND e.claim_id IS NULL`,
    );
    expect(passedDownWithoutEntitlement.rowCount).toBe(0);
    const entitled = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM subcontract_entitlement WHERE expected_pence IS NOT NULL',
    );
    expect(Number(entitled.rows[0]?.n)).toBeGreaterThan(0);

    expect((await counts()).participant).toBe(3_000);
  });

  it('stores valid NI numbers as the API does: HMAC for matching, AES-GCM for authorised display', async () => {
    const { rows } = await db.pool.query<{ ni_number_hmac: Buffer; ni_number_ciphertext: Buffer }>(
      'SELECT ni_number_hmac, ni_number_ciphertext FROM participant LIMIT 20',
    );
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      const niNumber = decryptNiNumber(row.ni_number_ciphertext, pii.encryptionKey);
      expect(isValidNiNumber(niNumber)).toBe(true);
      expect(hmacNiNumber(niNumber, pii.hmacKey)).toEqual(row.ni_number_hmac);
    }
  });

  it('returns seeded: false the second time and writes nothing', async () => {
    const before = await counts();
    await expect(seedDemoData({ databaseUrl: db.url, asOf: '2026-11-20' })).resolves.toEqual({
      seeded: false,
    });
    expect(await counts()).toEqual(before);
  });
});
