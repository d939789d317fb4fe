import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

describe('onboarding organisations', () => {
  it('lets the platform operator onboard a charity whose first admin accepts an invitation', async () => {
    const operator = await aMember(api.db.pool, { kind: 'PLATFORM', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, operator.user.email, TEST_PASSWORD);
    const result = await call(api.baseUrl, 'POST', '/organisations', {
      token: accessToken,
      body: {
        name: 'Riverside Futures',
        kind: 'SUBCONTRACTOR',
        charityNumber: '1123456',
        turnoverBand: 'MICRO',
        sectorType: 'VOLUNTARY',
        specialisms: ['ESOL'],
        firstAdmin: { email: 'chair@riverside.test', displayName: 'Ada Chair' },
      },
    });
    expect(result.status).toBe(201);
    expect(result.body.organisation).toMatchObject({
      name: 'Riverside Futures',
      kind: 'SUBCONTRACTOR',
      turnoverBand: 'MICRO',
    });
    const token = new URL(result.body.firstAdminInvitation.acceptUrl).searchParams.get('token')!;
    expect(
      (
        await call(api.baseUrl, 'POST', '/invitations/accept', {
          body: { token, password: 'the tide comes in twice a day' },
        })
      ).status,
    ).toBe(201);
    const chair = await signIn(
      api.baseUrl,
      'chair@riverside.test',
      'the tide comes in twice a day',
    );
    const me = await call(api.baseUrl, 'GET', '/organisations/current', {
      token: chair.accessToken,
    });
    expect(me.body.organisation.id).toBe(result.body.organisation.id);

    const duplicate = await call(api.baseUrl, 'POST', '/organisations', {
      token: accessToken,
      body: {
        name: 'riverside futures',
        kind: 'SUBCONTRACTOR',
        firstAdmin: { email: 'x@riverside.test', displayName: 'X' },
      },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([{ field: 'body.name', message: 'is already taken' }]);
  });

  it('lets a prime invite a subcontractor that is not on Waymark yet, which it can then offer a subcontract', async () => {
    const prime = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, prime.user.email, TEST_PASSWORD);
    const invited = await call(api.baseUrl, 'POST', '/organisations/subcontractors', {
      token: accessToken,
      body: {
        name: 'Tipton Women’s Centre',
        charityNumber: '1187654',
        specialisms: ['women returners'],
        firstAdmin: { email: 'director@tipton.test', displayName: 'Grace Director' },
      },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.organisation).toMatchObject({
      name: 'Tipton Women’s Centre',
      kind: 'SUBCONTRACTOR',
    });
    const audit = await api.db.pool.query<{ actor: string }>(
      `SELECT actor_organisation_id AS actor FROM audit_event WHERE action = 'organisation.invite-subcontractor' AND entity_id = $1`,
      [invited.body.organisation.id],
    );
    expect(audit.rows).toEqual([{ actor: prime.organisation.id }]);
    const listed = await call(api.baseUrl, 'GET', '/subcontracts/subcontractors', {
      token: accessToken,
    });
    expect(listed.body.subcontractors.map((s: { name: string }) => s.name)).toContain(
      'Tipton Women’s Centre',
    );
    const token = new URL(invited.body.firstAdminInvitation.acceptUrl).searchParams.get('token')!;
    expect(
      (
        await call(api.baseUrl, 'POST', '/invitations/accept', {
          body: { token, password: 'canal boats drift past the lock' },
        })
      ).status,
    ).toBe(201);

    const caseworker = await aMember(api.db.pool, { kind: 'PRIME', roles: ['CASEWORKER'] });
    const asCaseworker = await signIn(api.baseUrl, caseworker.user.email, TEST_PASSWORD);
    expect(
      (
        await call(api.baseUrl, 'POST', '/organisations/subcontractors', {
          token: asCaseworker.accessToken,
          body: { name: 'Elsewhere', firstAdmin: { email: 'a@elsewhere.test', displayName: 'A' } },
        })
      ).status,
    ).toBe(403);
    const kindGiven = await call(api.baseUrl, 'POST', '/organisations/subcontractors', {
      token: accessToken,
      body: {
        name: 'Sneaky',
        kind: 'COMMISSIONER',
        firstAdmin: { email: 'b@sneaky.test', displayName: 'B' },
      },
    });
    expect(kindGiven.status).toBe(400);
    expect(kindGiven.body.errors).toEqual([expect.objectContaining({ field: 'body.kind' })]);
  });

  it('is only for the platform operator', async () => {
    const prime = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, prime.user.email, TEST_PASSWORD);
    const result = await call(api.baseUrl, 'POST', '/organisations', {
      token: accessToken,
      body: { name: 'Sneaky', kind: 'PRIME', firstAdmin: { email: 's@s.test', displayName: 'S' } },
    });
    expect(result.status).toBe(403);
    expect((await call(api.baseUrl, 'GET', '/organisations', { token: accessToken })).status).toBe(
      403,
    );
  });

  it('validates registered numbers', async () => {
    const operator = await aMember(api.db.pool, { kind: 'PLATFORM', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, operator.user.email, TEST_PASSWORD);
    const result = await call(api.baseUrl, 'POST', '/organisations', {
      token: accessToken,
      body: {
        name: 'Bad Numbers Ltd',
        kind: 'PRIME',
        companyNumber: '123',
        firstAdmin: { email: 'a@b.test', displayName: 'A' },
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      { field: 'body.companyNumber', message: 'must be an 8-character Companies House number' },
    ]);
  });
});
