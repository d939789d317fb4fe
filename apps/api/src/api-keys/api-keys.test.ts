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

describe('organisation API keys', () => {
  it('shows the key once, stores only its hash, records last use, and stops it at once on revocation', async () => {
    const admin = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, admin.user.email, TEST_PASSWORD);
    const created = await call(api.baseUrl, 'POST', '/api-keys', { token: accessToken, body: { name: 'CRM sync', roles: ['CASEWORKER'] } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^wmk_/);
    const keyId = created.body.apiKey.id as string;
    const { rows } = await api.db.pool.query<{ key_hash: Buffer }>('SELECT key_hash FROM api_key WHERE id = $1', [keyId]);
    expect(rows[0]!.key_hash).toHaveLength(32);

    // A key may call only routes that opt in to API keys; /auth/me does not.
    const asKey = await call(api.baseUrl, 'GET', '/organisations/current', { headers: { 'x-api-key': created.body.key } });
    expect(asKey.status).toBe(403);
    expect(asKey.body.detail).toMatch(/API keys cannot call this route/);

    const listed = await call(api.baseUrl, 'GET', '/api-keys', { token: accessToken });
    const summary = listed.body.apiKeys.find((key: { id: string }) => key.id === keyId);
    expect(summary.lastUsedAt).not.toBeNull();
    expect(summary).not.toHaveProperty('key');

    // Last use is written at most once a minute, not on every request of a polling integration.
    const lastUsed = async () => (await api.db.pool.query<{ at: Date }>('SELECT last_used_at AS at FROM api_key WHERE id = $1', [keyId])).rows[0]!.at;
    const firstUse = await lastUsed();
    await call(api.baseUrl, 'GET', '/organisations/current', { headers: { 'x-api-key': created.body.key } });
    expect(await lastUsed()).toEqual(firstUse);
    await api.db.pool.query(`UPDATE api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [keyId]);
    await call(api.baseUrl, 'GET', '/organisations/current', { headers: { 'x-api-key': created.body.key } });
    expect((await lastUsed()).getTime()).toBeGreaterThan(firstUse.getTime() - 1000);

    expect((await call(api.baseUrl, 'DELETE', `/api-keys/${created.body.apiKey.id}`, { token: accessToken })).status).toBe(204);
    const revoked = await call(api.baseUrl, 'GET', '/organisations/current', { headers: { 'x-api-key': created.body.key } });
    expect(revoked.status).toBe(401);
  });

  it('refuses ADMIN keys and hides other organisations’ keys', async () => {
    const admin = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, admin.user.email, TEST_PASSWORD);
    const refused = await call(api.baseUrl, 'POST', '/api-keys', { token: accessToken, body: { name: 'god mode', roles: ['ADMIN'] } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'body.roles', message: 'API keys cannot hold ADMIN' }]);

    const created = await call(api.baseUrl, 'POST', '/api-keys', { token: accessToken, body: { name: 'sync', roles: ['FINANCE'] } });
    const other = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const otherSession = await signIn(api.baseUrl, other.user.email, TEST_PASSWORD);
    expect((await call(api.baseUrl, 'DELETE', `/api-keys/${created.body.apiKey.id}`, { token: otherSession.accessToken })).status).toBe(404);
  });
});
