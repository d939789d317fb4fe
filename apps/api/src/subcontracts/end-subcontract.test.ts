// Ending a subcontract moves its caseload and keeps every history whole; the
// claims it earned stay payable to it.
import { CLOCK, fixedClock } from '../common/clock/clock';
import { aSupplyChain, anAllocatedReferral } from '../referrals/test-world';
import {
  aMoneyWorld,
  anApprovedClaim,
  aSubcontract,
  passDownAndPay,
  remitAndPay,
} from '../remittances/money-fixtures';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});

const setDay = (day: string) => Object.assign(api.app.get(CLOCK), fixedClock(day));
afterAll(async () => {
  await api.close();
});

describe('ending a subcontract', () => {
  it('transfers all 30 participants, keeps each one’s history, and still pays the ended subcontractor for its earned claims', async () => {
    setDay('2024-06-15');
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const primeAdmin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.organisationId,
      roles: ['ADMIN'],
    });
    const ending = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    const taking = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 6500 },
    });
    // 30 participants on its caseload, each with a job outcome already earned (approved, £1,200.00 to the prime).
    const claims: string[] = [];
    for (let n = 0; n < 30; n += 1)
      claims.push(
        await anApprovedClaim(world, { subcontractId: ending.id, decidedOn: '2024-03-10' }),
      );
    const before = await api.db.pool.query<{
      id: string;
      participant_id: string;
      status: string;
      transitions: number;
    }>(
      `SELECT r.id, r.participant_id, r.status, (SELECT count(*) FROM referral_transition t WHERE t.referral_id = r.id)::int AS transitions FROM referral r WHERE r.subcontract_id = $1 ORDER BY r.id`,
      [ending.id],
    );
    expect(before.rows).toHaveLength(30);

    const ended = await call(api.baseUrl, 'POST', `/subcontracts/${ending.id}/end`, {
      token: primeAdmin.token,
      body: {
        reason: 'persistent late reporting',
        effectiveOn: '2024-06-14',
        toSubcontractId: taking.id,
      },
    });
    expect(ended.status).toBe(200);
    expect(ended.body.subcontract).toMatchObject({
      status: 'ENDED',
      endsOn: '2024-06-14',
      caseload: 0,
      statusReason: 'persistent late reporting',
      statusSince: '2024-06-14',
    });
    expect(ended.body.transferred).toHaveLength(30);
    expect(
      new Set(
        ended.body.transferred.map((t: { toSubcontractorName: string }) => t.toSubcontractorName),
      ).size,
    ).toBe(1);

    // Every participant moved, same referral and status, one transfer row appended to its history; claims untouched.
    const after = await api.db.pool.query<{
      id: string;
      participant_id: string;
      status: string;
      subcontract_id: string;
      transitions: number;
      last_reason: string;
    }>(
      `SELECT r.id, r.participant_id, r.status, r.subcontract_id, (SELECT count(*) FROM referral_transition t WHERE t.referral_id = r.id)::int AS transitions,
              (SELECT t.reason FROM referral_transition t WHERE t.referral_id = r.id ORDER BY t.at DESC LIMIT 1) AS last_reason
         FROM referral r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id`,
      [before.rows.map((r) => r.id)],
    );
    expect(
      after.rows.map((r) => [r.id, r.participant_id, r.status, r.subcontract_id, r.transitions]),
    ).toEqual(
      before.rows.map((r) => [r.id, r.participant_id, r.status, taking.id, r.transitions + 1]),
    );
    expect(
      after.rows.every(
        (r) =>
          r.last_reason.startsWith('Transferred from') &&
          r.last_reason.endsWith('persistent late reporting'),
      ),
    ).toBe(true);
    const claimRows = await api.db.pool.query<{ subcontract_id: string }>(
      'SELECT subcontract_id FROM claim WHERE id = ANY($1::uuid[])',
      [claims],
    );
    expect(claimRows.rows.every((r) => r.subcontract_id === ending.id)).toBe(true);

    // The commissioner sees the exit and why.
    const seen = await call(api.baseUrl, 'GET', `/subcontracts/${ending.id}`, {
      token: world.commissioner.token,
    });
    expect(seen.body.transitions.at(-1)).toMatchObject({
      from: 'ACTIVE',
      to: 'ENDED',
      reason: 'persistent late reporting',
      effectiveOn: '2024-06-14',
    });

    // Earned claims are still passed down to the ended subcontractor: 30 × (70 % of £1,200.00 less 10 %) = 30 × £756.00 = £22,680.00.
    await remitAndPay(world, {
      periodStart: '2024-03-01',
      periodEnd: '2024-03-31',
      paidOn: '2024-04-02',
    });
    const payment = await passDownAndPay(world, ending.id, {
      periodStart: '2024-04-01',
      periodEnd: '2024-05-31',
      paidOn: '2024-05-02',
    });
    expect(payment.amountPence).toBe('2268000');
  });

  it('changes nothing when the allocation rules cannot place someone, and the prime must choose', async () => {
    setDay('2026-10-01');
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    // No needs assessment: the rules cannot choose a subcontract for this participant.
    const refused = await call(
      api.baseUrl,
      'POST',
      `/subcontracts/${world.subcontracts[0]!.id}/end`,
      { token: world.prime.token, body: { reason: 'contract review' } },
    );
    expect(refused).toMatchObject({ status: 422, body: { code: 'NEEDS_ASSESSMENT_REQUIRED' } });
    const still = await call(api.baseUrl, 'GET', `/subcontracts/${world.subcontracts[0]!.id}`, {
      token: world.prime.token,
    });
    expect(still.body.subcontract).toMatchObject({ status: 'ACTIVE', caseload: 1 });
    // Suspending keeps the caseload unless asked, and stops new referrals.
    const suspended = await call(
      api.baseUrl,
      'POST',
      `/subcontracts/${world.subcontracts[0]!.id}/suspend`,
      { token: world.prime.token, body: { reason: 'safeguarding review' } },
    );
    expect(suspended.body.subcontract).toMatchObject({
      status: 'SUSPENDED',
      caseload: 1,
      statusReason: 'safeguarding review',
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${world.subcontracts[0]!.id}/end`, {
          token: world.subcontractors[0]!.token,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    const reinstated = await call(
      api.baseUrl,
      'POST',
      `/subcontracts/${world.subcontracts[0]!.id}/reinstate`,
      { token: world.prime.token, body: { reason: 'review closed' } },
    );
    expect(reinstated.body.subcontract.status).toBe('ACTIVE');
  });
});
