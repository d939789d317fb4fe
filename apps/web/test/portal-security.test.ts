// The portal's own defences (W13): it tells the API the address it saw, not
// one the client claims; its pages cannot be framed or sniffed; its /api proxy
// refuses bodies it would otherwise pass on whole.
import { once } from 'node:events';
import http from 'node:http';
import { startStack, type Stack } from './support/stack';

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
        headers: { 'content-type': 'application/json', 'x-forwarded-for': spoofed, 'x-real-ip': spoofed },
        body: JSON.stringify({ email, password: 'not the password at all' }),
      });
      expect(answer.status).toBe(401);
    }
    const { rows } = await portal().database.pool.query<{ ip: string }>(`SELECT DISTINCT ip_address AS ip FROM sign_in_attempt WHERE email = $1`, [email]);
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
    }).toEqual({ csp: expect.stringContaining("frame-ancestors 'none'"), frameOptions: 'DENY', nosniff: 'nosniff', referrer: 'strict-origin-when-cross-origin' });
  });

  it('refuses a body declared over its limit at once, and one that grows past it while streaming', async () => {
    const declared = await postRaw('/api/referral-imports', { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(200 * 1024 * 1024) }, 'x'.repeat(1024));
    expect(declared.status).toBe(413);
    const streamed = await postRaw('/api/auth/sign-in', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, `{"email":"${'x'.repeat(1024 * 1024 + 64 * 1024)}"}`);
    expect(streamed.status).toBe(413);
  });
});

/**
 * A POST written by hand, so the declared length and the bytes sent can differ. The body goes out in
 * 64 KB chunks, and stops as soon as the portal answers (it answers before reading it all: that is the point).
 */
async function postRaw(path: string, headers: Record<string, string>, body: string): Promise<{ status: number }> {
  const url = new URL(`${portal().portalUrl}${path}`);
  let status = 0;
  const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
  const answered = new Promise<void>((resolve, reject) => {
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      response.resume();
      resolve();
    });
    // After the answer the portal may drop the connection mid-body; before it, an error is a failure.
    request.on('error', (error) => (status ? undefined : reject(error)));
  });
  const bytes = Buffer.from(body);
  for (let offset = 0; offset < bytes.length && !status && !request.destroyed; offset += 64 * 1024) {
    if (!request.write(bytes.subarray(offset, offset + 64 * 1024))) await Promise.race([once(request, 'drain'), answered]);
  }
  if (!status && !request.destroyed) request.end();
  await answered;
  request.destroy();
  return { status };
}
