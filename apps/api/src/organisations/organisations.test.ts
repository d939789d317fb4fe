import { aMember, TEST_PASSWORD } from '../test-support/factories';
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
      body: { name: 'Riverside Futures', kind: 'SUBCONTRACTOR', charityNumber: '1123456', turnoverBand: 'MICRO', sectorType: 'VOLUNTARY', specialisms: ['ESOL'], firstAdmin: { email: 'chair@riverside.test', displayName: 'Ada Chair' } },
    });
    expect(result.status).toBe(201);
    expect(result.body.organisation).toMatchObject({ name: 'Riverside Futures', kind: 'SUBCONTRACTOR', turnoverBand: 'MICRO' });
    const token = new URL(result.body.firstAdminInvitation.acceptUrl).searchParams.get('token')!;
    expect((await call(api.baseUrl, 'POST', '/invitations/accept', { body: { token, password: 'the tide comes in twice a day' } })).status).toBe(201);
    const chair = await signIn(api.baseUrl, 'chair@riverside.test', 'the tide comes in twice a day');
    const me = await call(api.baseUrl, 'GET', '/organisations/current', { token: chair.accessToken });
    expect(me.body.organisation.id).toBe(result.body.organisation.id);

    const duplicate = await call(api.baseUrl, 'POST', '/organisations', {
      token: accessToken,
      body: { name: 'riverside futures', kind: 'SUBCONTRACTOR', firstAdmin: { email: 'x@riverside.test', displayName: 'X' } },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([{ field: 'body.name', message: 'is already taken' }]);
  });

  it('is only for the platform operator', async () => {
    const prime = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, prime.user.email, TEST_PASSWORD);
    const result = await call(api.baseUrl, 'POST', '/organisations', { token: accessToken, body: { name: 'Sneaky', kind: 'PRIME', firstAdmin: { email: 's@s.test', displayName: 'S' } } });
    expect(result.status).toBe(403);
    expect((await call(api.baseUrl, 'GET', '/organisations', { token: accessToken })).status).toBe(403);
  });

  it('validates registered numbers', async () => {
    const operator = await aMember(api.db.pool, { kind: 'PLATFORM', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, operator.user.email, TEST_PASSWORD);
    const result = await call(api.baseUrl, 'POST', '/organisations', { token: accessToken, body: { name: 'Bad Numbers Ltd', kind: 'PRIME', companyNumber: '123', firstAdmin: { email: 'a@b.test', displayName: 'A' } } });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'body.companyNumber', message: 'must be an 8-character Companies House number' }]);
  });
});
