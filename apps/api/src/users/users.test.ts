import { aMember, aUser, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

async function anAdminSession(kind: 'PRIME' | 'SUBCONTRACTOR' = 'SUBCONTRACTOR') {
  const member = await aMember(api.db.pool, { kind, roles: ['ADMIN'] });
  const session = await signIn(api.baseUrl, member.user.email, TEST_PASSWORD);
  return { ...member, token: session.accessToken };
}

describe('invitations', () => {
  it('lets an admin invite a user who sets a password through the one-time link and can then sign in', async () => {
    const admin = await anAdminSession();
    const invited = await call(api.baseUrl, 'POST', '/invitations', {
      token: admin.token,
      body: {
        email: 'New.Caseworker@Example.test',
        displayName: 'New Caseworker',
        roles: ['CASEWORKER'],
      },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.email).toBe('new.caseworker@example.test');
    const token = new URL(invited.body.acceptUrl).searchParams.get('token')!;

    const { rows } = await api.db.pool.query<{ token_hash: Buffer }>(
      'SELECT token_hash FROM invitation WHERE id = $1',
      [invited.body.id],
    );
    expect(rows[0]!.token_hash.toString('utf8')).not.toContain(token);

    const weak = await call(api.baseUrl, 'POST', '/invitations/accept', {
      body: { token, password: 'qwertyuiop123' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      code: 'WEAK_PASSWORD',
      errors: [{ field: 'body.password' }],
    });

    const accepted = await call(api.baseUrl, 'POST', '/invitations/accept', {
      body: { token, password: 'plum orchards in late autumn' },
    });
    expect(accepted.status).toBe(201);
    const session = await signIn(
      api.baseUrl,
      'new.caseworker@example.test',
      'plum orchards in late autumn',
    );
    const me = await call(api.baseUrl, 'GET', '/auth/me', { token: session.accessToken });
    expect(me.body.user).toMatchObject({
      roles: ['CASEWORKER'],
      organisation: { id: admin.organisation.id },
    });

    const reused = await call(api.baseUrl, 'POST', '/invitations/accept', {
      body: { token, password: 'plum orchards in late autumn' },
    });
    expect(reused.status).toBe(410);
    expect(reused.body.code).toBe('INVITATION_INVALID');
  });

  it('answers an invitation to another party’s user like one to a new address, so it never confirms the account exists', async () => {
    const admin = await anAdminSession();
    const elsewhere = await aMember(api.db.pool, { kind: 'PRIME', roles: ['CASEWORKER'] });
    const unknown = await call(api.baseUrl, 'POST', '/invitations', {
      token: admin.token,
      body: { email: 'nobody.yet@example.test', displayName: 'Nobody', roles: ['CASEWORKER'] },
    });
    const existing = await call(api.baseUrl, 'POST', '/invitations', {
      token: admin.token,
      body: { email: elsewhere.user.email, displayName: 'Somebody', roles: ['CASEWORKER'] },
    });
    expect({ status: existing.status, keys: Object.keys(existing.body).sort() }).toEqual({
      status: unknown.status,
      keys: Object.keys(unknown.body).sort(),
    });
    expect(existing.status).toBe(201);

    // Only the invitee, following the link, learns the address already has an account; none is created.
    const token = new URL(existing.body.acceptUrl).searchParams.get('token')!;
    const accepted = await call(api.baseUrl, 'POST', '/invitations/accept', {
      body: { token, password: 'plum orchards in late autumn' },
    });
    expect({ status: accepted.status, code: accepted.body.code }).toEqual({
      status: 409,
      code: 'EMAIL_TAKEN',
    });
    const { rows } = await api.db.pool.query<{ organisation_id: string }>(
      'SELECT organisation_id FROM app_user WHERE email = $1',
      [elsewhere.user.email],
    );
    expect(rows).toEqual([{ organisation_id: elsewhere.organisation.id }]);
  });

  it('refuses an email that already has an account, naming the field', async () => {
    const admin = await anAdminSession();
    const result = await call(api.baseUrl, 'POST', '/invitations', {
      token: admin.token,
      body: { email: admin.user.email, displayName: 'Dup', roles: ['ADMIN'] },
    });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ field: 'body.email' }] });
  });

  it('validates every field of an invitation', async () => {
    const admin = await anAdminSession();
    const result = await call(api.baseUrl, 'POST', '/invitations', {
      token: admin.token,
      body: { email: 'x', displayName: '', roles: ['OWNER'] },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.displayName',
      'body.email',
      'body.roles.0',
    ]);
  });

  it('stops a revoked invitation link from working', async () => {
    const admin = await anAdminSession();
    const invited = await call(api.baseUrl, 'POST', '/invitations', {
      token: admin.token,
      body: { email: 'revoked@example.test', displayName: 'Revoked', roles: ['FINANCE'] },
    });
    expect(
      (await call(api.baseUrl, 'DELETE', `/invitations/${invited.body.id}`, { token: admin.token }))
        .status,
    ).toBe(204);
    const token = new URL(invited.body.acceptUrl).searchParams.get('token')!;
    expect(
      (
        await call(api.baseUrl, 'POST', '/invitations/accept', {
          body: { token, password: 'plum orchards in late autumn' },
        })
      ).status,
    ).toBe(410);
  });
});

describe('managing users', () => {
  it('forbids non-admins (403) and hides other organisations’ users (404)', async () => {
    const admin = await anAdminSession();
    const caseworker = await aUser(api.db.pool, {
      organisationId: admin.organisation.id,
      roles: ['CASEWORKER'],
    });
    const caseworkerSession = await signIn(api.baseUrl, caseworker.email, TEST_PASSWORD);
    const forbidden = await call(api.baseUrl, 'GET', '/users', {
      token: caseworkerSession.accessToken,
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');

    const otherAdmin = await anAdminSession();
    const hidden = await call(api.baseUrl, 'PATCH', `/users/${caseworker.id}`, {
      token: otherAdmin.token,
      body: { isActive: false, reason: 'trying' },
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('NOT_FOUND');
    const listed = await call(api.baseUrl, 'GET', '/users', { token: otherAdmin.token });
    expect(listed.body.users.map((u: { id: string }) => u.id)).not.toContain(caseworker.id);
  });

  it('deactivating a user ends their sessions at once and is audited with the reason', async () => {
    const admin = await anAdminSession();
    const worker = await aUser(api.db.pool, {
      organisationId: admin.organisation.id,
      roles: ['CASEWORKER'],
    });
    const workerSession = await signIn(api.baseUrl, worker.email, TEST_PASSWORD);
    const result = await call(api.baseUrl, 'PATCH', `/users/${worker.id}`, {
      token: admin.token,
      body: { isActive: false, reason: 'left the charity' },
    });
    expect(result.status).toBe(200);
    expect(result.body.user.isActive).toBe(false);
    expect(
      (await call(api.baseUrl, 'GET', '/auth/me', { token: workerSession.accessToken })).status,
    ).toBe(401);
    const { rows } = await api.db.pool.query<{ data: { reason: string } }>(
      `SELECT data FROM audit_event WHERE action = 'user.deactivate' AND entity_id = $1`,
      [worker.id],
    );
    expect(rows[0]!.data.reason).toBe('left the charity');
  });

  it('will not remove the last active admin', async () => {
    const admin = await anAdminSession();
    const result = await call(api.baseUrl, 'PATCH', `/users/${admin.user.id}`, {
      token: admin.token,
      body: { roles: ['FINANCE'], reason: 'oops' },
    });
    expect(result.status).toBe(409);
    expect(result.body.code).toBe('LAST_ADMIN');
  });

  it('requires a reason for any change', async () => {
    const admin = await anAdminSession();
    const result = await call(api.baseUrl, 'PATCH', `/users/${admin.user.id}`, {
      token: admin.token,
      body: { roles: ['ADMIN', 'FINANCE'] },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);
  });

  it('answers a malformed id with a 400 naming the parameter', async () => {
    const admin = await anAdminSession();
    const result = await call(api.baseUrl, 'PATCH', '/users/not-a-uuid', {
      token: admin.token,
      body: { isActive: true, reason: 'x' },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'params.id', message: 'must be a UUID' }]);
  });
});
