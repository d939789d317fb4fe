import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import fc from 'fast-check';
import { CLAIM_STATUSES, COUNTED_CLAIM_STATUSES } from '@waymark/domain';
import { aClaim, aClaimWorld, aPrimeContract, databaseErrorOf } from '../test-support/fixtures';

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

  it.each(['PRIME_REJECTED', 'REJECTED', 'WITHDRAWN'])(
    'allows the occurrence to be claimed again once the first claim is %s',
    async (dead) => {
      const world = await aClaimWorld(db.pool);
      const first = await aClaim(db.pool, world);
      await setStatus(first, dead);
      await expect(aClaim(db.pool, world)).resolves.toEqual(expect.any(String));
    },
  );

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
      aClaim(db.pool, world, {
        programme_id: other.programmeId,
        prime_contract_id: other.primeContractId,
      }),
    );
    expect(error.constraint).toBe('claim_referral_fkey');
  });

  it('rejects a status outside the ClaimStatus enum', async () => {
    const world = await aClaimWorld(db.pool);
    const error = await databaseErrorOf(aClaim(db.pool, world, { status: 'PENDING' }));
    expect(error.message).toBe('invalid input value for enum "ClaimStatus": "PENDING"');
  });
});

describe('live claim value per prime contract (the contract cap)', () => {
  const LIVE = `status NOT IN ('PRIME_REJECTED', 'REJECTED', 'WITHDRAWN', 'CLAWED_BACK')`;
  const STATUSES = [
    'DRAFT',
    'SUBMITTED',
    'PRIME_APPROVED',
    'APPROVED',
    'PAID',
    'PRIME_REJECTED',
    'REJECTED',
    'WITHDRAWN',
    'CLAWED_BACK',
  ];

  it('keeps the stored total equal to the sum of live claims through any inserts, status and amount changes and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant('insert' as const),
              amount: fc.integer({ min: 0, max: 500_000 }),
              status: fc.constantFrom(...STATUSES),
            }),
            fc.record({
              op: fc.constant('status' as const),
              pick: fc.nat(),
              status: fc.constantFrom(...STATUSES),
            }),
            fc.record({
              op: fc.constant('amount' as const),
              pick: fc.nat(),
              amount: fc.integer({ min: 0, max: 500_000 }),
            }),
            fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
          ),
          { maxLength: 12 },
        ),
        async (steps) => {
          const world = await aClaimWorld(db.pool);
          const claims: string[] = [];
          // Occurrences are never reused: a deleted claim's number counted by the list length would collide with a live one.
          let occurrence = 0;
          for (const step of steps) {
            const target =
              claims.length > 0 && step.op !== 'insert'
                ? claims[step.pick % claims.length]!
                : undefined;
            if (step.op === 'insert')
              claims.push(
                await aClaim(db.pool, world, {
                  occurrence: ++occurrence,
                  amount_pence: step.amount,
                  status: step.status,
                }),
              );
            else if (target && step.op === 'status') await setStatus(target, step.status);
            else if (target && step.op === 'amount')
              await db.pool.query('UPDATE claim SET amount_pence = $2 WHERE id = $1', [
                target,
                step.amount,
              ]);
            else if (target && step.op === 'delete') {
              await db.pool.query('DELETE FROM claim WHERE id = $1', [target]);
              claims.splice(claims.indexOf(target), 1);
            }
          }
          const { rows } = await db.pool.query<{
            stored: string | null;
            summed: string;
            via_function: string;
          }>(
            `SELECT (SELECT live_pence FROM prime_contract_claim_total WHERE prime_contract_id = $1)::text AS stored,
                    (SELECT COALESCE(sum(amount_pence), 0) FROM claim WHERE prime_contract_id = $1 AND ${LIVE})::text AS summed,
                    (SELECT contract_pence FROM waymark_claimed_pence($1, gen_random_uuid()))::text AS via_function`,
            [world.primeContractId],
          );
          expect(rows[0]!.stored ?? '0').toBe(rows[0]!.summed);
          expect(rows[0]!.via_function).toBe(rows[0]!.summed);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('sums a participant’s live claims across its referrals only', async () => {
    const world = await aClaimWorld(db.pool);
    await aClaim(db.pool, world, { amount_pence: 1000, occurrence: 1 });
    await aClaim(db.pool, world, { amount_pence: 250, occurrence: 2, status: 'REJECTED' });
    const other = await aClaimWorld(db.pool);
    await aClaim(db.pool, other, { amount_pence: 7000 });
    const participantId = (
      await db.pool.query<{ participant_id: string }>(
        'SELECT participant_id FROM referral WHERE id = $1',
        [world.referralId],
      )
    ).rows[0]!.participant_id;
    const { rows } = await db.pool.query<{ participant_pence: string }>(
      'SELECT participant_pence::text FROM waymark_claimed_pence($1, $2)',
      [world.primeContractId, participantId],
    );
    expect(rows[0]!.participant_pence).toBe('1000');
  });
});

describe('the claim statuses whose money counts', () => {
  it('are the same in the database (waymark_claim_is_live) and the domain (COUNTED_CLAIM_STATUSES)', async () => {
    const { rows } = await db.pool.query<{ status: string }>(
      `SELECT s::text AS status FROM unnest(enum_range(NULL::"ClaimStatus")) s WHERE waymark_claim_is_live(s) ORDER BY s::text`,
    );
    expect(rows.map((row) => row.status)).toEqual([...COUNTED_CLAIM_STATUSES].sort());
    expect(COUNTED_CLAIM_STATUSES.length).toBeLessThan(CLAIM_STATUSES.length);
  });
});
