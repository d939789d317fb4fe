// Commissioner oversight and data protection in a real browser, as the demo
// users: flow-down against bids flags the micro charity that got nothing,
// parking signals, the alert scan, CSV / XLSX / OCDS downloads, and an erasure
// request recorded by one commissioner admin and decided and executed by
// another (maker ≠ checker). axe on every page; screenshots for the docs.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { aUser } from '@waymark/db/test-support';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';

jest.setTimeout(300_000);

const SECOND_ADMIN = 'second-admin@mercia.test';
let stack: Stack;
let participantReference = '';

beforeAll(async () => {
  stack = await startStack({ demoData: true });
  // A second commissioner admin (same password hash as the demo admin) to decide what the first one records.
  const admin = await stack.database.pool.query<{ organisation_id: string; password_hash: string }>(
    `SELECT organisation_id, password_hash FROM app_user WHERE email = 'admin@mercia.test'`,
  );
  const row = admin.rows[0];
  if (!row) throw new Error('the demo data has no admin@mercia.test');
  await aUser(stack.database.pool, {
    organisationId: row.organisation_id,
    email: SECOND_ADMIN,
    displayName: 'Ruth Adeyemi',
    passwordHash: row.password_hash,
    roles: ['ADMIN'],
  });
  // A participant still holding personal data, with an open referral.
  const participant = await stack.database.pool.query<{ reference: string }>(
    `SELECT p.reference FROM participant p JOIN referral r ON r.participant_id = p.id
      WHERE r.status IN ('ATTACHED', 'ALLOCATED') ORDER BY p.reference LIMIT 1`,
  );
  participantReference = participant.rows[0]?.reference ?? '';
  if (!participantReference) throw new Error('the demo data has no open referral');
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

async function go(page: Page, pathAndQuery: string): Promise<void> {
  const response = await page.goto(`${stack?.portalUrl}${pathAndQuery}`);
  expect(response?.status()).toBe(200);
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });

async function download(
  page: Page,
  href: string,
): Promise<{ status: number; contentType: string; body: Buffer }> {
  const response = await page.request.get(`${stack?.portalUrl}${href}`);
  return {
    status: response.status(),
    contentType: response.headers()['content-type'] ?? '',
    body: await response.body(),
  };
}

describe('commissioner oversight in the portal', () => {
  let page: Page;

  beforeAll(async () => {
    page = await signInAs(stack, 'admin@mercia.test', { landsOn: '/' });
  });

  afterAll(async () => {
    await page.context().close();
  });

  it('runs the alert scan and sees alerts', async () => {
    await go(page, '/alerts');
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await page.getByRole('button', { name: 'Run scan now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run the alert scan now?' });
    await dialog.getByRole('button', { name: 'Run scan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/Scan finished: \d+ new alert/).waitFor();
    await page.getByRole('cell', { name: 'Referrals below bid' }).first().waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'alerts');
  });

  it('sees the micro charity that got nothing highlighted in flow-down against bids', async () => {
    await go(page, '/analytics');
    await page.getByRole('heading', { level: 1, name: 'Flow-down against bids' }).waitFor();
    const row = page
      .getByRole('table', { name: 'Flow-down against bid commitments per subcontractor' })
      .getByRole('row')
      .filter({ hasText: 'Hollybush Family Centre' })
      .first();
    await row.getByText('Below threshold').waitFor();
    await page
      .getByRole('region', { name: 'Got less than promised' })
      .getByText('Hollybush Family Centre')
      .first()
      .waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'analytics-flow-down');

    const csv = await download(
      page,
      (await page
        .getByRole('link', { name: 'Download CSV of flow-down against bids' })
        .getAttribute('href')) ?? '',
    );
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.body.toString('utf8')).toContain('Hollybush Family Centre');
    const xlsx = await download(
      page,
      (await page
        .getByRole('link', { name: 'Download XLSX of flow-down against bids' })
        .getAttribute('href')) ?? '',
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.body.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('opens spend, timeliness and performance', async () => {
    await go(page, '/analytics/spend');
    await page.getByText('Reached the voluntary sector', { exact: true }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'analytics-spend');
    await go(page, '/analytics/timeliness');
    await page.getByRole('heading', { level: 1, name: 'Payment timeliness' }).waitFor();
    await expectNoSeriousViolations(page);
    await go(page, '/analytics/performance');
    await page.getByRole('heading', { level: 1, name: 'Minimum performance levels' }).waitFor();
    await expectNoSeriousViolations(page);
  });

  it('opens parking signals', async () => {
    await go(page, '/parking');
    await page.getByRole('heading', { level: 1, name: 'Creaming and parking' }).waitFor();
    await page
      .getByRole('table', { name: 'Creaming and parking signals per payment group and provider' })
      .getByRole('row')
      .nth(1)
      .waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'parking');
  });

  it('traces a remittance and downloads the OCDS release package', async () => {
    await go(page, '/trace');
    const recent = page
      .getByRole('region', { name: 'Recently paid remittances' })
      .getByRole('link')
      .first();
    await recent.click();
    await page.getByRole('heading', { name: /Remittance of £/ }).waitFor();
    await expectNoSeriousViolations(page);

    await go(page, '/open-data');
    await expectNoSeriousViolations(page);
    const href = await page
      .getByRole('link', { name: /Download OCDS release package/ })
      .first()
      .getAttribute('href');
    const ocds = await download(page, href ?? '');
    expect(ocds.status).toBe(200);
    expect(ocds.contentType).toMatch(/^application\/json/);
    const body = JSON.parse(ocds.body.toString('utf8')) as { releases?: unknown[] };
    expect(Array.isArray(body.releases)).toBe(true);
    expect(body.releases?.length).toBeGreaterThan(0);
  });
});

describe('data protection in the portal', () => {
  it('one commissioner admin records an erasure request; another approves and executes it', async () => {
    const maker = await signInAs(stack, 'admin@mercia.test', { landsOn: '/' });
    await go(maker, '/data-protection');
    await maker.getByRole('heading', { level: 1, name: 'Retention' }).waitFor();
    await expectNoSeriousViolations(maker);

    await go(
      maker,
      `/data-protection/subject-access?search=${encodeURIComponent(participantReference)}`,
    );
    await maker.getByRole('link', { name: participantReference, exact: true }).first().click();
    await maker.getByRole('heading', { name: `Participant ${participantReference}` }).waitFor();
    const exportHref = await maker
      .getByRole('link', { name: 'Download subject access export (JSON)' })
      .getAttribute('href');
    const exported = await download(maker, exportHref ?? '');
    expect(exported.status).toBe(200);
    await expectNoSeriousViolations(maker);
    await shot(maker, 'subject-access');

    await maker
      .getByLabel('What the participant asked for')
      .fill('Asked by letter for their records to be erased.');
    await maker.getByRole('button', { name: 'Record request' }).click();
    await maker.waitForURL(/\/data-protection\/requests/);
    await maker
      .getByRole('row')
      .filter({ hasText: participantReference })
      .getByText('Requested')
      .waitFor();

    // Maker ≠ checker: the admin who recorded it cannot approve it.
    await maker
      .getByRole('row')
      .filter({ hasText: participantReference })
      .getByRole('button', { name: 'Approve' })
      .click();
    const ownDialog = maker.getByRole('dialog', { name: /Approve the erasure request/ });
    await ownDialog.getByLabel('Reason').fill('Looks fine');
    await ownDialog.getByRole('button', { name: 'Approve request' }).click();
    await ownDialog.getByRole('alert').waitFor();
    await maker.context().close();

    const checker = await signInAs(stack, SECOND_ADMIN, { landsOn: '/' });
    await go(
      checker,
      `/data-protection/requests?participant=${encodeURIComponent(participantReference)}`,
    );
    const row = checker.getByRole('row').filter({ hasText: participantReference });
    await row.getByRole('button', { name: 'Approve' }).click();
    const approve = checker.getByRole('dialog', { name: /Approve the erasure request/ });
    await approve
      .getByLabel('Reason')
      .fill('No legal obligation to keep personal fields; evidence kept to its own date.');
    await approve.getByRole('button', { name: 'Approve request' }).click();
    await approve.waitFor({ state: 'hidden' });
    await row.getByText('Approved').waitFor();
    await row.getByRole('button', { name: 'Execute' }).click();
    const execute = checker.getByRole('dialog', { name: /Execute the erasure/ });
    await execute.getByRole('button', { name: 'Pseudonymise now' }).click();
    await execute.waitFor({ state: 'hidden' });
    await row.getByText('Executed').waitFor();
    await expectNoSeriousViolations(checker);
    await shot(checker, 'data-protection-requests');

    await go(checker, '/data-protection/records');
    await checker.getByRole('heading', { level: 1, name: 'Records of processing' }).waitFor();
    await checker.getByRole('cell', { name: 'Controller' }).first().waitFor();
    await expectNoSeriousViolations(checker);
    await shot(checker, 'data-protection-records');
    const csvHref = await checker.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await download(checker, csvHref ?? '');
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    await checker.context().close();
  });
});
