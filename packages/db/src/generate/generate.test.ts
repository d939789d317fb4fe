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

    expect(await contentHash(first.pool, TABLE_ORDER)).toBe(
      await contentHash(second.pool, TABLE_ORDER),
    );

    const { rows } = await first.pool.query<{
      referrals: string;
      outcomes: string;
      esa_ex_ib: string;
      esa_ex_ib_outcomes: string;
    }>(`
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

    const unbalanced = await first.pool.query(
      'SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(amount_pence) <> 0',
    );
    expect(unbalanced.rowCount).toBe(0);
    const ledger = await first.pool.query<{ n: string }>('SELECT count(*) AS n FROM ledger_entry');
    expect(Number(ledger.rows[0]?.n)).toBeGreaterThan(0);

    const idle = await first.pool.query<{ share: string }>(`
      SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM referral r JOIN subcontract s ON s.id = r.subcontract_id WHERE s.subcontractor_id = o.id) THEN 0 ELSE 1 END) AS share
        FROM organisation o WHERE o.kind = 'SUBCONTRACTOR'`);
    expect(Number(idle.rows[0]?.share)).toBeGreaterThan(0.25);
  });

  it('loads claims with the claim-total row trigger off, then recomputes each contract’s live total from its claims and turns the trigger back on', async () => {
    const db = await createTestDatabase();
    try {
      const triggerStates: string[] = [];
      const triggerState = async (client: Pick<TestDatabase['pool'], 'query'>) =>
        (
          await client.query<{ tgenabled: string }>(
            `SELECT tgenabled FROM pg_trigger WHERE tgname = 'claim_total_refresh'`,
          )
        ).rows[0]!.tgenabled;
      expect(await triggerState(db.pool)).toBe('O');
      await generateScaleData({
        databaseUrl: db.url,
        referrals: 1_200,
        seed: 11,
        activitiesPerReferral: 2,
        chunkSize: 300,
        onChunkWritten: async (client) => {
          triggerStates.push(await triggerState(client));
        },
      });
      // 'D': disabled, for every chunk written; 'O': enabled (origin) again after.
      expect(triggerStates).toEqual(['D', 'D', 'D', 'D']);
      expect(await triggerState(db.pool)).toBe('O');
      const { rows } = await db.pool.query<{
        prime_contract_id: string;
        expected: string;
        stored: string | null;
      }>(
        `SELECT c.prime_contract_id, sum(c.amount_pence)::text AS expected, t.live_pence::text AS stored
           FROM claim c LEFT JOIN prime_contract_claim_total t ON t.prime_contract_id = c.prime_contract_id
          WHERE waymark_claim_is_live(c.status) GROUP BY c.prime_contract_id, t.live_pence`,
      );
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.filter((row) => row.stored !== row.expected)).toEqual([]);
      // The trigger keeps the total from here on: withdrawing one live claim takes its amount off.
      const claim = (
        await db.pool.query<{ id: string; prime_contract_id: string; amount_pence: string }>(
          `SELECT id, prime_contract_id, amount_pence::text FROM claim WHERE waymark_claim_is_live(status) AND amount_pence > 0 LIMIT 1`,
        )
      ).rows[0]!;
      const before = rows.find((row) => row.prime_contract_id === claim.prime_contract_id)!.stored!;
      await db.pool.query(`UPDATE claim SET status = 'WITHDRAWN' WHERE id = $1`, [claim.id]);
      const after = (
        await db.pool.query<{ live_pence: string }>(
          'SELECT live_pence::text FROM prime_contract_claim_total WHERE prime_contract_id = $1',
          [claim.prime_contract_id],
        )
      ).rows[0]!.live_pence;
      expect(BigInt(after)).toBe(BigInt(before) - BigInt(claim.amount_pence));
      // Each remittance's stored line count and gross, recomputed after the load like the claim totals.
      const remittances = await db.pool.query<{ id: string }>(
        `SELECT r.id FROM remittance r
           LEFT JOIN (SELECT remittance_id, count(*)::int AS n, sum(amount_pence) AS pence FROM remittance_line GROUP BY remittance_id) l
             ON l.remittance_id = r.id
          WHERE r.line_count <> coalesce(l.n, 0) OR r.gross_pence <> coalesce(l.pence, 0)`,
      );
      expect(remittances.rows).toEqual([]);
      expect(
        (
          await db.pool.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM remittance WHERE line_count > 0',
          )
        ).rows[0]!.n,
      ).toBeGreaterThan(0);
      // Each subcontract's referrals per status, recounted after the load; its triggers keep them from here on.
      const countsDisagreeing = () =>
        db.pool.query(
          `SELECT * FROM (SELECT subcontract_id, status, count(*)::int AS n FROM referral WHERE subcontract_id IS NOT NULL GROUP BY 1, 2) r
             FULL JOIN (SELECT subcontract_id, status, referrals AS n FROM subcontract_referral_count WHERE referrals <> 0) k USING (subcontract_id, status)
            WHERE r.n IS DISTINCT FROM k.n`,
        );
      expect((await countsDisagreeing()).rows).toEqual([]);
      expect(
        (await db.pool.query('SELECT 1 FROM subcontract_referral_count LIMIT 1')).rowCount,
      ).toBe(1);
      await db.pool.query(
        `UPDATE referral SET status = 'EXITED', exited_on = COALESCE(attached_on, CURRENT_DATE), exit_reason = 'test'
          WHERE id IN (SELECT id FROM referral WHERE status = 'ATTACHED' LIMIT 3)`,
      );
      expect((await countsDisagreeing()).rows).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
