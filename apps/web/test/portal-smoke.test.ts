// Browser smoke test: the BUILT API and the BUILT portal against a fresh
// database, driven by Chromium. Proves the portal renders, reaches the API
// through its same-origin proxy, and has no serious accessibility faults.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';

jest.setTimeout(120_000);

let stack: Stack | undefined;
let portalUrl = '';
let apiUrl = '';

beforeAll(async () => {
  stack = await startStack();
  ({ portalUrl, apiUrl } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  if (!stack) throw new Error('stack not started');
  return stack.newPage();
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
