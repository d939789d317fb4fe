import { aClaimAt, aClaimsWorld, today } from '../claims/claims.test-world';
import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aSignedInUser } from '../test-support/signed-in-user';

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
    const created = await call(api.baseUrl, 'POST', '/api-keys', {
      token: accessToken,
      body: { name: 'CRM sync', roles: ['CASEWORKER'], scopes: ['referrals:read'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^wmk_/);
    const keyId = created.body.apiKey.id as string;
    const { rows } = await api.db.pool.query<{ key_hash: Buffer }>(
      'SELECT key_hash FROM api_key WHERE id = $1',
      [keyId],
    );
    expect(rows[0]!.key_hash).toHaveLength(32);

    // A key may call only routes that opt in to API keys; /auth/me does not.
    const asKey = await call(api.baseUrl, 'GET', '/organisations/current', {
      headers: { 'x-api-key': created.body.key },
    });
    expect(asKey.status).toBe(403);
    expect(asKey.body.detail).toMatch(/API keys cannot call this route/);

    const listed = await call(api.baseUrl, 'GET', '/api-keys', { token: accessToken });
    const summary = listed.body.apiKeys.find((key: { id: string }) => key.id === keyId);
    expect(summary.lastUsedAt).not.toBeNull();
    expect(summary).not.toHaveProperty('key');

    // Last use is written at most once a minute, not on every request of a polling integration.
    const lastUsed = async () =>
      (
        await api.db.pool.query<{ at: Date }>(
          'SELECT last_used_at AS at FROM api_key WHERE id = $1',
          [keyId],
        )
      ).rows[0]!.at;
    const firstUse = await lastUsed();
    await call(api.baseUrl, 'GET', '/organisations/current', {
      headers: { 'x-api-key': created.body.key },
    });
    expect(await lastUsed()).toEqual(firstUse);
    await api.db.pool.query(
      `UPDATE api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1`,
      [keyId],
    );
    await call(api.baseUrl, 'GET', '/organisations/current', {
      headers: { 'x-api-key': created.body.key },
    });
    expect((await lastUsed()).getTime()).toBeGreaterThan(firstUse.getTime() - 1000);

    expect(
      (
        await call(api.baseUrl, 'DELETE', `/api-keys/${created.body.apiKey.id}`, {
          token: accessToken,
        })
      ).status,
    ).toBe(204);
    const revoked = await call(api.baseUrl, 'GET', '/organisations/current', {
      headers: { 'x-api-key': created.body.key },
    });
    expect(revoked.status).toBe(401);
  });

  it('refuses ADMIN keys and hides other organisations’ keys', async () => {
    const admin = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, admin.user.email, TEST_PASSWORD);
    const refused = await call(api.baseUrl, 'POST', '/api-keys', {
      token: accessToken,
      body: { name: 'god mode', roles: ['ADMIN'], scopes: ['claims:read'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'body.roles', message: 'API keys cannot hold ADMIN' },
    ]);

    const created = await call(api.baseUrl, 'POST', '/api-keys', {
      token: accessToken,
      body: { name: 'sync', roles: ['FINANCE'], scopes: ['payments:read'] },
    });
    const other = await aMember(api.db.pool, { kind: 'PRIME', roles: ['ADMIN'] });
    const otherSession = await signIn(api.baseUrl, other.user.email, TEST_PASSWORD);
    expect(
      (
        await call(api.baseUrl, 'DELETE', `/api-keys/${created.body.apiKey.id}`, {
          token: otherSession.accessToken,
        })
      ).status,
    ).toBe(404);
  });

  it('stores the scopes chosen at creation, and refuses a scope the organisation could use nowhere', async () => {
    const admin = await aMember(api.db.pool, { kind: 'REFERRAL_PARTNER', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, admin.user.email, TEST_PASSWORD);
    const created = await call(api.baseUrl, 'POST', '/api-keys', {
      token: accessToken,
      body: {
        name: 'Case system',
        roles: ['CASEWORKER'],
        scopes: ['referrals:write', 'referrals:read'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.apiKey.scopes).toEqual(['referrals:write', 'referrals:read']);
    const listed = await call(api.baseUrl, 'GET', '/api-keys', { token: accessToken });
    expect(
      listed.body.apiKeys.find((key: { id: string }) => key.id === created.body.apiKey.id).scopes,
    ).toEqual(['referrals:write', 'referrals:read']);

    // A referral partner sees no money: a payments key would be a key for nothing.
    const refused = await call(api.baseUrl, 'POST', '/api-keys', {
      token: accessToken,
      body: { name: 'money', roles: ['CASEWORKER'], scopes: ['referrals:read', 'payments:read'] },
    });
    expect({ status: refused.status, errors: refused.body.errors }).toEqual({
      status: 400,
      errors: [
        {
          field: 'body.scopes.1',
          message: 'payments:read is not open to your organisation with these roles',
        },
      ],
    });
    // The roles matter too: claims are read by the supply chain, never by a caseworker-only key of a referral partner.
    const none = await call(api.baseUrl, 'POST', '/api-keys', {
      token: accessToken,
      body: { name: 'nothing', roles: ['CASEWORKER'], scopes: [] },
    });
    expect(none.body.errors).toEqual([
      { field: 'body.scopes', message: 'needs at least one scope' },
    ]);
  });

  it('opens the integration routes to a key holding their scope, scoped to its organisation, and to no other key', async () => {
    const world = await aClaimsWorld(api);
    const other = await aClaimsWorld(api);
    const claim = await aClaimAt(api, world, 'SUBMITTED');
    const othersClaim = await aClaimAt(api, other, 'SUBMITTED');
    const admin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.subcontractor.id,
      roles: ['ADMIN'],
    });
    const createKey = async (scopes: string[], roles = ['CASEWORKER', 'FINANCE']) => {
      const created = await call(api.baseUrl, 'POST', '/api-keys', {
        token: admin.token,
        body: { name: `crm ${scopes.join(' ')}`, roles, scopes },
      });
      expect(created.status).toBe(201);
      return { 'x-api-key': created.body.key as string };
    };
    const crm = await createKey(['claims:read', 'activities:write', 'referrals:read']);

    const read = await call(api.baseUrl, 'GET', `/claims/${claim.id}`, { headers: crm });
    expect({ status: read.status, id: read.body.claim?.id }).toEqual({ status: 200, id: claim.id });
    const listed = await call(api.baseUrl, 'GET', '/claims', { headers: crm });
    expect(listed.body.claims.map((row: { id: string }) => row.id)).toEqual([claim.id]);
    // Row-level security still scopes by the key's organisation: another chain's claim is not there.
    expect(
      (await call(api.baseUrl, 'GET', `/claims/${othersClaim.id}`, { headers: crm })).status,
    ).toBe(404);
    expect(
      (await call(api.baseUrl, 'GET', `/referrals/${claim.referralId}/timeline`, { headers: crm }))
        .status,
    ).toBe(200);

    const logged = await call(api.baseUrl, 'POST', `/referrals/${claim.referralId}/activities`, {
      headers: crm,
      body: { kind: 'CONTACT', occurredOn: today(), notes: 'Called from the CRM' },
    });
    expect(logged.status).toBe(201);
    const { rows } = await api.db.pool.query<{ recordedBy: string }>(
      'SELECT recorded_by_user_id AS "recordedBy" FROM activity WHERE id = $1',
      [logged.body.activityId],
    );
    expect(rows[0]!.recordedBy).toBe(admin.id);

    // Without the scope: refused, saying which scope is missing; a key never moves a claim.
    const payments = await call(api.baseUrl, 'GET', '/subcontractor-payments', { headers: crm });
    expect({ status: payments.status, detail: payments.body.detail }).toEqual({
      status: 403,
      detail: expect.stringContaining('payments:read'),
    });
    const readOnly = await createKey(['payments:read'], ['FINANCE']);
    expect(
      (await call(api.baseUrl, 'GET', '/subcontractor-payments', { headers: readOnly })).status,
    ).toBe(200);
    expect(
      (await call(api.baseUrl, 'GET', `/claims/${claim.id}`, { headers: readOnly })).status,
    ).toBe(403);
    expect(
      (
        await call(api.baseUrl, 'POST', `/claims/${claim.id}/transitions`, {
          headers: { ...crm, 'if-match': '"1"' },
          body: { to: 'WITHDRAWN' },
        })
      ).status,
    ).toBe(403);
    // A route closed to subcontractors answers like an unknown id, key or not.
    expect(
      (await call(api.baseUrl, 'GET', `/remittances/${claim.id}`, { headers: readOnly })).status,
    ).toBe(404);
  });
});
