import { aSupplyChain, anAllocatedReferral } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const path = (primeContractId: string) =>
  `/supply-chain/prime-contracts/${primeContractId}/bid-commitments`;

describe('bid commitments', () => {
  it('refuses a commitment that would promise more than the whole contract, naming the room left', async () => {
    // The world's bid already promises 60 % + 40 % of referrals and money.
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const charity = await aSignedInUser(api.baseUrl, api.db.pool, {
      kind: 'SUBCONTRACTOR',
      roles: ['ADMIN'],
    });
    const over = await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: world.commissioner.token,
      body: {
        subcontractorId: charity.organisationId,
        plannedReferralShareBp: 1,
        plannedSpendShareBp: 0,
      },
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      code: 'BID_SHARES_OVER_WHOLE',
      errors: [
        {
          field: 'body.plannedReferralShareBp',
          message: 'must be at most 0 (the other commitments already promise 10000)',
        },
      ],
    });
    // Make room, then it fits: 50 % + 40 % + 10 %.
    const lowered = await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: world.commissioner.token,
      body: {
        subcontractorId: world.subcontracts[0]!.organisationId,
        plannedReferralShareBp: 5000,
        plannedSpendShareBp: 5000,
        reason: 'bid clarification 3',
      },
    });
    expect(lowered.status).toBe(201);
    const fits = await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: world.commissioner.token,
      body: {
        subcontractorId: charity.organisationId,
        plannedReferralShareBp: 1000,
        plannedSpendShareBp: 1000,
        specialistProvision: true,
      },
    });
    expect(fits.status).toBe(201);
    expect(fits.body.totals).toEqual({
      plannedReferralShareBp: 10_000,
      plannedSpendShareBp: 10_000,
      specialistSpendShareBp: 1000,
    });
    const first = fits.body.versions.filter(
      (v: { subcontractor: { id: string } }) =>
        v.subcontractor.id === world.subcontracts[0]!.organisationId,
    );
    expect(
      first.map((v: { version: number; status: string; plannedReferralShareBp: number }) => [
        v.version,
        v.status,
        v.plannedReferralShareBp,
      ]),
    ).toEqual([
      [1, 'CONFIRMED', 6000],
      [2, 'CONFIRMED', 5000],
    ]);
  });

  it('a prime proposes, the commissioner confirms or rejects; nothing is in force until confirmed', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, {
      subcontracts: [{ bidShareBp: 6000 }],
    });
    const charity = await aSignedInUser(api.baseUrl, api.db.pool, {
      kind: 'SUBCONTRACTOR',
      roles: ['ADMIN'],
    });
    const primeAdmin = world.prime; // ADMIN and CASEWORKER
    const proposed = await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: primeAdmin.token,
      body: {
        subcontractorId: charity.organisationId,
        plannedReferralShareBp: 3000,
        plannedSpendShareBp: 2500,
        specialistProvision: true,
        reason: 'bid section 4.2',
      },
    });
    expect(proposed.status).toBe(201);
    expect(
      proposed.body.commitments.map((c: { subcontractor: { id: string } }) => c.subcontractor.id),
    ).not.toContain(charity.organisationId);
    expect(proposed.body.versions.at(-1)).toMatchObject({
      status: 'PROPOSED',
      version: 1,
      proposedBy: expect.stringMatching(/ \(.+\)$/),
    });
    const again = await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: primeAdmin.token,
      body: {
        subcontractorId: charity.organisationId,
        plannedReferralShareBp: 1,
        plannedSpendShareBp: 1,
      },
    });
    expect(again.body.code).toBe('BID_COMMITMENT_PENDING');
    // Only the programme's commissioner decides.
    const confirmPath = `${path(world.primeContractId)}/${charity.organisationId}/versions/1/confirm`;
    expect((await call(api.baseUrl, 'POST', confirmPath, { token: primeAdmin.token })).status).toBe(
      404,
    );
    const otherCommissioner = (await aSupplyChain(api.baseUrl, api.db.pool)).commissioner;
    expect(
      (await call(api.baseUrl, 'POST', confirmPath, { token: otherCommissioner.token })).status,
    ).toBe(404);

    const confirmed = await call(api.baseUrl, 'POST', confirmPath, {
      token: world.commissioner.token,
    });
    expect(confirmed.status).toBe(200);
    expect(
      confirmed.body.commitments.find(
        (c: { subcontractor: { id: string } }) => c.subcontractor.id === charity.organisationId,
      ),
    ).toMatchObject({
      version: 1,
      plannedReferralShareBp: 3000,
      plannedSpendShareBp: 2500,
      specialistProvision: true,
    });
    expect(
      (await call(api.baseUrl, 'POST', confirmPath, { token: world.commissioner.token })).body.code,
    ).toBe('BID_COMMITMENT_NOT_PENDING');

    await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: primeAdmin.token,
      body: {
        subcontractorId: charity.organisationId,
        plannedReferralShareBp: 9000,
        plannedSpendShareBp: 2500,
      },
    });
    // 60 % + 90 % cannot be confirmed.
    const tooMuch = await call(
      api.baseUrl,
      'POST',
      `${path(world.primeContractId)}/${charity.organisationId}/versions/2/confirm`,
      { token: world.commissioner.token },
    );
    expect(tooMuch).toMatchObject({ status: 422, body: { code: 'BID_SHARES_OVER_WHOLE' } });
    const rejected = await call(
      api.baseUrl,
      'POST',
      `${path(world.primeContractId)}/${charity.organisationId}/versions/2/reject`,
      {
        token: world.commissioner.token,
        body: { reason: 'the bid said 30 %' },
      },
    );
    expect(rejected.body.versions.at(-1)).toMatchObject({
      version: 2,
      status: 'REJECTED',
      reason: 'the bid said 30 %',
    });
    const audit = await api.db.pool.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'bid-commitment.%' ORDER BY seq`,
      [world.primeContractId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'bid-commitment.propose',
      'bid-commitment.confirm',
      'bid-commitment.propose',
      'bid-commitment.reject',
    ]);
  });

  it('shows delivery against each commitment, and a subcontractor only its own', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, {
      subcontracts: [{ bidShareBp: 7500 }, { bidShareBp: 2500 }],
    });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    const seen = await call(api.baseUrl, 'GET', path(world.primeContractId), {
      token: world.commissioner.token,
    });
    const bySubcontractor = Object.fromEntries(
      seen.body.commitments.map((c: { subcontractor: { id: string } }) => [c.subcontractor.id, c]),
    );
    // 1 of 3 referrals = 33.33 %; 2 of 3 = 66.67 %; nothing paid down yet.
    expect(bySubcontractor[world.subcontracts[0]!.organisationId].delivered).toEqual({
      referralsReceived: 1,
      referralShareBp: 3333,
      passedDownPence: '0',
      spendShareBp: 0,
    });
    expect(bySubcontractor[world.subcontracts[1]!.organisationId].delivered).toMatchObject({
      referralsReceived: 2,
      referralShareBp: 6667,
    });
    const own = await call(api.baseUrl, 'GET', path(world.primeContractId), {
      token: world.subcontractors[1]!.token,
    });
    expect(
      own.body.commitments.map((c: { subcontractor: { id: string } }) => c.subcontractor.id),
    ).toEqual([world.subcontracts[1]!.organisationId]);
    expect(
      own.body.versions.every(
        (v: { subcontractor: { id: string } }) =>
          v.subcontractor.id === world.subcontracts[1]!.organisationId,
      ),
    ).toBe(true);
    const bad = await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: world.commissioner.token,
      body: { subcontractorId: 'nope', plannedReferralShareBp: 10_001, plannedSpendShareBp: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.plannedReferralShareBp',
      'body.subcontractorId',
    ]);
  });

  it('checks the commissioner’s minimum specialist share against the bid', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, {
      subcontracts: [{ bidShareBp: 6000 }, { bidShareBp: 2000 }],
    });
    const minimumPath = `${path(world.primeContractId)}/specialist-minimum`;
    expect(
      (
        await call(api.baseUrl, 'PUT', minimumPath, {
          token: world.prime.token,
          body: { minimumBp: 2000 },
        })
      ).status,
    ).toBe(404);
    const set = await call(api.baseUrl, 'PUT', minimumPath, {
      token: world.commissioner.token,
      body: { minimumBp: 2000 },
    });
    expect(set.status).toBe(200);
    expect(set.body.specialistShare).toEqual({
      minimumBp: 2000,
      plannedBp: 0,
      deliveredBp: 0,
      isPlannedBelowMinimum: true,
      isDeliveredBelowMinimum: false,
    });
    // Marking a 20 % commitment as specialist provision meets it.
    const marked = await call(api.baseUrl, 'POST', path(world.primeContractId), {
      token: world.commissioner.token,
      body: {
        subcontractorId: world.subcontracts[1]!.organisationId,
        plannedReferralShareBp: 2000,
        plannedSpendShareBp: 2000,
        specialistProvision: true,
      },
    });
    expect(marked.body.specialistShare).toMatchObject({
      plannedBp: 2000,
      isPlannedBelowMinimum: false,
    });
    const audit = await api.db.pool.query(
      'SELECT data FROM audit_event WHERE entity_id = $1 AND action = $2',
      [world.primeContractId, 'prime-contract.set-specialist-minimum'],
    );
    expect(audit.rows.map((r: { data: unknown }) => r.data)).toEqual([{ from: null, to: 2000 }]);
  });
});
