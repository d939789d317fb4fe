// W10 in the browser, as a commissioner would do it with nothing set up for them: create a
// programme, start a payment model from a template, see a definition problem named by its place,
// try the rules on a participant in the simulator, submit, have a second admin publish, and
// contract a prime on it. axe on every page; screenshots at 1280 and 390 px into
// docs/screenshots/programme-setup-*.png.
import path from 'node:path';
import { aUser } from '@waymark/db/test-support';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../packages/db/src/seed';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';
import { step } from './support/step';
import { fillDate } from './support/date-input';

jest.setTimeout(600_000);

const CHECKER_EMAIL = 'second-admin@mercia.test';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ jobsEnabled: false, demoData: true });
  // A second commissioner admin, so publishing can be checked by someone other than its maker.
  const mercia = await stack.database.pool.query<{ id: string }>(
    `SELECT id FROM organisation WHERE name = 'Mercia Combined Authority'`,
  );
  await aUser(stack.database.pool, {
    organisationId: mercia.rows[0]!.id,
    email: CHECKER_EMAIL,
    displayName: 'Tomasz Nowak',
    password: DEMO_PASSWORD,
    roles: ['ADMIN'],
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(screenshotDir, `programme-setup-${name}.png`),
    fullPage: true,
  });
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({
    path: path.join(screenshotDir, `programme-setup-${name}-390.png`),
    fullPage: true,
  });
  // No page may scroll sideways on a phone.
  await expect(
    page.evaluate(() => document.documentElement.scrollWidth),
  ).resolves.toBeLessThanOrEqual(392);
  if (wide) await page.setViewportSize(wide);
}

/**
 * Opens `url` until `ready` shows: on a loaded two-core machine a list page's server render can hit
 * the portal's API timeout and show its error state, which a reload (as a person would) clears.
 */
async function openUntil(page: Page, url: string, ready: Locator): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await page.goto(url);
    try {
      await ready.waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

let programmePath = '';
let versionPath = '';
let contractId = '';
const PROGRAMME = `Black Country Works ${Date.now().toString(36)}`;

it('setting up a programme in the portal', async () => {
  await step(
    'a commissioner admin creates a programme and a payment model from a template',
    async () => {
      const page = await signInAs(stack, 'admin@mercia.test');
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
      await fillDate(page, 'Start date', '2026-04-01');
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
      await page
        .getByRole('heading', { name: 'Payment groups and how participants fall into them' })
        .waitFor();
      await expectNoSeriousViolations(page);
      await shot(page, '01-draft-version');

      // A definition with a milestone unpaid for one group is refused with its place named.
      const editor = page.getByLabel('Definition', { exact: true });
      const definition = JSON.parse(await editor.inputValue()) as {
        tariffs: { paymentGroup: string; milestone: string }[];
      };
      const broken = {
        ...definition,
        tariffs: definition.tariffs.filter(
          (t) => !(t.paymentGroup === 'D' && t.milestone === 'JOB_OUTCOME'),
        ),
      };
      await editor.fill(JSON.stringify(broken, null, 2));
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page
        .getByRole('heading', { name: /1 thing to fix before it can be submitted/ })
        .waitFor();
      await page.getByText('JOB_OUTCOME has no amount for payment group D').first().waitFor();
      await page.getByRole('button', { name: 'Submit for approval' }).click();
      await page
        .getByRole('alert')
        .getByText(/JOB_OUTCOME has no amount for payment group D/)
        .first()
        .waitFor();
      await editor.fill(JSON.stringify(definition, null, 2));
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('heading', { name: 'The rules' }).waitFor();

      // The simulator: a participant with a high health barrier falls in group D.
      const simulator = page.getByRole('region', { name: 'Try it on a participant' });
      await fillDate(simulator, 'Referred on', '2026-05-04');
      await simulator.getByLabel('health', { exact: true }).selectOption('3');
      await fillDate(simulator, 'Attached on (optional)', '2026-05-04');
      await fillDate(simulator, 'Starts work on (optional)', '2026-07-06');
      await simulator.getByRole('button', { name: 'Simulate' }).click();
      await simulator.getByText('Payment group:').waitFor();
      await simulator.getByText('very high needs').first().waitFor();
      // Attachment £250, job start £900, job outcome after 13 weeks £3,000 and sustainments for group D.
      await simulator.getByRole('cell', { name: '£3,000.00', exact: true }).waitFor();
      await expectNoSeriousViolations(page);
      await shot(page, '02-simulator');

      await page.getByRole('button', { name: 'Submit for approval' }).click();
      await page.getByRole('heading', { level: 1, name: 'Version 1: Awaiting approval' }).waitFor();
      await page
        .getByText(
          'You submitted this version, so another admin of your organisation must check and publish it.',
        )
        .waitFor();
      await page.context().close();
    },
  );

  await step('a second admin publishes it and the first contracts a prime on it', async () => {
    const checker = await signInAs(stack, CHECKER_EMAIL);
    await checker.goto(`${stack.portalUrl}${versionPath}`);
    await checker.getByRole('button', { name: 'Publish version 1' }).click();
    await checker.getByRole('heading', { level: 1, name: 'Version 1: Published' }).waitFor();
    await checker.getByText(/published by Tomasz Nowak/).waitFor();
    await checker.context().close();

    const page = await signInAs(stack, 'admin@mercia.test');
    await page.goto(`${stack.portalUrl}${programmePath}`);
    await page.getByText('Contract a prime').click();
    await page.getByLabel('Prime provider').selectOption({ label: 'Kestrel Works' });
    await page.getByLabel('Contract area', { exact: true }).selectOption({ label: 'Dudley' });
    await page
      .getByLabel('Payment model', { exact: true })
      .selectOption({ label: 'Black Country milestones' });
    await page.getByLabel('Reference', { exact: true }).fill(`BCW-DUD-${Date.now().toString(36)}`);
    await page.getByLabel('Value cap (£)').fill('not money');
    await fillDate(page, 'End date', '2029-03-31');
    await page.getByRole('button', { name: 'Contract the prime' }).click();
    await page
      .getByRole('alert')
      .getByText('Enter the value cap in pounds, e.g. 2,500,000')
      .waitFor();
    await page.getByLabel('Value cap (£)').fill('2,500,000');
    await page.getByRole('button', { name: 'Contract the prime' }).click();
    await page.getByRole('cell', { name: '£2,500,000.00' }).waitFor();
    await page.getByRole('cell', { name: 'Kestrel Works' }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '03-programme');
    await page.context().close();
    const contract = await stack.database.pool.query<{ id: string }>(
      `SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE p.name = $1`,
      [PROGRAMME],
    );
    contractId = contract.rows[0]!.id;
  });

  await step(
    'Kestrel subcontracts Canal Side on the new contract, and Canal Side accepts',
    async () => {
      const prime = await signInAs(stack, 'admin@kestrel.test');
      await prime.goto(`${stack.portalUrl}/supply-chain/subcontracts/new`);
      // A charity not on Waymark yet is invited from the same page and can be offered terms at once.
      const newcomer = `Tipton Women’s Centre ${Date.now().toString(36)}`;
      await prime.getByText('The subcontractor is not on Waymark yet? Invite it').click();
      await prime.getByLabel('Organisation name').fill(newcomer);
      await prime
        .getByLabel('Their admin’s email')
        .fill(`director-${Date.now().toString(36)}@tipton.test`);
      await prime.getByLabel('Their admin’s name').fill('Grace Director');
      await prime.getByRole('button', { name: 'Invite the subcontractor' }).click();
      await prime.getByLabel('Their admin’s invitation link').first().waitFor();
      await prime
        .getByLabel('Subcontractor', { exact: true })
        .locator('option', { hasText: newcomer })
        .waitFor({ state: 'attached' });
      await expectNoSeriousViolations(prime);
      await shot(prime, '05-invite-subcontractor');
      await prime.getByLabel('Prime contract', { exact: true }).selectOption(contractId);
      await prime
        .getByLabel('Subcontractor', { exact: true })
        .selectOption({ label: 'Canal Side Community Trust' });
      await prime.getByLabel('Tier', { exact: true }).selectOption('END_TO_END');
      await fillDate(prime, 'Starts', '2026-04-01');
      await prime.getByLabel('Share of each payment (%)').fill('70');
      await prime.getByRole('button', { name: 'Save draft' }).click();
      await prime.waitForURL(/\/supply-chain\/subcontracts\/[0-9a-f-]{36}$/);
      const subcontractPath = new URL(prime.url()).pathname;
      await prime.getByRole('button', { name: 'Offer to the subcontractor' }).click();
      await prime.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await prime.getByText('Offered', { exact: true }).first().waitFor();
      await prime.context().close();

      const charity = await signInAs(stack, 'admin@canalside.test');
      await charity.goto(`${stack.portalUrl}${subcontractPath}`);
      await charity.getByRole('button', { name: 'Accept these terms' }).click();
      await charity.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await charity.getByText('Active', { exact: true }).first().waitFor();
      await charity.context().close();
    },
  );

  await step(
    'the jobcentre refers into the new contract and the referral flows to a paid claim',
    async () => {
      const partner = await signInAs(stack, 'caseworker@brindley-jobcentre.test');
      await partner.goto(`${stack.portalUrl}/referrals`);
      const form = partner.getByRole('region', { name: 'Refer a participant' });
      await form
        .getByLabel('National Insurance number')
        .fill(`JK${String(Date.now() % 1_000_000).padStart(6, '0')}C`);
      await fillDate(form, 'Date of birth', '1991-08-23');
      await form.getByLabel('Benefit type').selectOption('UC');
      await form.getByLabel('Prime contract').selectOption(contractId);
      await form.getByRole('button', { name: 'Send referral' }).click();
      const sent = form.getByRole('status').filter({ hasText: 'Referral sent' });
      await sent.waitFor();
      const reference = (await sent.locator('strong').textContent())!.trim();
      await partner.context().close();

      const prime = await signInAs(stack, 'caseworker@kestrel.test');
      await prime.goto(`${stack.portalUrl}/referrals?search=${encodeURIComponent(reference)}`);
      await prime.getByRole('button', { name: `Accept ${reference}` }).click();
      await prime
        .getByRole('dialog', { name: `Accept: ${reference}` })
        .getByRole('button', { name: 'Confirm: accept' })
        .click();
      await prime.getByRole('status').getByText(`${reference}: Referral accepted.`).waitFor();
      await prime.goto(
        `${stack.portalUrl}/referrals?view=allocate&search=${encodeURIComponent(reference)}`,
      );
      await prime.getByRole('button', { name: `Allocate by hand ${reference}` }).click();
      const allocate = prime.getByRole('dialog', { name: `Allocate by hand: ${reference}` });
      const canalSide = await stack.database.pool.query<{ id: string }>(
        `SELECT s.id FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id WHERE s.prime_contract_id = $1 AND o.name = 'Canal Side Community Trust'`,
        [contractId],
      );
      await allocate.getByLabel('Subcontractor').selectOption(canalSide.rows[0]!.id);
      await allocate.getByLabel('Reason').fill('Our end-to-end provider in Dudley.');
      await allocate.getByRole('button', { name: 'Confirm: allocate by hand' }).click();
      await prime.getByRole('status').getByText(`${reference}: Referral allocated.`).waitFor();
      await prime.context().close();

      // Canal Side attaches and assesses: one medium housing barrier is group B (moderate needs), whose attachment pays £150.
      const caseworker = await signInAs(stack, 'caseworker@canalside.test');
      await caseworker.goto(
        `${stack.portalUrl}/caseload?status=ALLOCATED&search=${encodeURIComponent(reference)}`,
      );
      await caseworker.getByRole('link', { name: reference }).click();
      await caseworker.getByRole('button', { name: `Attach ${reference}` }).click();
      await caseworker
        .getByRole('dialog', { name: `Attach: ${reference}` })
        .getByRole('button', { name: 'Confirm: attach' })
        .click();
      await caseworker
        .getByRole('status')
        .getByText(`${reference}: Participant attached.`)
        .waitFor();
      await caseworker.getByText('Record a needs assessment', { exact: true }).click();
      await caseworker.getByLabel('Housing').selectOption('2');
      await caseworker.getByRole('button', { name: 'Save assessment' }).click();
      await caseworker
        .getByRole('status')
        .getByText(/Needs assessed: payment group/)
        .waitFor();
      const forecast = caseworker.getByRole('region', { name: 'Milestone forecast' });
      // Attachment £150 and the needs assessment £75 (group B) are claimable now.
      await forecast.getByText('Claimable now: £225.00').waitFor();
      await forecast.getByRole('button', { name: 'Draft a claim for Attachment' }).click();
      await caseworker.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
      const claimPath = new URL(caseworker.url()).pathname;
      await caseworker.getByText('£150.00').first().waitFor();
      await caseworker.context().close();

      const charityFinance = await signInAs(stack, 'finance@canalside.test');
      await charityFinance.goto(`${stack.portalUrl}${claimPath}`);
      // The needs-based template's attachment requires the signed attachment form: the claim says so until a file is attached.
      await charityFinance.getByText('Evidence required: signed attachment form').waitFor();
      await charityFinance.getByLabel('Upload evidence').setInputFiles({
        name: 'attachment-form.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
      });
      await charityFinance.getByRole('button', { name: 'Upload', exact: true }).click();
      await charityFinance.getByRole('status').getByText('Uploaded attachment-form.pdf.').waitFor();
      await charityFinance.getByRole('button', { name: 'Submit to prime' }).click();
      await charityFinance
        .getByRole('dialog', { name: 'Submit to prime this claim?' })
        .getByRole('button', { name: 'Confirm: submit to prime' })
        .click();
      await charityFinance.getByText('Submitted', { exact: true }).first().waitFor();
      await charityFinance.context().close();

      const primeFinance = await signInAs(stack, 'finance@kestrel.test');
      await primeFinance.goto(`${stack.portalUrl}${claimPath}`);
      await primeFinance.getByRole('button', { name: 'Approve', exact: true }).click();
      await primeFinance
        .getByRole('dialog', { name: /Approve this claim/ })
        .getByRole('button', { name: /Confirm: approve/ })
        .click();
      await primeFinance.getByText('Prime approved', { exact: true }).first().waitFor();
      const toSubmit = primeFinance
        .getByLabel(new RegExp(`^Select claim for ${reference}`))
        .first();
      await openUntil(
        primeFinance,
        `${stack.portalUrl}/claims?status=PRIME_APPROVED&primeContractId=${contractId}`,
        toSubmit,
      );
      await toSubmit.check();
      await primeFinance.getByRole('button', { name: /^Submit to commissioner \(1\)/ }).click();
      await primeFinance
        .getByRole('dialog', { name: /Submit to commissioner/ })
        .getByRole('button', { name: /Confirm: submit to commissioner/ })
        .click();
      await primeFinance
        .getByRole('heading', { name: /Submit to commissioner: 1 claim updated/ })
        .waitFor();
      await primeFinance.context().close();

      const commissioner = await signInAs(stack, 'finance@mercia.test');
      const toApprove = commissioner
        .getByLabel(new RegExp(`^Select claim for ${reference}`))
        .first();
      await openUntil(
        commissioner,
        `${stack.portalUrl}/claims?status=SUBMITTED_TO_COMMISSIONER&primeContractId=${contractId}`,
        toApprove,
      );
      await toApprove.check();
      await commissioner.getByRole('button', { name: /^Approve \(1\)/ }).click();
      await commissioner
        .getByRole('dialog', { name: /Approve\?/ })
        .getByRole('button', { name: /Confirm: approve/ })
        .click();
      await commissioner.getByRole('heading', { name: /Approve: 1 claim updated/ }).waitFor();
      await commissioner.goto(`${stack.portalUrl}/remittances`);
      await commissioner
        .getByLabel('Prime contract', { exact: true })
        .first()
        .selectOption(contractId);
      await commissioner.getByRole('button', { name: 'Review remittance' }).click();
      await commissioner
        .getByRole('dialog', { name: 'Run this remittance?' })
        .getByRole('button', { name: 'Confirm and create remittance' })
        .click();
      await commissioner.waitForURL(/\/remittances\/[0-9a-f-]{36}$/);
      await commissioner.getByRole('button', { name: 'Mark as paid' }).click();
      const paid = commissioner.getByRole('dialog', { name: 'Mark this remittance as paid?' });
      await paid.getByLabel('Bank payment reference').fill('MCA-BACS-BCW-1');
      await paid.getByRole('button', { name: 'Confirm payment' }).click();
      await paid.waitFor({ state: 'hidden' });
      await commissioner.goto(`${stack.portalUrl}${claimPath}`);
      await commissioner.getByText('Paid', { exact: true }).first().waitFor();
      await commissioner.getByText('£150.00').first().waitFor();
      await expectNoSeriousViolations(commissioner);
      await shot(commissioner, '04-claim-paid');
      await commissioner.context().close();
    },
  );
});
