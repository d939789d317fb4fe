import jwt from 'jsonwebtoken';
import { AuditService } from '../common/audit/audit.service';
import { principalCache } from '../common/auth/principal-cache';
import { aMember, aUser, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { MAX_FAILURES_PER_ACCOUNT } from './auth.service';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

describe('sign-in', () => {
  it('issues an access token and httpOnly, Secure, SameSite cookies, and /auth/me answers with either', async () => {
    const { organisation, user } = await aMember(api.db.pool, {
      kind: 'PRIME',
      roles: ['FINANCE'],
    });
    const session = await signIn(api.baseUrl, user.email.toUpperCase(), TEST_PASSWORD);

    const access = session.cookies.find((cookie) => cookie.startsWith('waymark_access='));
    const refresh = session.cookies.find((cookie) => cookie.startsWith('waymark_refresh='));
    expect(access).toMatch(/HttpOnly/i);
    expect(access).toMatch(/Secure/i);
    expect(access).toMatch(/SameSite=Lax/i);
    expect(refresh).toMatch(/HttpOnly/i);
    expect(refresh).toMatch(/SameSite=Strict/i);

    const viaBearer = await call(api.baseUrl, 'GET', '/auth/me', { token: session.accessToken });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.user).toMatchObject({
      id: user.id,
      email: user.email,
      roles: ['FINANCE'],
      organisation: { id: organisation.id, kind: 'PRIME' },
    });

    const viaCookie = await call(api.baseUrl, 'GET', '/auth/me', {
      headers: { cookie: access!.split(';')[0]! },
    });
    expect(viaCookie.status).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same 401 problem', async () => {
    const { user } = await aMember(api.db.pool);
    const wrong = await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: { email: user.email, password: 'not the password at all' },
    });
    const unknown = await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: { email: 'nobody@example.test', password: 'not the password at all' },
    });
    for (const result of [wrong, unknown]) {
      expect(result.status).toBe(401);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.body).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('lists every bad field of a malformed sign-in body', async () => {
    const result = await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: { email: 'not-an-email' },
    });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('VALIDATION_FAILED');
    expect(result.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.email', message: 'must be an email address' },
        expect.objectContaining({ field: 'body.password' }),
      ]),
    );
  });

  it('accepts only declared fields, naming each stray one', async () => {
    const result = await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: { email: 'a@b.test', password: 'x', isAdmin: true },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      { field: 'body.isAdmin', message: 'is not a field this route accepts' },
    ]);
  });

  it('answers unparseable JSON with a 400 problem, not a 500', async () => {
    const result = await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('MALFORMED_REQUEST');
  });

  it('throttles an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const { user } = await aMember(api.db.pool);
    for (let attempt = 0; attempt < MAX_FAILURES_PER_ACCOUNT; attempt++) {
      expect(
        (
          await call(api.baseUrl, 'POST', '/auth/sign-in', {
            body: { email: user.email, password: `wrong guess ${attempt}` },
          })
        ).status,
      ).toBe(401);
    }
    const blocked = await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('records the client address forwarded by the portal proxy (trusted on loopback)', async () => {
    const { user } = await aMember(api.db.pool);
    await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: { email: user.email, password: 'wrong again and again' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    const { rows } = await api.db.pool.query<{ ip_address: string }>(
      'SELECT ip_address FROM sign_in_attempt WHERE email = $1',
      [user.email],
    );
    expect(rows.map((row) => row.ip_address)).toEqual(['203.0.113.9']);
  });

  it('refuses a deactivated account', async () => {
    const { organisation } = await aMember(api.db.pool);
    const inactive = await aUser(api.db.pool, { organisationId: organisation.id, isActive: false });
    const result = await call(api.baseUrl, 'POST', '/auth/sign-in', {
      body: { email: inactive.email, password: TEST_PASSWORD },
    });
    expect(result.status).toBe(401);
  });
});

describe('sessions', () => {
  it('ends the session at once on sign-out: the same access token stops working', async () => {
    const { user } = await aMember(api.db.pool);
    const session = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    expect(
      (await call(api.baseUrl, 'POST', '/auth/sign-out', { token: session.accessToken })).status,
    ).toBe(204);
    const after = await call(api.baseUrl, 'GET', '/auth/me', { token: session.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });

  it('ends a session at once on routes that take the caller from the principal cache too, whoever revoked it', async () => {
    // GET /caseload declares sessionCheckedInScope: after its first call the guard reuses the cached caller and the party scope
    // re-checks the session.
    const { user } = await aMember(api.db.pool, { kind: 'PRIME', roles: ['CASEWORKER'] });
    const session = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    const caseload = () =>
      call(api.baseUrl, 'GET', '/caseload?limit=5', { token: session.accessToken });
    expect((await caseload()).status).toBe(200);
    expect((await caseload()).status).toBe(200);
    const { sid } = jwt.decode(session.accessToken) as { sid: string };
    expect(principalCache.get(sid, user.id)).toMatchObject({ userId: user.id, sessionId: sid });
    // Revoked straight in the database, as another API instance would: this instance's cache still holds the caller.
    await api.db.pool.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'revoked elsewhere' WHERE user_id = $1`,
      [user.id],
    );
    const after = await caseload();
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: expect.stringMatching(/session has ended or changed/),
    });
    expect((await caseload()).status).toBe(401);
    expect(
      (await call(api.baseUrl, 'GET', '/dashboard', { token: session.accessToken })).status,
    ).toBe(401);
    expect(principalCache.get(sid, user.id)).toBeUndefined();
  });

  it('applies a role change to a cached caller at once', async () => {
    const { user } = await aMember(api.db.pool, { kind: 'PRIME', roles: ['CASEWORKER'] });
    const session = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    expect(
      (await call(api.baseUrl, 'GET', '/caseload?limit=5', { token: session.accessToken })).status,
    ).toBe(200);
    await api.db.pool.query(`UPDATE app_user SET roles = '{FINANCE}' WHERE id = $1`, [user.id]);
    // The cached caller still says CASEWORKER; the scope refuses it, and the next request is resolved afresh as
    // FINANCE (who reads the caseload too: finance drafts the claims), so it is served again.
    expect(
      (await call(api.baseUrl, 'GET', '/caseload?limit=5', { token: session.accessToken })).status,
    ).toBe(401);
    expect(
      (await call(api.baseUrl, 'GET', '/caseload?limit=5', { token: session.accessToken })).status,
    ).toBe(200);
  });

  it('rotates refresh tokens, and reuse of a rotated one revokes the whole family', async () => {
    const { user } = await aMember(api.db.pool);
    const session = await signIn(api.baseUrl, user.email, TEST_PASSWORD);

    const rotated = await call(api.baseUrl, 'POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const nextRefresh = decodeURIComponent(
      rotated.headers
        .getSetCookie()
        .find((c) => c.startsWith('waymark_refresh='))!
        .split(';')[0]!
        .split('=')[1]!,
    );
    expect(nextRefresh).not.toBe(session.refreshToken);

    const replay = await call(api.baseUrl, 'POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');

    expect(
      (await call(api.baseUrl, 'POST', '/auth/refresh', { body: { refreshToken: nextRefresh } }))
        .status,
    ).toBe(401);
    expect(
      (await call(api.baseUrl, 'GET', '/auth/me', { token: rotated.body.accessToken })).status,
    ).toBe(401);
  });

  describe('rejects every kind of bad access token with 401', () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    let valid: { token: string; claims: { sub: string; sid: string; org: string } };
    beforeAll(async () => {
      const { user } = await aMember(api.db.pool);
      const session = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
      valid = {
        token: session.accessToken,
        claims: jwt.decode(session.accessToken) as { sub: string; sid: string; org: string },
      };
    });
    const claimsOf = () => ({
      sub: valid.claims.sub,
      sid: valid.claims.sid,
      org: valid.claims.org,
      iss: 'waymark',
      aud: 'waymark-api',
    });

    it.each([
      [
        'alg none',
        () =>
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claimsOf(), exp: Math.floor(Date.now() / 1000) + 600 })}.`,
      ],
      [
        'signed with the wrong key',
        () =>
          jwt.sign(claimsOf(), 'not-the-server-secret-but-long-enough-0123456789', {
            algorithm: 'HS256',
            expiresIn: 600,
          }),
      ],
      [
        'expired',
        () =>
          jwt.sign(
            { ...claimsOf(), exp: Math.floor(Date.now() / 1000) - 10 },
            api.config.authSecret,
            { algorithm: 'HS256' },
          ),
      ],
      [
        'tampered payload',
        () => {
          const [header, , signature] = valid.token.split('.');
          return `${header}.${b64({ ...claimsOf(), sub: '00000000-0000-0000-0000-000000000000', exp: Math.floor(Date.now() / 1000) + 600 })}.${signature}`;
        },
      ],
      [
        'wrong audience',
        () =>
          jwt.sign({ ...claimsOf(), aud: 'someone-else' }, api.config.authSecret, {
            algorithm: 'HS256',
            expiresIn: 600,
          }),
      ],
    ])('%s', async (_name, makeToken) => {
      expect((await call(api.baseUrl, 'GET', '/auth/me', { token: valid.token })).status).toBe(200);
      const result = await call(api.baseUrl, 'GET', '/auth/me', { token: makeToken() });
      expect(result.status).toBe(401);
      expect(result.body.code).toBe('UNAUTHENTICATED');
    });
  });

  it('requires the CSRF header on cookie-authenticated writes, but not on bearer-token writes', async () => {
    const { user } = await aMember(api.db.pool);
    const session = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    const cookie = session.cookies.find((c) => c.startsWith('waymark_access='))!.split(';')[0]!;
    const forged = await call(api.baseUrl, 'POST', '/auth/sign-out', { headers: { cookie } });
    expect(forged.status).toBe(403);
    expect(forged.body.detail).toMatch(/x-waymark-csrf/);
    expect((await call(api.baseUrl, 'GET', '/auth/me', { headers: { cookie } })).status).toBe(200);
    expect(
      (
        await call(api.baseUrl, 'POST', '/auth/sign-out', {
          headers: { cookie, 'x-waymark-csrf': '1' },
        })
      ).status,
    ).toBe(204);
    const other = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    expect(
      (await call(api.baseUrl, 'POST', '/auth/sign-out', { token: other.accessToken })).status,
    ).toBe(204);
  });

  it('requires the CSRF header whenever the access cookie is sent, even beside an Authorization or X-Api-Key header', async () => {
    const { user } = await aMember(api.db.pool);
    const session = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    const cookie = session.cookies.find((c) => c.startsWith('waymark_access='))!.split(';')[0]!;
    const headers: Record<string, string>[] = [
      { authorization: 'Basic eDp5' },
      { authorization: 'Bearer' },
      { 'x-api-key': 'wmk_not-a-key' },
    ];
    for (const header of headers) {
      const forged = await call(api.baseUrl, 'POST', '/auth/sign-out', {
        headers: { cookie, ...header },
      });
      expect({ header, status: forged.status }).toEqual({ header, status: 403 });
    }
    expect((await call(api.baseUrl, 'GET', '/auth/me', { headers: { cookie } })).status).toBe(200);
  });

  it('refuses a form-encoded sign-in (a cross-site form could send one) with 415, and signs in nobody', async () => {
    const { user } = await aMember(api.db.pool);
    const form = new URLSearchParams({ email: user.email, password: TEST_PASSWORD });
    const response = await fetch(`${api.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect({
      status: response.status,
      type: response.headers.get('content-type'),
      cookie: response.headers.get('set-cookie'),
    }).toEqual({
      status: 415,
      type: expect.stringMatching(/^application\/problem\+json/),
      cookie: null,
    });
  });

  it('sends security headers', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });
});

describe('changing a password', () => {
  it('refuses a common or short password, naming the field, and signs out other sessions on success', async () => {
    const { user } = await aMember(api.db.pool);
    const here = await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    const elsewhere = await signIn(api.baseUrl, user.email, TEST_PASSWORD);

    const common = await call(api.baseUrl, 'POST', '/auth/password', {
      token: here.accessToken,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'password1234' },
    });
    expect(common.status).toBe(400);
    expect(common.body).toMatchObject({
      code: 'WEAK_PASSWORD',
      errors: [{ field: 'body.newPassword' }],
    });
    expect(common.body.detail).toMatch(/commonly used or breached/);

    const short = await call(api.baseUrl, 'POST', '/auth/password', {
      token: here.accessToken,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'tiny' },
    });
    expect(short.body.detail).toMatch(/at least 12 characters/);

    const changed = await call(api.baseUrl, 'POST', '/auth/password', {
      token: here.accessToken,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a long river of quiet lanterns' },
    });
    expect(changed.status).toBe(204);
    expect((await call(api.baseUrl, 'GET', '/auth/me', { token: here.accessToken })).status).toBe(
      200,
    );
    expect(
      (await call(api.baseUrl, 'GET', '/auth/me', { token: elsewhere.accessToken })).status,
    ).toBe(401);
    await signIn(api.baseUrl, user.email, 'a long river of quiet lanterns');
  });
});

describe('audit trail', () => {
  it('records sign-ins in a hash chain that verifies, and detects tampering', async () => {
    const audit = api.app.get(AuditService);
    const { user } = await aMember(api.db.pool);
    await signIn(api.baseUrl, user.email, TEST_PASSWORD);
    const { rows } = await api.db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_event WHERE action = 'auth.sign-in' AND actor_user_id = $1`,
      [user.id],
    );
    expect(Number(rows[0]!.n)).toBe(1);

    const before = await audit.verifyChain();
    expect(before).toMatchObject({ isValid: true, firstBrokenSeq: null, reason: null });
    expect(before.eventsChecked).toBeGreaterThan(0);

    // Tamper behind the append-only trigger's back (as a superuser could).
    await api.db.pool.query(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
    await api.db.pool.query(
      `UPDATE audit_event SET data = '{"ipAddress":"10.9.9.9"}' WHERE seq = (SELECT min(seq) FROM audit_event)`,
    );
    await api.db.pool.query(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
    const after = await audit.verifyChain();
    expect(after.isValid).toBe(false);
    expect(after.reason).toMatch(/altered/);
  });
});
