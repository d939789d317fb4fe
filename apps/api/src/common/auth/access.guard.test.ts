// The access guard tells the caller's fault (401) from ours (503): a database
// that cannot be reached during the session lookup is not an expired login —
// and no route, sign-in included, turns a database outage into 401 or 500.
// A route closed to the caller's whole party answers exactly as an unknown id.
import { Client } from 'pg';
import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../../test-support/http';
import { createTestApp, type TestApp } from '../../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

/** Runs `fn` while the API's database refuses connections (its open ones cut), then lets them in again. */
async function withDatabaseRefusingConnections(fn: () => Promise<void>): Promise<void> {
  const database = new URL(api.db.url).pathname.slice(1);
  const admin = new Client({
    connectionString: Object.assign(new URL(api.db.url), { pathname: '/postgres' }).toString(),
  });
  await admin.connect();
  // The test's own pool loses its idle connections too: their errors are expected here.
  const ignore = () => undefined;
  api.db.pool.on('error', ignore);
  try {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
    await fn();
  } finally {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    await admin.end();
    api.db.pool.off('error', ignore);
  }
}

describe('AccessGuard', () => {
  it('answers 503 with a problem document, not 401, when the session cannot be looked up', async () => {
    const { user } = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    expect((await call(api.baseUrl, 'GET', '/auth/me', { token: accessToken })).status).toBe(200);

    let answer: Awaited<ReturnType<typeof call>> | undefined;
    await withDatabaseRefusingConnections(async () => {
      answer = await call(api.baseUrl, 'GET', '/auth/me', { token: accessToken });
    });
    expect({
      status: answer?.status,
      type: answer?.headers.get('content-type'),
      retryAfter: answer?.headers.get('retry-after'),
      body: answer?.body,
    }).toMatchObject({
      status: 503,
      type: expect.stringMatching(/^application\/problem\+json/),
      retryAfter: '5',
      body: { status: 503, code: 'NOT_READY' },
    });
    // The login itself was fine all along: once the database is back, the same token works.
    expect((await call(api.baseUrl, 'GET', '/auth/me', { token: accessToken })).status).toBe(200);
  });

  it('still answers 401 for a token that is not valid', async () => {
    const answer = await call(api.baseUrl, 'GET', '/auth/me', { token: 'not-a-token' });
    expect({ status: answer.status, code: (answer.body as { code?: string }).code }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('answers 503 problem+json for sign-in and a caseload read while the database refuses connections', async () => {
    const { user } = await aMember(api.db.pool, { kind: 'SUBCONTRACTOR', roles: ['CASEWORKER'] });
    const { accessToken, refreshToken } = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    // The caseload may take its caller from the principal cache: warm it, so the failure lands in the scoped query itself.
    expect((await call(api.baseUrl, 'GET', '/caseload', { token: accessToken })).status).toBe(200);

    const answers: Record<string, Awaited<ReturnType<typeof call>>> = {};
    await withDatabaseRefusingConnections(async () => {
      answers.signIn = await call(api.baseUrl, 'POST', '/auth/sign-in', {
        body: { email: user.email, password: TEST_PASSWORD },
      });
      answers.caseload = await call(api.baseUrl, 'GET', '/caseload', { token: accessToken });
      answers.claims = await call(api.baseUrl, 'GET', '/claims', { token: accessToken });
      answers.refresh = await call(api.baseUrl, 'POST', '/auth/refresh', {
        body: { refreshToken },
      });
    });
    // An outage does not sign anyone out: the refresh failed on our side, so its cookies are not cleared.
    expect(answers.refresh!.headers.get('set-cookie')).toBeNull();
    for (const [name, answer] of Object.entries(answers)) {
      expect({
        name,
        status: answer.status,
        type: answer.headers.get('content-type'),
        retryAfter: answer.headers.get('retry-after'),
        code: (answer.body as { code?: string }).code,
      }).toEqual({
        name,
        status: 503,
        type: expect.stringMatching(/^application\/problem\+json/),
        retryAfter: '5',
        code: 'NOT_READY',
      });
    }
    // Nothing about the login changed: the same token reads the caseload once the database is back.
    expect((await call(api.baseUrl, 'GET', '/caseload', { token: accessToken })).status).toBe(200);
  });

  it('answers a route closed to the caller’s party exactly as an unknown id, whether or not the record exists', async () => {
    const commissioner = await aMember(api.db.pool, { kind: 'COMMISSIONER', roles: ['ADMIN'] });
    const { rows } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO programme (commissioner_id, name, starts_on) VALUES ($1, 'Closed-route probe', '2026-01-01') RETURNING id`,
      [commissioner.organisation.id],
    );
    const partner = await aMember(api.db.pool, { kind: 'REFERRAL_PARTNER', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, partner.user.email, TEST_PASSWORD);
    const strip = (body: unknown) => {
      const {
        instance: _instance,
        requestId: _requestId,
        ...rest
      } = body as Record<string, unknown>;
      return rest;
    };
    // Programmes are for the supply chain, not referral partners: a real programme and a made-up id get the same answer.
    const existing = await call(api.baseUrl, 'GET', `/programmes/${rows[0]!.id}`, {
      token: accessToken,
    });
    const unknown = await call(
      api.baseUrl,
      'GET',
      '/programmes/00000000-0000-4000-8000-000000000000',
      { token: accessToken },
    );
    expect(existing.status).toBe(404);
    expect(strip(existing.body)).toEqual(strip(unknown.body));
    expect(strip(existing.body)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
