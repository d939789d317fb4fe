import { aSupplyChain, anAllocatedReferral, step } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('the journey', () => {
  it('logs activities and milestones, shows a timeline and forecasts what is claimable and next', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    const caseworker = world.subcontractors[0]!;
    await step(api.baseUrl, caseworker.token, referral.id, 'attach', referral.version, { attachedOn: daysAgo(40) });
    await call(api.baseUrl, 'POST', `/referrals/${referral.id}/needs-assessments`, { token: caseworker.token, body: { barriers: [{ type: 'HOUSING', severity: 2 }] } });
    const contact = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, { token: caseworker.token, body: { kind: 'CONTACT', occurredOn: daysAgo(30), notes: 'phone call' } });
    expect(contact.status).toBe(201);
    expect(contact.body.milestone).toBeNull();
    const job = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: caseworker.token,
      body: { kind: 'JOB_START', occurredOn: daysAgo(10), employer: 'Riverside Bakery', hoursPerWeek: 20, hourlyPayPence: '1221' },
    });
    expect(job.body.milestone).toEqual({ code: 'JOB_START', occurrence: 1 });
    const missing = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, { token: caseworker.token, body: { kind: 'JOB_START', occurredOn: daysAgo(1) } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.employer', 'body.hourlyPayPence', 'body.hoursPerWeek']);

    const timeline = await call(api.baseUrl, 'GET', `/referrals/${referral.id}/timeline`, { token: world.prime.token });
    expect(timeline.status).toBe(200);
    const entries = timeline.body.entries as { kind: string; title: string; detail: string | null; by: { displayName: string; organisationName: string } | null }[];
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['STATUS_RECEIVED', 'STATUS_ATTACHED', 'ACTIVITY_CONTACT', 'JOB_START', 'NEEDS_ASSESSMENT']));
    // One job start logged is one entry in words, not an activity, a milestone and a job labelled "Other".
    const jobEntries = entries.filter((e) => e.kind === 'JOB_START' || e.kind === 'MILESTONE_JOB_START' || e.kind === 'ACTIVITY_OTHER');
    expect(jobEntries).toHaveLength(1);
    expect(jobEntries[0]).toMatchObject({ title: 'Job start' });
    expect(jobEntries[0]?.detail).toBe('Riverside Bakery, 20 h/week at £12.21/hour');
    expect(entries.every((e) => !/_/.test(e.title))).toBe(true);
    expect(entries.find((e) => e.kind === 'ACTIVITY_CONTACT')?.by?.displayName).toEqual(expect.any(String));

    const forecast = await call(api.baseUrl, 'GET', `/referrals/${referral.id}/forecast?horizonDays=400`, { token: caseworker.token });
    expect(forecast.status).toBe(200);
    expect(forecast.body.paymentGroup).toBe('B');
    const attachment = forecast.body.milestones.find((m: { code: string }) => m.code === 'ATTACHMENT');
    expect(attachment.status).toBe('CLAIMABLE');
    expect(forecast.body.forecast.find((f: { code: string }) => f.code === 'ATTACHMENT')).toMatchObject({ basis: 'CLAIMABLE_NOW', amountPence: '15000' });
    expect(forecast.body.forecast.find((f: { code: string }) => f.code === 'JOB_OUTCOME')).toMatchObject({ basis: 'PROJECTED', amountPence: '150000' });
    expect(forecast.body.claimableNowPence).toMatch(/^\d+$/);
  });

  it('keeps journeys to the delivering subcontractor: others 404, the prime 403, a finished referral 409', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    const body = { kind: 'CONTACT', occurredOn: daysAgo(1) };
    expect((await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, { token: world.subcontractors[1]!.token, body })).status).toBe(404);
    expect((await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, { token: other.subcontractors[0]!.token, body })).status).toBe(404);
    expect((await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, { token: world.prime.token, body })).status).toBe(403);
    expect((await call(api.baseUrl, 'GET', `/referrals/${referral.id}/timeline`, { token: other.prime.token })).status).toBe(404);
    expect((await call(api.baseUrl, 'GET', `/referrals/${referral.id}/forecast`, { token: other.commissioner.token })).status).toBe(404);
    expect((await call(api.baseUrl, 'GET', `/referrals/${referral.id}/timeline`, { token: world.partner.token })).status).toBe(403);
    const exited = await step(api.baseUrl, world.prime.token, referral.id, 'exit', referral.version, { reason: 'moved out of area' });
    expect(exited.status).toBe('EXITED');
    const late = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, { token: world.subcontractors[0]!.token, body });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('REFERRAL_NOT_IN_DELIVERY');
  });
});
