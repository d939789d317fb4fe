import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import {
  aPaymentModelVersion,
  aPrimeContract,
  aSubcontract,
  aTariff,
  databaseErrorOf,
} from '../test-support/fixtures';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('contract and payment model constraints', () => {
  it('rejects a negative tariff', async () => {
    const world = await aPrimeContract(db.pool);
    const error = await databaseErrorOf(aTariff(db.pool, world, { amount_pence: -1 }));
    expect(error.constraint).toBe('tariff_amount_pence_non_negative');
  });

  it('accepts a zero tariff (a fee withdrawn by taper)', async () => {
    const world = await aPrimeContract(db.pool);
    await expect(aTariff(db.pool, world, { amount_pence: 0 })).resolves.toEqual(expect.any(String));
  });

  it('rejects a prime contract that ends before it starts', async () => {
    const error = await databaseErrorOf(
      aPrimeContract(db.pool, { starts_on: '2026-04-01', ends_on: '2026-03-31' }),
    );
    expect(error.constraint).toBe('prime_contract_dates_ordered');
  });

  it('rejects a subcontract that ends before it starts', async () => {
    const world = await aPrimeContract(db.pool);
    const error = await databaseErrorOf(
      aSubcontract(db.pool, world, { starts_on: '2026-04-01', ends_on: '2026-01-01' }),
    );
    expect(error.constraint).toBe('subcontract_dates_ordered');
  });

  it('rejects a management fee above 100% (10000 basis points)', async () => {
    const world = await aPrimeContract(db.pool);
    await expect(aSubcontract(db.pool, world, { management_fee_bp: 10_000 })).resolves.toEqual(
      expect.any(String),
    );
    const error = await databaseErrorOf(
      aSubcontract(db.pool, world, { management_fee_bp: 10_001 }),
    );
    expect(error.constraint).toBe('subcontract_management_fee_bp_range');
  });

  it('rejects a bid commitment share above 10000 basis points', async () => {
    const world = await aPrimeContract(db.pool);
    const error = await databaseErrorOf(
      db.pool.query(
        `INSERT INTO bid_commitment (prime_contract_id, subcontractor_id, planned_spend_share_bp, planned_referral_share_bp)
         VALUES ($1, $2, 10001, 500)`,
        [world.primeContractId, world.primeId],
      ),
    );
    expect(error.constraint).toBe('bid_commitment_planned_spend_share_bp_range');
  });

  it('rejects a published payment model version that overlaps another published version of the same model', async () => {
    const world = await aPrimeContract(db.pool); // version 1 from 2026-04-01, open-ended
    await db.pool.query(
      `UPDATE payment_model_version SET status = 'PUBLISHED', published_at = now() WHERE id = $1`,
      [world.paymentModelVersionId],
    );
    // A draft may overlap: it is not in force until it is published.
    await aPaymentModelVersion(db.pool, {
      payment_model_id: world.paymentModelId,
      version: 3,
      effective_from: '2027-06-01',
    });
    const error = await databaseErrorOf(
      aPaymentModelVersion(db.pool, {
        payment_model_id: world.paymentModelId,
        version: 2,
        effective_from: '2027-04-01',
        status: 'PUBLISHED',
        published_at: '2026-12-01T00:00:00Z',
      }),
    );
    expect(error.constraint).toBe('payment_model_version_no_overlap');

    await db.pool.query(
      `UPDATE payment_model_version SET effective_to = '2027-03-31' WHERE id = $1`,
      [world.paymentModelVersionId],
    );
    await expect(
      aPaymentModelVersion(db.pool, {
        payment_model_id: world.paymentModelId,
        version: 2,
        effective_from: '2027-04-01',
      }),
    ).resolves.toEqual(expect.any(String));
  });

  it('keeps a published payment model version and its tariffs immutable', async () => {
    const world = await aPrimeContract(db.pool);
    const tariffId = await aTariff(db.pool, world);
    await db.pool.query(
      `UPDATE payment_model_version SET status = 'PUBLISHED', published_at = now() WHERE id = $1`,
      [world.paymentModelVersionId],
    );
    await expect(
      db.pool.query(
        `UPDATE payment_model_version SET definition = '{"changed": true}' WHERE id = $1`,
        [world.paymentModelVersionId],
      ),
    ).rejects.toThrow(/published and cannot change/);
    await expect(
      db.pool.query('DELETE FROM payment_model_version WHERE id = $1', [
        world.paymentModelVersionId,
      ]),
    ).rejects.toThrow(/cannot be deleted/);
    await expect(
      db.pool.query('UPDATE tariff SET amount_pence = 1 WHERE id = $1', [tariffId]),
    ).rejects.toThrow(/tariffs of a published payment model version cannot change/);
    await expect(db.pool.query('DELETE FROM tariff WHERE id = $1', [tariffId])).rejects.toThrow(
      /tariffs of a published payment model version cannot change/,
    );
  });
});
