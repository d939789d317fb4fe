import { aSupplyChain, anAllocatedReferral } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

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
    expect(prime.body.primeContracts[0]).toMatchObject({ id: world.primeContractId, valueCapPence: '500000000', allocationPolicy: 'BID_SHARE' });
    expect(prime.body.primeContracts[0].subcontracts).toHaveLength(2);
    expect(prime.body.primeContracts[0].bidCommitments.map((b: { plannedReferralShareBp: number }) => b.plannedReferralShareBp).sort()).toEqual([4000, 6000]);
    const commissioner = await call(api.baseUrl, 'GET', '/supply-chain', { token: world.commissioner.token });
    expect(commissioner.body.programmes).toEqual([{ id: world.programmeId, name: expect.any(String) }]);
    const sub = await call(api.baseUrl, 'GET', '/supply-chain', { token: world.subcontractors[1]!.token });
    expect(sub.body.primeContracts[0].subcontracts.map((s: { id: string }) => s.id)).toEqual([world.subcontracts[1]!.id]);
    expect(sub.body.primeContracts[0].bidCommitments).toHaveLength(1);
    expect((await call(api.baseUrl, 'GET', '/supply-chain', { token: world.partner.token })).status).toBe(403);
  });

  it('measures referrals received against the bid share promised, live', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, { subcontracts: [{ capacity: 4, bidShareBp: 7500 }, { capacity: null, bidShareBp: 2500 }] });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    const flow = await call(api.baseUrl, 'GET', `/supply-chain/prime-contracts/${world.primeContractId}/flow`, { token: world.commissioner.token });
    expect(flow.status).toBe(200);
    expect(flow.body.totalReceived).toBe(3);
    const bySubcontract = Object.fromEntries(flow.body.lines.map((l: { subcontractId: string }) => [l.subcontractId, l]));
    // 75 % of 3 = 2.25 → 2 promised, 1 received; 25 % of 3 = 0.75 → 1 promised, 2 received.
    expect(bySubcontract[world.subcontracts[0]!.id]).toMatchObject({ referralsReceived: 1, promisedReferrals: 2, actualShareBp: 3333, deficit: 1, caseload: 1, capacity: 4, capacityUseBp: 2500 });
    expect(bySubcontract[world.subcontracts[1]!.id]).toMatchObject({ referralsReceived: 2, promisedReferrals: 1, actualShareBp: 6667, deficit: -1, capacity: null, capacityUseBp: null });
    const own = await call(api.baseUrl, 'GET', `/supply-chain/prime-contracts/${world.primeContractId}/flow`, { token: world.subcontractors[0]!.token });
    expect(own.body.lines.map((l: { subcontractId: string }) => l.subcontractId)).toEqual([world.subcontracts[0]!.id]);
  });

  it('lets only the prime admin declare the allocation policy', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    expect((await call(api.baseUrl, 'PUT', `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`, { token: world.prime.token, body: { policy: 'ROUND_ROBIN' } })).body).toEqual({ allocationPolicy: 'ROUND_ROBIN' });
    expect((await call(api.baseUrl, 'PUT', `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`, { token: world.subcontractors[0]!.token, body: { policy: 'ROUND_ROBIN' } })).status).toBe(403);
    const bad = await call(api.baseUrl, 'PUT', `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`, { token: world.prime.token, body: { policy: 'CHEAPEST' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.policy');
  });
});
