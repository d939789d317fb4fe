// Browser smoke test: the BUILT API and the BUILT portal against a fresh
// database, driven by Chromium. Proves the portal renders, reaches the API
// through its same-origin proxy, and has no serious accessibility faults.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import { chromium, type Browser, type Page } from 'playwright-core';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');
const webRoot = path.join(repoRoot, 'apps/web');
const apiEntry = path.join(repoRoot, 'apps/api/dist/src/main.js');
const nextBuildId = path.join(webRoot, '.next/BUILD_ID');
const nextBin = path.join(repoRoot, 'node_modules/next/dist/bin/next');
const screenshotDir = path.join(repoRoot, 'docs/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Service {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output: () => string;
}

let database: TestDatabase | undefined;
let api: Service | undefined;
let portal: Service | undefined;
let browser: Browser | undefined;
let portalUrl = '';
let apiUrl = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function start(
  name: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> & { NODE_ENV: 'production' | 'test' } },
): Service {
  // A clean environment: nothing from the Jest process (DATABASE_URL, …) leaks into the services.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    ...options.env,
  };
  // detached: the child leads its own process group, so stop() reaches anything it forks.
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { name, child, output: () => output.slice(-4_000) };
}

async function waitUntilAnswering(
  service: Service,
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(
        `${service.name} exited with code ${service.child.exitCode} before answering:\n${service.output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${service.name} did not answer ${url} within ${timeoutMs} ms:\n${service.output()}`,
  );
}

async function stop(service: Service | undefined): Promise<void> {
  const pid = service?.child.pid;
  if (!service || pid === undefined || service.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  expect(serious).toEqual([]);
}

beforeAll(async () => {
  const missing = [apiEntry, nextBuildId].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The browser smoke test runs the built API and portal, but ${missing.map((file) => path.relative(repoRoot, file)).join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} missing. Run \`npm run build\` first (\`npm test\` does).`,
    );
  }
  fs.mkdirSync(screenshotDir, { recursive: true });

  database = await createTestDatabase();
  const [apiPort, portalPort] = await Promise.all([freePort(), freePort()]);
  apiUrl = `http://127.0.0.1:${apiPort}`;
  portalUrl = `http://127.0.0.1:${portalPort}`;

  api = start('API', [apiEntry], {
    cwd: repoRoot,
    env: {
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    },
  });
  portal = start('Portal', [nextBin, 'start', '-H', '127.0.0.1', '-p', String(portalPort)], {
    cwd: webRoot,
    env: { API_URL: apiUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  await Promise.all([
    waitUntilAnswering(api, `${apiUrl}/health`),
    waitUntilAnswering(portal, `${portalUrl}/status`),
  ]);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
});

afterAll(async () => {
  // Each step on its own: one failing must not leave the others running.
  await browser?.close().catch(() => undefined);
  await Promise.allSettled([stop(portal), stop(api)]);
  await database?.drop();
});

async function newPage(): Promise<Page> {
  if (!browser) throw new Error('browser not started');
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
  });
  return context.newPage();
}

describe('portal smoke', () => {
  it('shows the API healthy and ready, with the applied migrations, on /status', async () => {
    const page = await newPage();
    const response = await page.goto(`${portalUrl}/status`);
    expect(response?.status()).toBe(200);

    await page.getByRole('heading', { level: 1, name: 'Service status' }).waitFor();
    const liveness = page.getByRole('region', { name: 'API liveness' });
    const readiness = page.getByRole('region', { name: 'API readiness' });
    await expect(liveness.getAttribute('data-state')).resolves.toBe('pass');
    await expect(liveness.textContent()).resolves.toContain('Healthy');
    await expect(readiness.getAttribute('data-state')).resolves.toBe('pass');
    await expect(readiness.textContent()).resolves.toContain('Ready');
    const applied = await readiness.locator('dt:text-is("Migrations applied") + dd').textContent();
    expect(Number(applied)).toBeGreaterThan(0);
    await page.getByText('All systems operational').waitFor();

    await expectNoSeriousViolations(page);
    await page.screenshot({ path: path.join(screenshotDir, 'status.png'), fullPage: true });
    await page.context().close();
  });

  it('proxies /api/* to the API at runtime', async () => {
    const page = await newPage();
    const health = await page.request.get(`${portalUrl}/api/health`);
    expect(health.status()).toBe(200);
    await expect(health.json()).resolves.toEqual({ status: 'ok' });

    const ready = await page.request.get(`${portalUrl}/api/ready`);
    expect(ready.status()).toBe(200);
    await expect(ready.json()).resolves.toMatchObject({ status: 'ready', database: 'ok' });

    // An API error comes back as the API's own problem document.
    const missing = await page.request.get(`${portalUrl}/api/no-such-route`);
    expect(missing.status()).toBe(404);
    expect(missing.headers()['content-type']).toContain('application/problem+json');
    await page.context().close();
  });

  it('shows an accessible sign-in form that reports problems at the top and beside fields', async () => {
    const page = await newPage();
    const response = await page.goto(`${portalUrl}/sign-in`);
    expect(response?.status()).toBe(200);

    const email = page.getByLabel('Email address');
    const password = page.getByLabel('Password');
    const submit = page.getByRole('button', { name: 'Sign in' });
    await expect(email.getAttribute('autocomplete')).resolves.toBe('username');
    await expect(password.getAttribute('autocomplete')).resolves.toBe('current-password');
    await expect(submit.isEnabled()).resolves.toBe(true);
    await page.getByText('Demo logins are printed by npm start and listed in the README').waitFor();

    await expectNoSeriousViolations(page);
    await page.screenshot({ path: path.join(screenshotDir, 'sign-in.png'), fullPage: true });

    // Empty submission: a summary linking to each field, and a message beside it.
    await submit.click();
    const summary = page.getByRole('alert', { name: 'There is a problem' });
    await summary.waitFor();
    await expect(
      summary.getByRole('link', { name: 'Enter your email address' }).getAttribute('href'),
    ).resolves.toBe('#email');
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#email-error').textContent()).resolves.toContain(
      'Enter your email address',
    );
    await summary.getByRole('link', { name: 'Enter your password' }).click();
    await expect(password.evaluate((input) => input === document.activeElement)).resolves.toBe(
      true,
    );
    await expectNoSeriousViolations(page);

    // Wrong credentials reach the API through the proxy and come back as its problem detail.
    await email.fill('nobody@example.org');
    await password.fill('not-the-password');
    await submit.click();
    await summary.filter({ hasNotText: 'Enter your' }).waitFor();
    const direct = await fetch(`${apiUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.org', password: 'not-the-password' }),
    });
    const problem = (await direct.json()) as { code: string; detail: string };
    expect(problem.code).toBe('INVALID_CREDENTIALS');
    await expect(summary.locator('li').allTextContents()).resolves.toEqual([problem.detail]);
    expect(page.url()).toBe(`${portalUrl}/sign-in`);
    await page.context().close();
  });

  it('sends a signed-out visitor from / to /sign-in', async () => {
    const page = await newPage();
    await page.goto(`${portalUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Waymark' }).waitFor();
    await page.context().close();
  });

  it('answers an unknown address with a 404 page', async () => {
    const page = await newPage();
    const response = await page.goto(`${portalUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expectNoSeriousViolations(page);
    await page.context().close();
  });
});
