// The portal's own defences (W13): it tells the API the address it saw, not
// one the client claims; its pages cannot be framed or sniffed, and run only
// scripts carrying the request's CSP nonce; its /api proxy refuses bodies it
// would otherwise pass on whole. And its resilience (W17): with the database
// down a signed-in person is told the service is unavailable and stays signed in.
import { once } from 'node:events';
import http from 'node:http';
import { Client } from 'pg';
import { anOrganisationWithAdmin } from './support/seed';
import { startStack, type Stack } from './support/stack';
import { signInAs, submitSignIn } from './support/sign-in';

jest.setTimeout(180_000);

let stack: Stack | undefined;
beforeAll(async () => {
  stack = await startStack();
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

const portal = () => {
  if (!stack) throw new Error('stack not started');
  return stack;
};

describe('the portal', () => {
  it('tells the API the address it saw, not the X-Forwarded-For the client sent', async () => {
    // Failed attempts are recorded (and throttled) by address whether or not the account exists.
    const email = 'nobody-from-the-portal@example.test';
    for (const spoofed of ['203.0.113.7', '198.51.100.23']) {
      const answer = await fetch(`${portal().portalUrl}/api/auth/sign-in`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': spoofed,
          'x-real-ip': spoofed,
        },
        body: JSON.stringify({ email, password: 'not the password at all' }),
      });
      expect(answer.status).toBe(401);
    }
    const { rows } = await portal().database.pool.query<{ ip: string }>(
      `SELECT DISTINCT ip_address AS ip FROM sign_in_attempt WHERE email = $1`,
      [email],
    );
    expect(rows.map((row) => row.ip)).toEqual(['127.0.0.1']);
  });

  it('sends a page policy that forbids framing and sniffing', async () => {
    const response = await fetch(`${portal().portalUrl}/sign-in`);
    expect(response.status).toBe(200);
    expect({
      csp: response.headers.get('content-security-policy'),
      frameOptions: response.headers.get('x-frame-options'),
      nosniff: response.headers.get('x-content-type-options'),
      referrer: response.headers.get('referrer-policy'),
    }).toEqual({
      csp: expect.stringContaining("frame-ancestors 'none'"),
      frameOptions: 'DENY',
      nosniff: 'nosniff',
      referrer: 'strict-origin-when-cross-origin',
    });
  });

  it('gives every page a fresh script nonce instead of unsafe-inline, and the page still works under it', async () => {
    const policies = await Promise.all(
      [1, 2].map(async () => {
        const response = await fetch(`${portal().portalUrl}/sign-in`);
        const html = await response.text();
        const policy = response.headers.get('content-security-policy') ?? '';
        const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
        const scriptNonces = [...html.matchAll(/<script\b[^>]*>/g)].map(
          (tag) => /\snonce="([^"]*)"/.exec(tag[0])?.[1] ?? null,
        );
        return { policy, nonce, scriptNonces };
      }),
    );
    for (const { policy, nonce, scriptNonces } of policies) {
      const scriptSource =
        policy
          .split(';')
          .map((part) => part.trim())
          .find((part) => part.startsWith('script-src')) ?? '';
      expect({
        hasNonce: Boolean(nonce),
        allowsInline: scriptSource.includes("'unsafe-inline'"),
        framing: policy.includes("frame-ancestors 'none'"),
      }).toEqual({ hasNonce: true, allowsInline: false, framing: true });
      // Every script Next wrote into the page carries this response's nonce.
      expect(scriptNonces.length).toBeGreaterThan(0);
      expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    }
    expect(policies[0]!.nonce).not.toEqual(policies[1]!.nonce);

    // Under the policy the page hydrates and signs in, with no violation reported.
    const admin = await anOrganisationWithAdmin(portal().database);
    const page = await portal().newPage();
    await page.addInitScript(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { violations: string[] }).violations.push(
          `${event.violatedDirective} ${event.blockedURI}`,
        ),
      );
    });
    await page.goto(`${portal().portalUrl}/sign-in`);
    await submitSignIn(page, admin.email, { password: admin.password });
    await page
      .getByRole('navigation', { name: /main|sections|portal/i })
      .first()
      .waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { violations: string[] }).violations),
    ).toEqual([]);
    await page.context().close();
  });

  it('says the service is unavailable while the database is down, and keeps the person signed in', async () => {
    const admin = await anOrganisationWithAdmin(portal().database);
    const page = await signInAs(portal(), admin.email, { password: admin.password });
    const sessionCookies = async () =>
      (await page.context().cookies())
        .map((cookie) => cookie.name)
        .filter((name) => name.startsWith('waymark_'))
        .sort();
    expect(await sessionCookies()).toEqual(['waymark_access', 'waymark_refresh']);

    await withDatabaseRefusingConnections(async () => {
      const home = await page.goto(`${portal().portalUrl}/users`);
      expect(new URL(page.url()).pathname).toBe('/users');
      expect(home?.status()).toBeLessThan(500);
      await page
        .getByRole('heading', { level: 1, name: 'Waymark is unavailable just now' })
        .waitFor();
      expect(await page.getByText('you are still signed in').count()).toBe(1);
      // A session refresh during the outage does not end the session either: it lands on the same message.
      await page.goto(`${portal().portalUrl}/session/refresh?next=%2Fusers`);
      expect(new URL(page.url()).pathname).toBe('/unavailable');
      await page
        .getByRole('heading', { level: 1, name: 'Waymark is unavailable just now' })
        .waitFor();
      expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
      expect(await sessionCookies()).toEqual(['waymark_access', 'waymark_refresh']);
    });

    // The database is back: the same cookies open the page again, no sign-in needed.
    await page.goto(`${portal().portalUrl}/users`);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/users');
    await page.context().close();
  });

  it('refuses a body declared over its limit at once, and one that grows past it while streaming', async () => {
    const declared = await postRaw(
      '/api/referral-imports',
      {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(200 * 1024 * 1024),
      },
      // Headers only: the refusal must come from the declared length, before any of the body (and with nothing
      // unread for the portal to reset the connection over, which could lose the answer in flight).
      '',
    );
    expect(declared.status).toBe(413);
    const streamed = await postRaw(
      '/api/auth/sign-in',
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      `{"email":"${'x'.repeat(1024 * 1024 + 64 * 1024)}"}`,
    );
    expect(streamed.status).toBe(413);
  });
});

/**
 * A POST written by hand, so the declared length and the bytes sent can differ. The body goes out in
 * 64 KB chunks, and stops as soon as the portal answers (it answers before reading it all: that is the point).
 */
async function postRaw(
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number }> {
  const url = new URL(`${portal().portalUrl}${path}`);
  let status = 0;
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers,
  });
  const answered = new Promise<void>((resolve, reject) => {
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      response.resume();
      resolve();
    });
    // After the answer the portal may drop the connection mid-body; before it, an error is a failure.
    request.on('error', (error) => (status ? undefined : reject(error)));
  });
  if (body === '') {
    request.flushHeaders();
    await answered;
    request.destroy();
    return { status };
  }
  const bytes = Buffer.from(body);
  for (
    let offset = 0;
    offset < bytes.length && !status && !request.destroyed;
    offset += 64 * 1024
  ) {
    if (!request.write(bytes.subarray(offset, offset + 64 * 1024)))
      await Promise.race([once(request, 'drain'), answered]);
  }
  if (!status && !request.destroyed) request.end();
  await answered;
  request.destroy();
  return { status };
}

/** Runs `fn` while the portal's database refuses connections (its open ones cut), then lets them in again. */
async function withDatabaseRefusingConnections(fn: () => Promise<void>): Promise<void> {
  const { name } = portal().database;
  const admin = new Client({ connectionString: process.env.WAYMARK_TEST_ADMIN_URL });
  await admin.connect();
  const ignore = () => undefined;
  portal().database.pool.on('error', ignore);
  try {
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      name,
    ]);
    await fn();
  } finally {
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    await admin.end();
    portal().database.pool.off('error', ignore);
  }
}
