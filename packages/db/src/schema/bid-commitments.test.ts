// Bid commitment shares of one prime contract never add up to more than 100 %,
// whoever writes them and however (bid_commitment_shares_within_whole).
import { aPrimeContract, anOrganisation, databaseErrorOf } from '../test-support/fixtures';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const commit = (
  primeContractId: string,
  subcontractorId: string,
  referralBp: number,
  spendBp: number,
) =>
  db.pool.query(
    'INSERT INTO bid_commitment (prime_contract_id, subcontractor_id, planned_referral_share_bp, planned_spend_share_bp) VALUES ($1, $2, $3, $4)',
    [primeContractId, subcontractorId, referralBp, spendBp],
  );

const aSubcontractorId = async () => (await anOrganisation(db.pool, { kind: 'SUBCONTRACTOR' })).id;

describe('bid commitment shares', () => {
  it('accepts shares adding up to exactly 100 % and refuses, in SQL, one basis point more', async () => {
    const world = await aPrimeContract(db.pool);
    const [a, b, c] = [
      await aSubcontractorId(),
      await aSubcontractorId(),
      await aSubcontractorId(),
    ];
    await commit(world.primeContractId, a, 6_000, 5_000);
    await commit(world.primeContractId, b, 4_000, 5_000);
    const referrals = await databaseErrorOf(commit(world.primeContractId, c, 1, 0));
    expect(referrals.constraint).toBe('bid_commitment_shares_within_whole');
    const spend = await databaseErrorOf(
      db.pool.query(
        'UPDATE bid_commitment SET planned_spend_share_bp = 5001 WHERE subcontractor_id = $1',
        [b],
      ),
    );
    expect(spend.constraint).toBe('bid_commitment_shares_within_whole');
    const { rows } = await db.pool.query<{ total: number }>(
      'SELECT sum(planned_referral_share_bp)::int AS total FROM bid_commitment WHERE prime_contract_id = $1',
      [world.primeContractId],
    );
    expect(rows[0]!.total).toBe(10_000);
  });

  it('checks at COMMIT, so a share can move between subcontractors in either order within one transaction', async () => {
    const world = await aPrimeContract(db.pool);
    const [a, b] = [await aSubcontractorId(), await aSubcontractorId()];
    await commit(world.primeContractId, a, 7_000, 7_000);
    await commit(world.primeContractId, b, 3_000, 3_000);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        'UPDATE bid_commitment SET planned_referral_share_bp = 4000, planned_spend_share_bp = 4000 WHERE subcontractor_id = $1',
        [b],
      );
      await client.query(
        'UPDATE bid_commitment SET planned_referral_share_bp = 6000, planned_spend_share_bp = 6000 WHERE subcontractor_id = $1',
        [a],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query<{ total: number }>(
      'SELECT sum(planned_spend_share_bp)::int AS total FROM bid_commitment WHERE prime_contract_id = $1',
      [world.primeContractId],
    );
    expect(rows[0]!.total).toBe(10_000);
  });

  it('refuses two transactions that each stay within 100 % but together pass it', async () => {
    const world = await aPrimeContract(db.pool);
    const [a, b] = [await aSubcontractorId(), await aSubcontractorId()];
    const [first, second] = await Promise.all([db.pool.connect(), db.pool.connect()]);
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      await first.query(
        'INSERT INTO bid_commitment (prime_contract_id, subcontractor_id, planned_referral_share_bp, planned_spend_share_bp) VALUES ($1, $2, 6000, 0)',
        [world.primeContractId, a],
      );
      await second.query(
        'INSERT INTO bid_commitment (prime_contract_id, subcontractor_id, planned_referral_share_bp, planned_spend_share_bp) VALUES ($1, $2, 6000, 0)',
        [world.primeContractId, b],
      );
      const results = await Promise.allSettled([first.query('COMMIT'), second.query('COMMIT')]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect((refused.reason as { constraint?: string }).constraint).toBe(
        'bid_commitment_shares_within_whole',
      );
    } finally {
      first.release();
      second.release();
    }
  });

  it('keeps every commitment written straight into the table as its confirmed version 1', async () => {
    const world = await aPrimeContract(db.pool);
    const a = await aSubcontractorId();
    await commit(world.primeContractId, a, 2_500, 2_000);
    const { rows } = await db.pool.query(
      'SELECT version, status, planned_referral_share_bp FROM bid_commitment_version WHERE prime_contract_id = $1',
      [world.primeContractId],
    );
    expect(rows).toEqual([{ version: 1, status: 'CONFIRMED', planned_referral_share_bp: 2_500 }]);
  });
});
