import { extrapolateRecovery } from '@waymark/domain';
import { aClaimsWorld, type ClaimsWorld } from '../claims/claims.test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const AMOUNTS = [40_000, 120_000, 33_333, 71_117, 99_999, 15_001, 250_000, 64_321, 12_345, 80_000];

/** Ten APPROVED or PAID claims with uneven amounts, written by SQL (the workflow is tested in claims.test.ts). */
async function aPopulation(world: ClaimsWorld): Promise<string[]> {
  const { rows: tariff } = await api.db.pool.query<{ id: string }>(
    'SELECT t.id FROM tariff t WHERE t.milestone_type_id = $1',
    [world.types.ATTACHMENT],
  );
  const ids: string[] = [];
  for (const [index, amount] of AMOUNTS.entries()) {
    const { referralId } = await world.aReferral();
    const { rows } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO claim (programme_id, prime_contract_id, referral_id, subcontract_id, milestone_type_id, occurrence, milestone_on, tariff_id, amount_pence, status, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, 1, '2026-05-15', $6, $7, $8, $9) RETURNING id`,
      [
        world.programmeId,
        world.primeContractId,
        referralId,
        world.subcontractId,
        world.types.ATTACHMENT,
        tariff[0]!.id,
        amount,
        index % 2 === 0 ? 'PAID' : 'APPROVED',
        world.people.subCaseworker.id,
      ],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

const draw = (world: ClaimsWorld, seed: number, size = 4) =>
  call(api.baseUrl, 'POST', '/claim-samples', {
    token: world.people.commissionerFinance.token,
    body: {
      primeContractId: world.primeContractId,
      periodStart: '2026-05-01',
      periodEnd: '2026-05-31',
      size,
      seed,
    },
  });

describe('sampling and clawback', () => {
  it('draws the same sample from the same seed', async () => {
    const world = await aClaimsWorld(api);
    await aPopulation(world);
    const first = await draw(world, 7);
    const second = await draw(world, 7);
    const other = await draw(world, 8);
    expect(first.status).toBe(201);
    expect(first.body.sample).toMatchObject({
      seed: 7,
      populationSize: 10,
      sampleSize: 4,
      populationValuePence: String(AMOUNTS.reduce((a, b) => a + b, 0)),
    });
    const ids = (r: typeof first) => r.body.sample.items.map((i: { claimId: string }) => i.claimId);
    expect(ids(second)).toEqual(ids(first));
    expect(ids(other)).not.toEqual(ids(first));
  });

  it.each([1, 42, 2026])(
    'closes a sample (seed %i): the recovery is extrapolated and the clawbacks sum to it exactly',
    async (seed) => {
      const world = await aClaimsWorld(api);
      await aPopulation(world);
      const drawn = await draw(world, seed);
      const items = drawn.body.sample.items as { claimId: string; amountPence: string }[];
      const early = await call(
        api.baseUrl,
        'POST',
        `/claim-samples/${drawn.body.sample.id}/close`,
        { token: world.people.commissionerFinance.token },
      );
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('SAMPLE_NOT_COMPLETE');
      for (const [index, item] of items.entries()) {
        const outcome = index === 0 ? 'FAILED' : 'PASSED';
        const checked = await call(
          api.baseUrl,
          'PUT',
          `/claim-samples/${drawn.body.sample.id}/items/${item.claimId}`,
          {
            token: world.people.commissionerFinance.token,
            body: {
              outcome,
              note: outcome === 'FAILED' ? 'no signed attachment form' : 'evidence complete',
            },
          },
        );
        expect(checked.status).toBe(200);
      }
      const closed = await call(
        api.baseUrl,
        'POST',
        `/claim-samples/${drawn.body.sample.id}/close`,
        { token: world.people.commissionerFinance.token },
      );
      expect(closed.status).toBe(200);
      const expected = extrapolateRecovery({
        sampledFailedValuePence: BigInt(items[0]!.amountPence),
        sampledValuePence: items.reduce((s, i) => s + BigInt(i.amountPence), 0n),
        populationValuePence: BigInt(closed.body.sample.populationValuePence),
      }).recoveryPence;
      expect(closed.body.sample.recovery.recoveryPence).toBe(String(expected));
      const clawbacks = closed.body.sample.clawbacks as { claimId: string; amountPence: string }[];
      expect(clawbacks.reduce((s, c) => s + BigInt(c.amountPence), 0n)).toBe(expected);
      expect(clawbacks.find((c) => c.claimId === items[0]!.claimId)?.amountPence).toBe(
        items[0]!.amountPence,
      );
      for (const passed of items.slice(1))
        expect(clawbacks.find((c) => c.claimId === passed.claimId)).toBeUndefined();

      const failedClaim = await call(api.baseUrl, 'GET', `/claims/${items[0]!.claimId}`, {
        token: world.people.subFinance.token,
      });
      expect(failedClaim.body.claim.clawedBackPence).toBe(items[0]!.amountPence);
      const { rows } = await api.db.pool.query<{ status: string }>(
        'SELECT status::text FROM claim WHERE id = $1',
        [items[0]!.claimId],
      );
      expect(['CLAWED_BACK', 'APPROVED']).toContain(rows[0]!.status);
      if (rows[0]!.status === 'CLAWED_BACK')
        expect(failedClaim.body.claim.transitions.at(-1)).toMatchObject({
          toStatus: 'CLAWED_BACK',
          byUserId: world.people.commissionerFinance.id,
        });

      const reclose = await call(
        api.baseUrl,
        'POST',
        `/claim-samples/${drawn.body.sample.id}/close`,
        { token: world.people.commissionerFinance.token },
      );
      expect(reclose.body.code).toBe('SAMPLE_CLOSED');
    },
  );

  it('hides samples from other commissioners and subcontractors (404) and refuses primes drawing (403)', async () => {
    const world = await aClaimsWorld(api);
    await aPopulation(world);
    const drawn = await draw(world, 3);
    const other = await aClaimsWorld(api);
    expect(
      (
        await call(api.baseUrl, 'GET', `/claim-samples/${drawn.body.sample.id}`, {
          token: other.people.commissionerFinance.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/claim-samples/${drawn.body.sample.id}`, {
          token: other.people.primeFinance.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/claim-samples/${drawn.body.sample.id}`, {
          token: world.people.primeFinance.token,
        })
      ).status,
    ).toBe(200);
    expect((await draw(other, 1)).status).toBe(422);
    const byPrime = await call(api.baseUrl, 'POST', '/claim-samples', {
      token: world.people.primeFinance.token,
      body: {
        primeContractId: world.primeContractId,
        periodStart: '2026-05-01',
        periodEnd: '2026-05-31',
        size: 1,
      },
    });
    expect(byPrime.status).toBe(403);
    expect(
      (
        await call(api.baseUrl, 'POST', '/claim-samples', {
          token: other.people.commissionerFinance.token,
          body: {
            primeContractId: world.primeContractId,
            periodStart: '2026-05-01',
            periodEnd: '2026-05-31',
            size: 1,
          },
        })
      ).status,
    ).toBe(404);
  });
});
