import { aNiNumber, aSupplyChain, anAllocatedReferral, step } from '../referrals/test-world';
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

describe('supply chain', () => {
  it('shows each party its slice: commissioner and prime the whole chain, a subcontractor its own subcontract', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const prime = await call(api.baseUrl, 'GET', '/supply-chain', { token: world.prime.token });
    expect(prime.status).toBe(200);
    expect(prime.body.primeContracts).toHaveLength(1);
    expect(prime.body.primeContracts[0]).toMatchObject({
      id: world.primeContractId,
      valueCapPence: '500000000',
      allocationPolicy: 'BID_SHARE',
    });
    expect(prime.body.primeContracts[0].subcontracts).toHaveLength(2);
    expect(
      prime.body.primeContracts[0].bidCommitments
        .map((b: { plannedReferralShareBp: number }) => b.plannedReferralShareBp)
        .sort(),
    ).toEqual([4000, 6000]);
    const commissioner = await call(api.baseUrl, 'GET', '/supply-chain', {
      token: world.commissioner.token,
    });
    expect(commissioner.body.programmes).toEqual([
      { id: world.programmeId, name: expect.any(String) },
    ]);
    const sub = await call(api.baseUrl, 'GET', '/supply-chain', {
      token: world.subcontractors[1]!.token,
    });
    expect(sub.body.primeContracts[0].subcontracts.map((s: { id: string }) => s.id)).toEqual([
      world.subcontracts[1]!.id,
    ]);
    expect(sub.body.primeContracts[0].bidCommitments).toHaveLength(1);
    expect(
      (await call(api.baseUrl, 'GET', '/supply-chain', { token: world.partner.token })).status,
    ).toBe(403);
  });

  it('measures referrals received against the bid share promised, live', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, {
      subcontracts: [
        { capacity: 4, bidShareBp: 7500 },
        { capacity: null, bidShareBp: 2500 },
      ],
    });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    const flow = await call(
      api.baseUrl,
      'GET',
      `/supply-chain/prime-contracts/${world.primeContractId}/flow`,
      { token: world.commissioner.token },
    );
    expect(flow.status).toBe(200);
    expect(flow.body.totalReceived).toBe(3);
    const bySubcontract = Object.fromEntries(
      flow.body.lines.map((l: { subcontractId: string }) => [l.subcontractId, l]),
    );
    // 75 % of 3 = 2.25 → 2 promised, 1 received; 25 % of 3 = 0.75 → 1 promised, 2 received.
    expect(bySubcontract[world.subcontracts[0]!.id]).toMatchObject({
      referralsReceived: 1,
      promisedReferrals: 2,
      actualShareBp: 3333,
      deficit: 1,
      caseload: 1,
      capacity: 4,
      capacityUseBp: 2500,
    });
    expect(bySubcontract[world.subcontracts[1]!.id]).toMatchObject({
      referralsReceived: 2,
      promisedReferrals: 1,
      actualShareBp: 6667,
      deficit: -1,
      capacity: null,
      capacityUseBp: null,
    });
    const own = await call(
      api.baseUrl,
      'GET',
      `/supply-chain/prime-contracts/${world.primeContractId}/flow`,
      { token: world.subcontractors[0]!.token },
    );
    expect(own.body.lines.map((l: { subcontractId: string }) => l.subcontractId)).toEqual([
      world.subcontracts[0]!.id,
    ]);
  });

  it('gives every prime contract’s flow in the slice in one call, each as its own flow reads, scoped to the party', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, {
      subcontracts: [
        { capacity: 4, bidShareBp: 7500 },
        { capacity: null, bidShareBp: 2500 },
      ],
    });
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    await anAllocatedReferral(api.baseUrl, other, { subcontractIndex: 0 });
    const flowsFor = (token: string, query = '') =>
      call(api.baseUrl, 'GET', `/supply-chain/flows${query}`, { token });

    const all = await flowsFor(world.commissioner.token);
    expect(all.status).toBe(200);
    const single = await call(
      api.baseUrl,
      'GET',
      `/supply-chain/prime-contracts/${world.primeContractId}/flow`,
      { token: world.commissioner.token },
    );
    // Only the commissioner's own programme: the other chain's contract is not in its slice.
    expect(all.body.flows).toEqual([single.body]);
    expect(all.body.flows[0]).toMatchObject({
      primeContractId: world.primeContractId,
      totalReceived: 2,
    });
    expect(
      all.body.flows[0].lines.map((l: { subcontractId: string; referralsReceived: number }) => [
        l.subcontractId,
        l.referralsReceived,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [world.subcontracts[0]!.id, 1],
        [world.subcontracts[1]!.id, 1],
      ]),
    );

    // A subcontractor: its own line only, as the one contract's flow gives it.
    const own = await flowsFor(world.subcontractors[0]!.token);
    expect(own.status).toBe(200);
    expect(own.body.flows).toEqual([
      (
        await call(
          api.baseUrl,
          'GET',
          `/supply-chain/prime-contracts/${world.primeContractId}/flow`,
          { token: world.subcontractors[0]!.token },
        )
      ).body,
    ]);
    expect(own.body.flows[0].lines.map((l: { subcontractId: string }) => l.subcontractId)).toEqual([
      world.subcontracts[0]!.id,
    ]);

    // One contract asked for by id; another organisation's contract answers 404.
    const one = await flowsFor(world.prime.token, `?primeContractId=${world.primeContractId}`);
    expect(one.status).toBe(200);
    expect(one.body.flows.map((f: { primeContractId: string }) => f.primeContractId)).toEqual([
      world.primeContractId,
    ]);
    expect(
      (await flowsFor(world.prime.token, `?primeContractId=${other.primeContractId}`)).status,
    ).toBe(404);
    expect(
      (await flowsFor(other.commissioner.token, `?primeContractId=${world.primeContractId}`))
        .status,
    ).toBe(404);

    const bad = await flowsFor(world.commissioner.token, '?primeContractId=not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors[0].field).toBe('query.primeContractId');
    expect((await flowsFor(world.partner.token)).status).toBe(403);

    // The stored counts follow every move in the referral's own transaction: an exit leaves the caseload and
    // stays received.
    const leaving = await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    await step(api.baseUrl, world.prime.token, leaving.id, 'exit', leaving.version, {
      reason: 'moved out of area',
    });
    const [after] = (await flowsFor(world.commissioner.token)).body.flows;
    expect(
      after.lines.find(
        (l: { subcontractId: string }) => l.subcontractId === world.subcontracts[0]!.id,
      ),
    ).toMatchObject({ referralsReceived: 2, caseload: 1 });
    expect(after.totalReceived).toBe(3);
    const listed = await call(api.baseUrl, 'GET', '/subcontracts', { token: world.prime.token });
    expect(
      listed.body.subcontracts.find((s: { id: string }) => s.id === world.subcontracts[0]!.id),
    ).toMatchObject({ caseload: 1 });
  });

  it('lets only the prime admin declare the allocation policy', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    expect(
      (
        await call(
          api.baseUrl,
          'PUT',
          `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`,
          { token: world.prime.token, body: { policy: 'ROUND_ROBIN' } },
        )
      ).body,
    ).toEqual({ allocationPolicy: 'ROUND_ROBIN' });
    expect(
      (
        await call(
          api.baseUrl,
          'PUT',
          `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`,
          { token: world.subcontractors[0]!.token, body: { policy: 'ROUND_ROBIN' } },
        )
      ).status,
    ).toBe(404);
    const bad = await call(
      api.baseUrl,
      'PUT',
      `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`,
      { token: world.prime.token, body: { policy: 'CHEAPEST' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.policy');
  });

  it('lists to a referral partner the contracts open to it by name, and refuses a referral into an area the commissioner has not opened to it', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const listed = await aSignedInUser(api.baseUrl, api.db.pool, {
      kind: 'REFERRAL_PARTNER',
      roles: ['CASEWORKER'],
    });
    const open = await call(api.baseUrl, 'GET', '/referrals/open-contracts', {
      token: world.partner.token,
    });
    expect(open.status).toBe(200);
    const mine = open.body.primeContracts.find(
      (c: { id: string }) => c.id === world.primeContractId,
    );
    // Named by prime, area and programme, never by id.
    expect(mine.name).toMatch(/^.+ — Area [0-9a-f]{8} \(Programme [0-9a-f]{8}\)$/);
    expect(mine.name).not.toContain(world.primeContractId.slice(0, 8));

    const areas = await call(api.baseUrl, 'GET', '/supply-chain/contract-areas', {
      token: world.commissioner.token,
    });
    expect(areas.body.contractAreas).toHaveLength(1);
    const areaId = areas.body.contractAreas[0].id;
    expect(areas.body.contractAreas[0].referralPartners).toEqual([]);
    const set = await call(
      api.baseUrl,
      'PUT',
      `/supply-chain/contract-areas/${areaId}/referral-partners`,
      { token: world.commissioner.token, body: { referralPartnerIds: [listed.organisationId] } },
    );
    expect(set.status).toBe(200);
    expect(set.body.contractArea.referralPartners).toEqual([
      { id: listed.organisationId, name: expect.any(String) },
    ]);

    const after = await call(api.baseUrl, 'GET', '/referrals/open-contracts', {
      token: world.partner.token,
    });
    expect(after.body.primeContracts.map((c: { id: string }) => c.id)).not.toContain(
      world.primeContractId,
    );
    const refused = await call(api.baseUrl, 'POST', '/referrals', {
      token: world.partner.token,
      body: {
        primeContractId: world.primeContractId,
        participant: { niNumber: aNiNumber(), dateOfBirth: '1990-05-17', benefitType: 'UC' },
      },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'CONTRACT_NOT_OPEN_TO_PARTNER',
      errors: [{ field: 'body.primeContractId', message: expect.stringContaining(mine.name) }],
    });
    const accepted = await call(api.baseUrl, 'POST', '/referrals', {
      token: listed.token,
      body: {
        primeContractId: world.primeContractId,
        participant: { niNumber: aNiNumber(), dateOfBirth: '1990-05-17', benefitType: 'UC' },
      },
    });
    expect(accepted.status).toBe(201);
    expect(
      (
        await call(api.baseUrl, 'GET', '/referrals/open-contracts', { token: listed.token })
      ).body.primeContracts.map((c: { id: string }) => c.id),
    ).toContain(world.primeContractId);
  });

  it('lets only the commissioner of the programme list the partners of an area, and only referral partners', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    const areaId = (
      await call(api.baseUrl, 'GET', '/supply-chain/contract-areas', {
        token: world.commissioner.token,
      })
    ).body.contractAreas[0].id;
    expect(
      (
        await call(api.baseUrl, 'PUT', `/supply-chain/contract-areas/${areaId}/referral-partners`, {
          token: other.commissioner.token,
          body: { referralPartnerIds: [] },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'PUT', `/supply-chain/contract-areas/${areaId}/referral-partners`, {
          token: world.prime.token,
          body: { referralPartnerIds: [] },
        })
      ).status,
    ).toBe(404);
    const wrongKind = await call(
      api.baseUrl,
      'PUT',
      `/supply-chain/contract-areas/${areaId}/referral-partners`,
      {
        token: world.commissioner.token,
        body: { referralPartnerIds: [world.prime.organisationId] },
      },
    );
    expect(wrongKind).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'body.referralPartnerIds' }] },
    });
    const audit = await api.db.pool.query('SELECT 1 FROM audit_event WHERE entity_id = $1', [
      areaId,
    ]);
    expect(audit.rowCount).toBe(0);
  });

  it('refuses a bulk file into a contract whose area is not open to the office, as it refuses one referral', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const listed = await aSignedInUser(api.baseUrl, api.db.pool, {
      kind: 'REFERRAL_PARTNER',
      roles: ['CASEWORKER'],
    });
    const areaId = (
      await call(api.baseUrl, 'GET', '/supply-chain/contract-areas', {
        token: world.commissioner.token,
      })
    ).body.contractAreas[0].id;
    await call(api.baseUrl, 'PUT', `/supply-chain/contract-areas/${areaId}/referral-partners`, {
      token: world.commissioner.token,
      body: { referralPartnerIds: [listed.organisationId] },
    });
    const form = new FormData();
    form.append('primeContractId', world.primeContractId);
    form.append(
      'file',
      new Blob([
        'external_reference,ni_number,date_of_birth,benefit_type\nX1,AB123456A,1990-01-01,UC\n',
      ]),
      'referrals.csv',
    );
    const response = await fetch(`${api.baseUrl}/referral-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.partner.token}` },
      body: form,
    });
    const body = (await response.json()) as { code: string; errors: { field: string }[] };
    expect(response.status).toBe(403);
    expect(body).toMatchObject({
      code: 'CONTRACT_NOT_OPEN_TO_PARTNER',
      errors: [{ field: 'body.primeContractId' }],
    });
  });
});
