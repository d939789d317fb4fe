import { CLOCK, fixedClock } from '../common/clock/clock';
import { aSupplyChain } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
  Object.assign(api.app.get(CLOCK), fixedClock('2026-12-01'));
});
afterAll(async () => {
  await api.close();
});

describe('due diligence', () => {
  it('records documents with expiry dates, warns 30 days ahead, and shows the subcontractor what is held about it', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const primeAdmin = world.prime;
    const charity = world.subcontractors[0]!;
    const record = (body: Record<string, unknown>) =>
      call(api.baseUrl, 'POST', '/supply-chain/due-diligence', {
        token: primeAdmin.token,
        body: { subcontractorId: charity.organisationId, ...body },
      });
    expect(
      (
        await record({
          kind: 'INSURANCE',
          title: 'Employer’s liability insurance',
          reference: 'EL-4471',
          checkedOn: '2026-01-10',
          expiresOn: '2026-12-31',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await record({
          kind: 'SAFEGUARDING',
          title: 'Safeguarding policy',
          checkedOn: '2025-11-01',
          expiresOn: '2026-11-30',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await record({
          kind: 'REGISTRATION',
          title: 'Charity registration',
          reference: '1098765',
          checkedOn: '2026-01-10',
        })
      ).status,
    ).toBe(201);
    const bad = await record({
      kind: 'INSURANCE',
      title: 'Backwards',
      checkedOn: '2026-05-01',
      expiresOn: '2026-04-01',
    });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'body.expiresOn' }] } });

    const seen = await call(api.baseUrl, 'GET', '/supply-chain/due-diligence', {
      token: primeAdmin.token,
    });
    expect(
      seen.body.records.map((r: { title: string; expiry: string; daysLeft: number | null }) => [
        r.title,
        r.expiry,
        r.daysLeft,
      ]),
    ).toEqual([
      ['Safeguarding policy', 'EXPIRED', -1],
      ['Employer’s liability insurance', 'EXPIRING', 30],
      ['Charity registration', 'NO_EXPIRY', null],
    ]);
    const own = await call(api.baseUrl, 'GET', '/supply-chain/due-diligence', {
      token: charity.token,
    });
    expect(own.body.records).toHaveLength(3);
    const stranger = await aSignedInUser(api.baseUrl, api.db.pool, {
      kind: 'SUBCONTRACTOR',
      roles: ['ADMIN'],
    });
    expect(
      (await call(api.baseUrl, 'GET', '/supply-chain/due-diligence', { token: stranger.token }))
        .body.records,
    ).toEqual([]);
    expect(
      (
        await call(api.baseUrl, 'POST', '/supply-chain/due-diligence', {
          token: charity.token,
          body: {
            subcontractorId: charity.organisationId,
            kind: 'OTHER',
            title: 'x',
            checkedOn: '2026-01-01',
          },
        })
      ).status,
    ).toBe(403);
  });
});
