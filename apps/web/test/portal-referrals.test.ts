// Referrals in the portal, end to end in Chromium against the built API and
// portal with the demo data: the jobcentre refers a participant (form and a
// bulk file), the prime accepts it and allocates it by hand to Canal Side, the
// Canal Side caseworker attaches it, logs a contact and sees the forecast; each
// party's home dashboard renders; another subcontractor's participant is a 404.
// Each test builds the referral it needs (through the API), so tests run in any order.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../packages/db/src/seed';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';
import { fillDate } from './support/date-input';

jest.setTimeout(240_000);

let stack: Stack;
let kestrelContractId = '';
let canalSideSubcontractId = '';
let otherSubcontractorsReferralId = '';

beforeAll(async () => {
  stack = await startStack({ demoData: true });
  const contract = await stack.database.pool.query<{ id: string }>(
    `SELECT pc.id FROM prime_contract pc JOIN organisation o ON o.id = pc.prime_id WHERE o.name = 'Kestrel Works' LIMIT 1`,
  );
  kestrelContractId = contract.rows[0]!.id;
  const canalSide = await stack.database.pool.query<{ id: string }>(
    `SELECT s.id FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id
      WHERE o.name = 'Canal Side Community Trust' AND s.prime_contract_id = $1 LIMIT 1`,
    [kestrelContractId],
  );
  canalSideSubcontractId = canalSide.rows[0]!.id;
  const other = await stack.database.pool.query<{ id: string }>(
    `SELECT r.id FROM referral r JOIN subcontract s ON s.id = r.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id
      WHERE o.name = 'Foundry Futures' LIMIT 1`,
  );
  otherSubcontractorsReferralId = other.rows[0]!.id;
  // The demo seed fills Canal Side past its capacity (the API rightly refuses more): give it room for this walk.
  await stack.database.pool.query(
    `UPDATE subcontract SET capacity = 2000 WHERE subcontractor_id = (SELECT id FROM organisation WHERE name = 'Canal Side Community Trust')`,
  );
});

afterAll(async () => {
  await stack?.stop();
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });
}

function randomNiNumber(): string {
  return `JG${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}A`;
}

/** A JSON call to the API as the given demo user (the set-up a test needs, not what it checks). */
async function asUser<T>(
  email: string,
  method: string,
  route: string,
  body: unknown,
  ifMatch?: number,
) {
  const signIn = await fetch(`${stack.apiUrl}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const response = await fetch(`${stack.apiUrl}${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${accessToken}`,
      ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type ReferralBody = {
  referral: { id: string; version: number; participant?: { reference: string } };
};

/** A referral the jobcentre sent to Kestrel (RECEIVED), or one Kestrel has also accepted and allocated to Canal Side. */
async function aReferral(until: 'RECEIVED' | 'ALLOCATED'): Promise<string> {
  const created = await asUser<ReferralBody>(
    'caseworker@brindley-jobcentre.test',
    'POST',
    '/referrals',
    {
      primeContractId: kestrelContractId,
      participant: { niNumber: randomNiNumber(), dateOfBirth: '1986-11-02', benefitType: 'UC' },
    },
  );
  const reference = created.referral.participant!.reference;
  if (until === 'RECEIVED') return reference;
  const { id, version } = created.referral;
  const accepted = await asUser<ReferralBody>(
    'caseworker@kestrel.test',
    'POST',
    `/referrals/${id}/accept`,
    {},
    version,
  );
  await asUser(
    'caseworker@kestrel.test',
    'POST',
    `/referrals/${id}/allocate`,
    {
      subcontractId: canalSideSubcontractId,
      reason: 'Housing support: Canal Side specialises in it.',
    },
    accepted.referral.version,
  );
  return reference;
}

describe('portal referrals', () => {
  it('lets the referral partner refer a participant through the form', async () => {
    const page = await signInAs(stack, 'caseworker@brindley-jobcentre.test');
    await page.getByRole('heading', { name: 'Your referrals' }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'dashboard-referral-partner.png');

    await page.goto(`${stack.portalUrl}/referrals`);
    const form = page.getByRole('region', { name: 'Refer a participant' });
    // Nothing filled: the summary names each missing field.
    await form.getByRole('button', { name: 'Send referral' }).click();
    await form
      .getByRole('alert', { name: 'There is a problem' })
      .getByRole('link', { name: 'Enter the National Insurance number' })
      .waitFor();
    await expectNoSeriousViolations(page);

    await form.getByLabel('National Insurance number').fill(randomNiNumber());
    await fillDate(form, 'Date of birth', '1984-03-09');
    await form.getByLabel('Benefit type').selectOption('JSA_25_PLUS');
    await form.getByLabel('Prime contract').selectOption(kestrelContractId);
    await form.getByLabel('Your reference (optional)').fill(`BRS-${Date.now()}`);
    await form.getByRole('button', { name: 'Send referral' }).click();
    const sent = form.getByRole('status').filter({ hasText: 'Referral sent' });
    await sent.waitFor();
    const reference = (await sent.locator('strong').textContent())!.trim();
    expect(reference.length).toBeGreaterThan(3);
    await expectNoSeriousViolations(page);
    await screenshot(page, 'referral-form.png');
  });

  it('uploads a three-row CSV and follows the import', async () => {
    const page = await signInAs(stack, 'caseworker@brindley-jobcentre.test');
    await page.goto(`${stack.portalUrl}/bulk-referrals`);
    await page.getByRole('heading', { level: 1, name: 'Upload a file of referrals' }).waitFor();
    const stamp = Date.now();
    const csv = [
      'external_reference,ni_number,date_of_birth,benefit_type',
      ...[0, 1, 2].map(
        (index) => `BULK-${stamp}-${index},${randomNiNumber()},1990-0${index + 1}-15,UC`,
      ),
    ].join('\n');
    await page
      .getByLabel('Referral file')
      .setInputFiles({ name: 'referrals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Prime contract').selectOption(kestrelContractId);
    await page.getByLabel('Import the good rows and report the bad ones').check();
    await page.getByRole('button', { name: 'Upload file' }).click();
    // The test stack runs without the job workers, so the import is queued: the progress bar shows it waiting.
    await page.getByRole('progressbar', { name: 'Rows processed' }).waitFor();
    await page.getByRole('heading', { name: /referrals\.csv/ }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'bulk-upload.png');
  });

  it('lets the prime accept the referral and allocate it by hand to Canal Side', async () => {
    const reference = await aReferral('RECEIVED');
    const page = await signInAs(stack, 'caseworker@kestrel.test');
    await page.getByRole('heading', { name: 'Needs doing now' }).waitFor();
    await page.getByRole('heading', { name: 'Referral flow-down' }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'dashboard-prime.png');

    await page.goto(`${stack.portalUrl}/referrals`);
    await page.getByRole('heading', { level: 1, name: 'Referral inbox' }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'referral-inbox.png');
    await page.getByRole('button', { name: `Accept ${reference}` }).click();
    const acceptDialog = page.getByRole('dialog', { name: `Accept: ${reference}` });
    await acceptDialog.getByRole('button', { name: 'Confirm: accept' }).click();
    await page.getByRole('status').getByText(`${reference}: Referral accepted.`).waitFor();

    await page.goto(`${stack.portalUrl}/referrals?view=allocate`);
    await page.getByRole('heading', { level: 1, name: 'Allocation board' }).waitFor();
    await page.getByRole('button', { name: `Allocate by hand ${reference}` }).click();
    const dialog = page.getByRole('dialog', { name: `Allocate by hand: ${reference}` });
    const canalSide = await dialog
      .locator('option', { hasText: 'Canal Side' })
      .first()
      .getAttribute('value');
    await dialog.getByLabel('Subcontractor').selectOption(canalSide ?? '');
    await dialog.getByLabel('Reason').fill('Housing support needed: Canal Side specialises in it.');
    await dialog.getByRole('button', { name: 'Confirm: allocate by hand' }).click();
    await page.getByRole('status').getByText(`${reference}: Referral allocated.`).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'allocation-board.png');
  });

  it('lets Canal Side find it in the caseload, attach it, log a contact and see the forecast', async () => {
    const reference = await aReferral('ALLOCATED');
    const page = await signInAs(stack, 'caseworker@canalside.test');
    await page.getByRole('heading', { name: 'Needs doing now' }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'dashboard-subcontractor.png');

    await page.goto(
      `${stack.portalUrl}/caseload?status=ALLOCATED&search=${encodeURIComponent(reference)}`,
    );
    await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
    await expectNoSeriousViolations(page);
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: reference }).waitFor();
    await page.getByRole('button', { name: `Attach ${reference}` }).click();
    await page
      .getByRole('dialog', { name: `Attach: ${reference}` })
      .getByRole('button', { name: 'Confirm: attach' })
      .click();
    await page.getByRole('status').getByText(`${reference}: Participant attached.`).waitFor();

    const log = page.getByRole('region', { name: 'Log an activity' });
    await log.waitFor();
    await log.getByLabel('Notes (optional)').fill('First meeting at the Canal Side hub.');
    await log.getByRole('button', { name: 'Log activity' }).click();
    await page.getByRole('status').getByText('Contact logged.').waitFor();
    await page
      .getByRole('region', { name: 'Timeline' })
      .getByText('First meeting at the Canal Side hub.')
      .first()
      .waitFor();
    await page.getByRole('region', { name: 'Milestone forecast' }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'participant-timeline.png');

    await page.goto(`${stack.portalUrl}/caseload`);
    await page.getByRole('link', { name: 'Download CSV' }).waitFor();
    await screenshot(page, 'caseload.png');

    // Sorting headers: server-side order, stated to assistive technology, toggled by a second click.
    const lastContact = page.getByRole('columnheader', { name: /Last contact/ }).getByRole('link');
    await lastContact.click();
    await page.waitForURL(/[?&]sort=lastContact(&|$)/);
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Last contact' }).waitFor();
    await lastContact.click();
    await page.waitForURL(/[?&]sort=-lastContact(&|$)/);
    await page.locator('th[aria-sort="descending"]', { hasText: 'Last contact' }).waitFor();
    // The participant contacted a moment ago leads a most-recent-contact-first caseload.
    await page.getByRole('link', { name: reference }).waitFor();
    // The API counts the whole filter: page numbers with the total, not a "Next" link.
    await expect(page.getByTestId('pager-summary').textContent()).resolves.toMatch(
      /^1–\d+ of [\d,]+\+? participants? · page 1 of \d+\+?$/,
    );
  });

  it('shows the commissioner their dashboard', async () => {
    const page = await signInAs(stack, 'admin@mercia.test');
    await page.getByRole('heading', { name: 'Needs doing now' }).waitFor({ timeout: 60_000 });
    await page.getByText('Claims to approve').waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'dashboard-commissioner.png');
  });

  it('answers 404 when Canal Side opens another subcontractor’s participant', async () => {
    const page = await signInAs(stack, 'caseworker@canalside.test');
    const response = await page.goto(
      `${stack.portalUrl}/referrals/${otherSubcontractorsReferralId}`,
    );
    expect(response?.status()).toBe(404);
    await expectNoSeriousViolations(page);
  });
});
