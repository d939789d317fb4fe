// W10 in the browser, as a commissioner would do it with nothing set up for them: create a
// programme, start a payment model from a template, see a definition problem named by its place,
// try the rules on a participant in the simulator, submit, have a second admin publish, and
// contract a prime on it. axe on every page; screenshots at 1280 and 390 px into
// docs/screenshots/programme-setup-*.png.
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { factory } from '@waymark/db/test-support';
import type { Page } from 'playwright-core';
import { seedDemoData } from '../../../packages/db/src/seed';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';

jest.setTimeout(600_000);

const PASSWORD = 'waymark-demo-2026';
const CHECKER_EMAIL = 'second-admin@mercia.test';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ jobsEnabled: false });
  await seedDemoData({ databaseUrl: stack.database.url });
  // A second commissioner admin, so publishing can be checked by someone other than its maker.
  const mercia = await stack.database.pool.query<{ id: string }>(`SELECT id FROM organisation WHERE name = 'Mercia Combined Authority'`);
  await factory.aUser(stack.database.pool, {
    organisation_id: mercia.rows[0]!.id,
    email: CHECKER_EMAIL,
    display_name: 'Tomasz Nowak',
    password_hash: await hash(PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }),
    roles: ['ADMIN'],
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

async function signInAs(email: string): Promise<Page> {
  const page = await stack.newPage();
  await page.goto(`${stack.portalUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 60_000 });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `programme-setup-${name}.png`), fullPage: true });
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(screenshotDir, `programme-setup-${name}-390.png`), fullPage: true });
  // No page may scroll sideways on a phone.
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(392);
  if (wide) await page.setViewportSize(wide);
}

let programmePath = '';
let versionPath = '';
const PROGRAMME = `Black Country Works ${Date.now().toString(36)}`;

describe('setting up a programme in the portal', () => {
  it('a commissioner admin creates a programme and a payment model from a template', async () => {
    const page = await signInAs('admin@mercia.test');
    await page.goto(`${stack.portalUrl}/programmes`);
    await page.getByRole('heading', { level: 1, name: 'Programmes' }).waitFor();
    await page.getByRole('link', { name: 'New programme' }).click();
    await page.getByRole('heading', { level: 1, name: 'New programme' }).waitFor();

    // Nothing filled in: every problem is named.
    await page.getByRole('button', { name: 'Create programme' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Enter the programme’s name').waitFor();
    await summary.getByText('Enter at least one contract area, one per line').waitFor();

    await page.getByLabel('Name').fill(PROGRAMME);
    await page.getByLabel('Start date').fill('2026-04-01');
    await page.getByLabel('Weeks of support per participant').fill('78');
    await page.getByLabel('Contract areas').fill('Dudley — West\nSandwell — West');
    await page.getByRole('button', { name: 'Create programme' }).click();
    await page.getByRole('heading', { level: 1, name: PROGRAMME }).waitFor();
    programmePath = new URL(page.url()).pathname;
    await page.getByText('Dudley (West)').waitFor();
    await expectNoSeriousViolations(page);

    await page.getByText('New payment model').click();
    await page.getByLabel('Name', { exact: true }).fill('Black Country milestones');
    await page.getByLabel('Start from').selectOption('NEEDS_BASED');
    await page.getByRole('button', { name: 'Create payment model' }).click();
    await page.waitForURL(/\/programmes\/versions\/[0-9a-f-]{36}$/);
    versionPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: 'Version 1: Draft' }).waitFor();
    await page.getByRole('heading', { name: 'Payment groups and how participants fall into them' }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '01-draft-version');

    // A definition with a milestone unpaid for one group is refused with its place named.
    const editor = page.getByLabel('Definition', { exact: true });
    const definition = JSON.parse(await editor.inputValue()) as { tariffs: { paymentGroup: string; milestone: string }[] };
    const broken = { ...definition, tariffs: definition.tariffs.filter((t) => !(t.paymentGroup === 'D' && t.milestone === 'JOB_OUTCOME')) };
    await editor.fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: /1 thing to fix before it can be submitted/ }).waitFor();
    await page.getByText('JOB_OUTCOME has no amount for payment group D').first().waitFor();
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByRole('alert').getByText(/JOB_OUTCOME has no amount for payment group D/).first().waitFor();
    await editor.fill(JSON.stringify(definition, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'The rules' }).waitFor();

    // The simulator: a participant with a high health barrier falls in group D.
    const simulator = page.getByRole('region', { name: 'Try it on a participant' });
    await simulator.getByLabel('Referred on').fill('2026-05-04');
    await simulator.getByLabel('health', { exact: true }).selectOption('3');
    await simulator.getByLabel('Attached on (optional)').fill('2026-05-04');
    await simulator.getByLabel('Starts work on (optional)').fill('2026-07-06');
    await simulator.getByRole('button', { name: 'Simulate' }).click();
    await simulator.getByText('Payment group:').waitFor();
    await simulator.getByText('very high needs').first().waitFor();
    // Attachment £250, job start £900, job outcome after 13 weeks £3,000 and sustainments for group D.
    await simulator.getByRole('cell', { name: '£3,000.00', exact: true }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '02-simulator');

    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByRole('heading', { level: 1, name: 'Version 1: Awaiting approval' }).waitFor();
    await page.getByText('You submitted this version, so another admin of your organisation must check and publish it.').waitFor();
    await page.context().close();
  });

  it('a second admin publishes it and the first contracts a prime on it', async () => {
    const checker = await signInAs(CHECKER_EMAIL);
    await checker.goto(`${stack.portalUrl}${versionPath}`);
    await checker.getByRole('button', { name: 'Publish version 1' }).click();
    await checker.getByRole('heading', { level: 1, name: 'Version 1: Published' }).waitFor();
    await checker.getByText(/published by Tomasz Nowak/).waitFor();
    await checker.context().close();

    const page = await signInAs('admin@mercia.test');
    await page.goto(`${stack.portalUrl}${programmePath}`);
    await page.getByText('Contract a prime').click();
    await page.getByLabel('Prime provider').selectOption({ label: 'Kestrel Works' });
    await page.getByLabel('Contract area', { exact: true }).selectOption({ label: 'Dudley' });
    await page.getByLabel('Payment model', { exact: true }).selectOption({ label: 'Black Country milestones' });
    await page.getByLabel('Reference', { exact: true }).fill(`BCW-DUD-${Date.now().toString(36)}`);
    await page.getByLabel('Value cap (£)').fill('not money');
    await page.getByLabel('End date').fill('2029-03-31');
    await page.getByRole('button', { name: 'Contract the prime' }).click();
    await page.getByRole('alert').getByText('Enter the value cap in pounds, e.g. 2,500,000').waitFor();
    await page.getByLabel('Value cap (£)').fill('2,500,000');
    await page.getByRole('button', { name: 'Contract the prime' }).click();
    await page.getByRole('cell', { name: '£2,500,000.00' }).waitFor();
    await page.getByRole('cell', { name: 'Kestrel Works' }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '03-programme');
    await page.context().close();
  });
});
