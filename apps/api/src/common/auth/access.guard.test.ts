// The access guard tells the caller's fault (401) from ours (503): a database
// that cannot be reached during the session lookup is not an expired login.
import { Client } from 'pg';
import { aMember, TEST_PASSWORD } from '../../test-support/factories';
import { call, signIn } from '../../test-support/http';
import { createTestApp, type TestApp } from '../../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp({ jobsEnabled: false });
});
afterAll(async () => {
  await api.close();
});

/** Runs `fn` while the API's database refuses connections (its open ones cut), then lets them in again. */
async function withDatabaseRefusingConnections(fn: () => Promise<void>): Promise<void> {
  const database = new URL(api.db.url).pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(api.db.url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  // The test's own pool loses its idle connections too: their errors are expected here.
  const ignore = () => undefined;
  api.db.pool.on('error', ignore);
  try {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
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
    expect({ status: answer?.status, type: answer?.headers.get('content-type'), retryAfter: answer?.headers.get('retry-after'), body: answer?.body }).toMatchObject({
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
    expect({ status: answer.status, code: (answer.body as { code?: string }).code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
