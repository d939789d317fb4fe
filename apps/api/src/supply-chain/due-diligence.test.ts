import { CLOCK, fixedClock } from '../common/clock/clock';
import { DueDiligenceExpiryService } from './due-diligence-expiry.service';
import { aSupplyChain } from '../referrals/test-world';
import { aSignedInUser } from '../test-support/signed-in-user';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

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

  it('tells the subcontractor’s and the prime’s administrators once, N days before a document expires', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const charity = world.subcontractors[0]!;
    const charityAdmin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: charity.organisationId,
      roles: ['ADMIN'],
    });
    const otherCharity = world.subcontractors[1]!;
    const record = async (body: Record<string, unknown>) => {
      const answer = await call(api.baseUrl, 'POST', '/supply-chain/due-diligence', {
        token: world.prime.token,
        body: { subcontractorId: charity.organisationId, checkedOn: '2026-01-10', ...body },
      });
      expect(answer.status).toBe(201);
    };
    await record({ kind: 'INSURANCE', title: 'Public liability', expiresOn: '2026-12-31' }); // 30 days: told now
    await record({ kind: 'SAFEGUARDING', title: 'DBS checks', expiresOn: '2027-01-01' }); // 31 days: not yet
    await record({ kind: 'REGISTRATION', title: 'Charity registration' }); // never expires
    await record({
      kind: 'OTHER',
      title: 'Lapsed',
      checkedOn: '2025-01-01',
      expiresOn: '2026-11-30',
    }); // already expired

    const told = async (token: string) =>
      (
        await call<{ notifications: { kind: string; title: string; body: string }[] }>(
          api.baseUrl,
          'GET',
          '/notifications?pageSize=50',
          { token },
        )
      ).body.notifications.filter((n) => n.kind === 'DOCUMENT_EXPIRING');
    const clock = api.app.get(CLOCK);
    const expiry = api.app.get(DueDiligenceExpiryService);
    try {
      expect((await expiry.scan()).noticeDays).toBe(30);
      for (const person of [charityAdmin, world.prime]) {
        const notices = await told(person.token);
        expect(notices.map((n) => n.title)).toEqual([
          expect.stringMatching(/^Document expiring on 31 December 2026: Public liability \(/),
        ]);
        expect(notices[0]!.body).toContain('Insurance: Public liability');
      }
      // Caseworkers, and another subcontractor, are not told.
      expect(await told(charity.token)).toEqual([]);
      expect(await told(otherCharity.token)).toEqual([]);

      // Once per document: the next night's scan tells nobody again about the same one…
      await expiry.scan();
      expect(await told(charityAdmin.token)).toHaveLength(1);
      // …and a day later the safeguarding document enters its 30 days.
      Object.assign(clock, fixedClock('2026-12-02'));
      await expiry.scan();
      expect((await told(charityAdmin.token)).map((n) => n.title)).toEqual([
        expect.stringContaining('DBS checks'),
        expect.stringContaining('Public liability'),
      ]);
    } finally {
      Object.assign(clock, fixedClock('2026-12-01'));
    }
    const audited = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_event e JOIN due_diligence_record d ON d.id::text = e.entity_id
        WHERE e.action = 'due-diligence.notify-expiry' AND d.subcontractor_id = $1`,
      [charity.organisationId],
    );
    expect(audited.rows[0].n).toBe(2);
  });
});
