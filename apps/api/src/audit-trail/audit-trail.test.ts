import { addDays, CLAIM_STATUSES, REFERRAL_STATUSES } from '@waymark/domain';
import {
  aClaimAt,
  aClaimsWorld,
  type ClaimsWorld,
  moveClaim,
  type Person,
  today,
} from '../claims/claims.test-world';
import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { describeAuditAction } from '@waymark/domain';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
let world: ClaimsWorld;
let otherWorld: ClaimsWorld;
let claim: { id: string; referralId: string };
let auditors: { sub: Person; prime: Person; commissioner: Person; otherSub: Person };
beforeAll(async () => {
  api = await createTestApp();
  world = await aClaimsWorld(api);
  otherWorld = await aClaimsWorld(api);
  claim = await aClaimAt(api, world, 'SUBMITTED');
  // A formula in a reason: the export must not hand it to a spreadsheet as one.
  expect(
    (
      await moveClaim(
        api,
        world.people.primeFinance,
        claim.id,
        'PRIME_QUERIED',
        '=HYPERLINK("http://evil.example","Open")',
      )
    ).status,
  ).toBe(200);
  await aClaimAt(api, otherWorld, 'SUBMITTED');
  auditors = {
    sub: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.subcontractor.id,
      roles: ['AUDITOR'],
    }),
    prime: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.id,
      roles: ['AUDITOR'],
    }),
    commissioner: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.commissioner.id,
      roles: ['AUDITOR'],
    }),
    otherSub: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: otherWorld.subcontractor.id,
      roles: ['ADMIN'],
    }),
  };
});
afterAll(async () => {
  await api.close();
});

interface Event {
  seq: string;
  action: string;
  description: string;
  actorName: string | null;
  actorOrganisationId: string | null;
  actorOrganisationName: string | null;
  entityId: string;
  record: string | null;
  reason: string | null;
}
const browse = async (person: Person | string, query = '') => {
  const result = await call<{
    events: Event[];
    total: number;
    page: number;
    pageSize: number;
    scope: string;
  }>(api.baseUrl, 'GET', `/audit/events${query}`, {
    token: typeof person === 'string' ? person : person.token,
  });
  expect(result.status).toBe(200);
  return result.body;
};

describe('browsing an organisation’s audit trail', () => {
  it('shows a subcontractor only what its own people did, with names and words', async () => {
    const page = await browse(auditors.sub, '?entityType=claim');
    expect(page.events.length).toBeGreaterThanOrEqual(2);
    expect(new Set(page.events.map((e) => e.actorOrganisationId))).toEqual(
      new Set([world.subcontractor.id]),
    );
    expect(page.events).toContainEqual(
      expect.objectContaining({
        action: 'claim.draft',
        description: 'Claim drafted',
        actorName: 'Test User',
        actorOrganisationName: world.subcontractor.name,
        entityId: claim.id,
        record: expect.stringMatching(/^Attachment claim for participant P-/),
      }),
    );
    expect(page.events.map((e) => e.action)).not.toContain('claim.prime-queried');
  });

  it('shows a prime only its own people’s events, and a commissioner everything in its programmes but not another’s', async () => {
    const prime = await browse(auditors.prime, '?entityType=claim');
    expect(prime.events.map((e) => e.action)).toEqual(['claim.prime-queried']);
    expect(prime.events[0]).toMatchObject({
      description: 'Claim queried by the prime',
      reason: '=HYPERLINK("http://evil.example","Open")',
      actorOrganisationName: world.prime.name,
    });

    const commissioner = await browse(auditors.commissioner, '?entityType=claim');
    expect(commissioner.events.map((e) => e.action).sort()).toEqual([
      'claim.draft',
      'claim.prime-queried',
      'claim.submitted',
    ]);
    expect(commissioner.events.every((e) => e.entityId === claim.id)).toBe(true);
  });

  it('lets the platform see every organisation’s events', async () => {
    const platform = await aMember(api.db.pool, { kind: 'PLATFORM', roles: ['AUDITOR'] });
    const { accessToken } = await signIn(api.baseUrl, platform.user.email, TEST_PASSWORD);
    const all = await browse(accessToken, `?entityType=claim&action=claim.draft`);
    expect(all.total).toBe(2);
    expect(new Set(all.events.map((e) => e.actorOrganisationId))).toEqual(
      new Set([world.subcontractor.id, otherWorld.subcontractor.id]),
    );
  });

  it('filters by person, action and days, and pages with a total', async () => {
    const everything = await browse(auditors.commissioner);
    const first = await browse(auditors.commissioner, '?pageSize=1&page=1');
    const second = await browse(auditors.commissioner, '?pageSize=1&page=2');
    expect(first.total).toBe(everything.total);
    expect(second.total).toBe(everything.total);
    expect([first.events[0]!.seq, second.events[0]!.seq]).toEqual(
      everything.events.slice(0, 2).map((e) => e.seq),
    );

    const byFinance = await browse(
      auditors.commissioner,
      `?actorUserId=${world.people.subFinance.id}&action=claim.submitted`,
    );
    expect(byFinance.events.map((e) => [e.action, e.entityId])).toEqual([
      ['claim.submitted', claim.id],
    ]);
    expect((await browse(auditors.commissioner, `?entityType=claim&from=${today()}`)).total).toBe(
      3,
    );
    expect(
      (await browse(auditors.commissioner, `?entityType=claim&to=${addDays(today(), -1)}`)).total,
    ).toBe(0);
  });

  it('refuses a date range that ends before it starts, naming the field, and people without an audit role', async () => {
    const bad = await call(
      api.baseUrl,
      'GET',
      `/audit/events?from=${today()}&to=${addDays(today(), -1)}`,
      { token: auditors.commissioner.token },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'query.to' })]);
    expect(
      (await call(api.baseUrl, 'GET', '/audit/events', { token: world.people.subCaseworker.token }))
        .status,
    ).toBe(403);
  });
});

describe('one record’s trail', () => {
  it('tells the claim’s whole story, other parties included, to anyone who may see the claim', async () => {
    const trail = await call<{ events: Event[]; total: number }>(
      api.baseUrl,
      'GET',
      `/audit/records/claim/${claim.id}`,
      { token: world.people.subCaseworker.token },
    );
    expect(trail.status).toBe(200);
    expect(trail.body.events.map((e) => e.description)).toEqual([
      'Claim queried by the prime',
      'Claim submitted to the prime',
      'Claim drafted',
    ]);
    expect(trail.body.total).toBe(3);
    expect(trail.body.events[0]).toMatchObject({ actorOrganisationName: world.prime.name });
  });

  it('answers 404 for another organisation’s claim or referral, and 400 for a record type it does not trail', async () => {
    expect(
      (
        await call(api.baseUrl, 'GET', `/audit/records/claim/${claim.id}`, {
          token: auditors.otherSub.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/audit/records/referral/${claim.referralId}`, {
          token: auditors.otherSub.token,
        })
      ).status,
    ).toBe(404);
    const bad = await call(api.baseUrl, 'GET', `/audit/records/payment/${claim.id}`, {
      token: auditors.sub.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('params.entityType');
  });
});

describe('exporting', () => {
  it('writes CSV with one header row, ISO instants, names beside ids, and formulas defused', async () => {
    const csv = await call<string>(api.baseUrl, 'GET', '/audit/events/export?entityType=claim', {
      token: auditors.prime.token,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'occurred_at,actor,actor_organisation,action,action_code,record_type,record,record_id,programme,reason,actor_user_id,actor_organisation_id,seq',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,Test User,/);
    expect(lines[1]).toContain(
      `${world.prime.name},Claim queried by the prime,claim.prime-queried,Claim,Attachment claim for participant P-`,
    );
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""Open"")"`);
    expect(lines[1]).toContain(world.people.primeFinance.id);
  });
});

describe('the words for actions', () => {
  it('names every claim and referral transition in words, never as a code', () => {
    for (const status of CLAIM_STATUSES)
      expect(describeAuditAction(`claim.${status.toLowerCase().replace(/_/g, '-')}`)).toMatch(
        /^Claim [a-z]/,
      );
    for (const status of REFERRAL_STATUSES)
      expect(describeAuditAction(`referral.${status.toLowerCase()}`)).not.toMatch(/[._]|[A-Z]{2}/);
  });
});
