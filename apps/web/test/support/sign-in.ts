// Signing in through the portal's own form, as a person would: the one way
// every browser suite signs someone in.
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../../packages/db/src/seed';
import type { Stack } from './stack';

export interface SignInOptions {
  /** Defaults to the demo users' password (packages/db/src/seed). */
  password?: string;
  /** The path the portal must land on; by default anywhere but /sign-in. */
  landsOn?: string;
}

/** Fills in and submits the sign-in form the page is showing, and waits until the portal has let the person in. */
export async function submitSignIn(
  page: Page,
  email: string,
  { password = DEMO_PASSWORD, landsOn }: SignInOptions = {},
): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(
    (url) => (landsOn === undefined ? url.pathname !== '/sign-in' : url.pathname === landsOn),
    { timeout: 60_000 },
  );
}

/** A fresh browser context (its own cookies) on /sign-in, signed in as `email`. */
export async function signInAs(
  stack: Stack,
  email: string,
  options: SignInOptions & { viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await stack.newPage({ viewport: options.viewport });
  await page.goto(`${stack.portalUrl}/sign-in`);
  await submitSignIn(page, email, options);
  return page;
}
