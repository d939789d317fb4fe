import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { aClaim, aClaimWorld, aPrimeContract, databaseErrorOf } from '../test-support/factory';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function setStatus(claimId: string, status: string): Promise<void> {
  await db.pool.query(`UPDATE claim SET status = $2 WHERE id = $1`, [claimId, status]);
}

describe('claim constraints', () => {
  it('rejects a second live claim for the same referral, milestone type and occurrence', async () => {
    const world = await aClaimWorld(db.pool);
    await aClaim(db.pool, world);
    const error = await databaseErrorOf(aClaim(db.pool, world, { status: 'DRAFT' }));
    expect(error.code).toBe('23505'); // unique_violation
    expect(error.constraint).toBe('claim_one_live_per_occurrence');
  });

  it.each(['PRIME_REJECTED', 'REJECTED', 'WITHDRAWN'])('allows the occurrence to be claimed again once the first claim is %s', async (dead) => {
    const world = await aClaimWorld(db.pool);
    const first = await aClaim(db.pool, world);
    await setStatus(first, dead);
    await expect(aClaim(db.pool, world)).resolves.toEqual(expect.any(String));
  });

  it('allows a later occurrence of the same milestone while the first is live', async () => {
    const world = await aClaimWorld(db.pool);
    await aClaim(db.pool, world, { occurrence: 1 });
    await expect(aClaim(db.pool, world, { occurrence: 2 })).resolves.toEqual(expect.any(String));
  });

  it('rejects occurrence 0', async () => {
    const world = await aClaimWorld(db.pool);
    const error = await databaseErrorOf(aClaim(db.pool, world, { occurrence: 0 }));
    expect(error.constraint).toBe('claim_occurrence_positive');
  });

  it('rejects a negative claim amount', async () => {
    const world = await aClaimWorld(db.pool);
    const error = await databaseErrorOf(aClaim(db.pool, world, { amount_pence: -100 }));
    expect(error.constraint).toBe('claim_amount_pence_non_negative');
  });

  it('rejects a claim whose distribution key disagrees with its referral', async () => {
    const world = await aClaimWorld(db.pool);
    const other = await aPrimeContract(db.pool);
    const error = await databaseErrorOf(
      aClaim(db.pool, world, { programme_id: other.programmeId, prime_contract_id: other.primeContractId }),
    );
    expect(error.constraint).toBe('claim_referral_fkey');
  });

  it('rejects a status outside the ClaimStatus enum', async () => {
    const world = await aClaimWorld(db.pool);
    const error = await databaseErrorOf(aClaim(db.pool, world, { status: 'PENDING' }));
    expect(error.message).toBe('invalid input value for enum "ClaimStatus": "PENDING"');
  });
});
