import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { aPrimeContract, aReferral, aSubcontract, databaseErrorOf } from '../test-support/fixtures';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('referral constraints', () => {
  it('rejects a status outside the ReferralStatus enum', async () => {
    const world = await aPrimeContract(db.pool);
    const error = await databaseErrorOf(aReferral(db.pool, world, { status: 'PARKED' }));
    expect(error.code).toBe('22P02'); // invalid_text_representation
    expect(error.message).toBe('invalid input value for enum "ReferralStatus": "PARKED"');
  });

  it('rejects an allocated referral with no subcontract', async () => {
    const world = await aPrimeContract(db.pool);
    const error = await databaseErrorOf(aReferral(db.pool, world, { status: 'ALLOCATED' }));
    expect(error.constraint).toBe('referral_allocated_has_subcontract');
  });

  it('rejects allocation to a subcontract under another prime contract', async () => {
    const world = await aPrimeContract(db.pool);
    const otherWorld = await aPrimeContract(db.pool);
    const foreignSubcontractId = await aSubcontract(db.pool, otherWorld);
    const error = await databaseErrorOf(
      aReferral(db.pool, world, { status: 'ALLOCATED', subcontract_id: foreignSubcontractId }),
    );
    expect(error.constraint).toBe('referral_subcontract_fkey');
  });

  it('accepts allocation to a subcontract in its own supply chain', async () => {
    const world = await aPrimeContract(db.pool);
    const subcontractId = await aSubcontract(db.pool, world);
    await expect(
      aReferral(db.pool, world, { status: 'ALLOCATED', subcontract_id: subcontractId }),
    ).resolves.toEqual(expect.any(String));
  });
});
