import { aReferralVia, aSupplyChain, anAllocatedReferral } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { neutraliseCell } from './caseload.service';

interface CaseloadPage {
  referrals: { referralId: string }[];
  nextCursor: string | null;
}

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

describe('caseload', () => {
  it('pages stably with a keyset cursor, each party seeing only its slice', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    await aReferralVia(api.baseUrl, other);
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await aReferralVia(api.baseUrl, world));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: CaseloadPage } = await call<CaseloadPage>(api.baseUrl, 'GET', `/caseload?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: world.prime.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.referrals.map((r) => r.referralId));
      cursor = page.body.nextCursor;
      if (seen.length === 2) await aReferralVia(api.baseUrl, world); // a newer referral arriving mid-paging does not shift later pages
    } while (cursor);
    expect(seen).toEqual(made.map((r) => r.id).reverse());
    const partner = await call(api.baseUrl, 'GET', '/caseload?sort=receivedAt&limit=200', { token: world.partner.token });
    expect(partner.body.referrals[0].referralId).toBe(made[0]!.id);
    expect(partner.body.referrals).toHaveLength(6);
    const bad = await call(api.baseUrl, 'GET', '/caseload?cursor=garbage&limit=0', { token: world.prime.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.limit']);
  });

  it('filters by status, subcontract, payment group, inactivity and participant reference', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const allocated = await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await call(api.baseUrl, 'POST', `/referrals/${allocated.id}/needs-assessments`, { token: world.prime.token, body: { barriers: [{ type: 'HEALTH', severity: 3 }] } });
    const waiting = await aReferralVia(api.baseUrl, world);
    await api.db.pool.query(`UPDATE referral SET received_at = now() - interval '40 days' WHERE id = $1`, [waiting.id]);
    const get = async (query: string, token = world.prime.token) => (await call(api.baseUrl, 'GET', `/caseload?${query}`, { token })).body.referrals.map((r: { referralId: string }) => r.referralId);
    expect(await get('status=ALLOCATED')).toEqual([allocated.id]);
    expect(await get(`subcontractId=${world.subcontracts[1]!.id}`)).toEqual([allocated.id]);
    expect(await get('paymentGroup=D')).toEqual([allocated.id]);
    expect(await get('inactiveDays=30')).toEqual([waiting.id]);
    expect(await get(`search=${waiting.participant.reference.slice(0, 6).toLowerCase()}`)).toContain(waiting.id);
    expect(await get('status=ALLOCATED', world.subcontractors[1]!.token)).toEqual([allocated.id]);
    expect(await get('', world.subcontractors[0]!.token)).toEqual([]);
  });

  it('exports CSV with spreadsheet formulas neutralised', async () => {
    expect(['=SUM(A1)', '+1', '-2', '@cmd', 'plain'].map(neutraliseCell)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@cmd", 'plain']);
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await aReferralVia(api.baseUrl, world);
    await api.db.pool.query(`UPDATE participant SET reference = '=HYPERLINK("http://evil")' WHERE id = (SELECT participant_id FROM referral WHERE id = $1)`, [referral.id]);
    const response = await fetch(`${api.baseUrl}/caseload/export`, { headers: { authorization: `Bearer ${world.prime.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    expect(text.split('\n')[0]).toBe('referralId,participantReference,status,paymentGroup,primeContractId,subcontractId,receivedAt,lastActivityOn,daysSinceLastActivity');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
