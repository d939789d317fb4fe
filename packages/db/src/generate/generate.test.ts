import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { contentHash, generateScaleData } from './index';
import { TABLE_ORDER } from './tables';

describe('generateScaleData', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first.drop(), second.drop()]);
  });

  it('generates the same data from the same seed, with plausible outcomes and a balanced ledger', async () => {
    const options = { referrals: 2_000, seed: 7, activitiesPerReferral: 4, chunkSize: 500 };
    await generateScaleData({ databaseUrl: first.url, ...options });
    await generateScaleData({ databaseUrl: second.url, ...options });

    expect(await contentHash(first.pool, TABLE_ORDER)).toBe(await contentHash(second.pool, TABLE_ORDER));

    const { rows } = await first.pool.query<{ referrals: string; outcomes: string; esa_ex_ib: string; esa_ex_ib_outcomes: string }>(`
      SELECT count(DISTINCT r.id) AS referrals,
             count(DISTINCT c.referral_id) AS outcomes,
             count(DISTINCT r.id) FILTER (WHERE p.benefit_type = 'ESA_EX_IB') AS esa_ex_ib,
             count(DISTINCT c.referral_id) FILTER (WHERE p.benefit_type = 'ESA_EX_IB') AS esa_ex_ib_outcomes
        FROM referral r
        JOIN participant p ON p.id = r.participant_id
        LEFT JOIN claim c ON c.referral_id = r.id
          AND c.milestone_type_id IN (SELECT id FROM milestone_type WHERE code = 'JOB_OUTCOME')
       WHERE r.status = 'EXITED'`);
    const row = rows[0];
    const rate = Number(row?.outcomes) / Number(row?.referrals);
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.35);
    expect(Number(row?.esa_ex_ib_outcomes) / Number(row?.esa_ex_ib)).toBeLessThan(0.12);

    const unbalanced = await first.pool.query('SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(amount_pence) <> 0');
    expect(unbalanced.rowCount).toBe(0);
    const ledger = await first.pool.query<{ n: string }>('SELECT count(*) AS n FROM ledger_entry');
    expect(Number(ledger.rows[0]?.n)).toBeGreaterThan(0);

    const idle = await first.pool.query<{ share: string }>(`
      SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM referral r JOIN subcontract s ON s.id = r.subcontract_id WHERE s.subcontractor_id = o.id) THEN 0 ELSE 1 END) AS share
        FROM organisation o WHERE o.kind = 'SUBCONTRACTOR'`);
    expect(Number(idle.rows[0]?.share)).toBeGreaterThan(0.25);
  });
});
