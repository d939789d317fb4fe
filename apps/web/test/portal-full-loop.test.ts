// The whole loop in one browser walk, one database, as the demo users, every
// step through the portal: the jobcentre uploads a file of referrals and the
// import runs to the end (job workers on) → Kestrel Works accepts one and
// allocates it to Canal Side → Canal Side's caseworker attaches, assesses
// needs, logs a contact and a job start, drafts the JOB_START claim and
// uploads a PDF as evidence → Canal Side finance submits → Kestrel validates
// and submits to Mercia → Mercia approves, remits and marks the remittance
// paid → Kestrel's finance runs the subcontractor payment, its admin approves
// it (maker-checker) and finance marks it paid → Canal Side downloads its
// statement, which shows the claim received in full as its subcontract's
// terms price it. JOB_START is claimable as soon as the job
// start is logged (an ON_EVENT milestone after attachment), so no dates need
// moving. Also: another subcontractor's participant is a 404. axe on every
// page; a screenshot of each main page into docs/screenshots/full-loop-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { computeSubcontractorEntitlement, type MilestoneCode } from '@waymark/domain';
import type { Locator, Page } from 'playwright-core';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';
import { step } from './support/step';

jest.setTimeout(600_000);

let stack: Stack;
let kestrelContractId = '';
let canalSideSubcontractId = '';
let foundryReferralId = '';
let reference = '';
let claimId = '';

beforeAll(async () => {
  stack = await startStack({ jobsEnabled: true, demoData: true });
  const contract = await stack.database.pool.query<{ id: string }>(
    `SELECT pc.id FROM prime_contract pc JOIN organisation o ON o.id = pc.prime_id WHERE o.name = 'Kestrel Works' LIMIT 1`,
  );
  kestrelContractId = contract.rows[0]!.id;
  const subcontract = await stack.database.pool.query<{ id: string }>(
    `SELECT s.id FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id WHERE o.name = 'Canal Side Community Trust' AND s.prime_contract_id = $1`,
    [kestrelContractId],
  );
  canalSideSubcontractId = subcontract.rows[0]!.id;
  const other = await stack.database.pool.query<{ id: string }>(
    `SELECT r.id FROM referral r JOIN subcontract s ON s.id = r.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id
      WHERE o.name = 'Foundry Futures' LIMIT 1`,
  );
  foundryReferralId = other.rows[0]!.id;
  // The demo seed fills Canal Side past its capacity (the API rightly refuses more): give it room.
  await stack.database.pool.query(`UPDATE subcontract SET capacity = 2000 WHERE id = $1`, [
    canalSideSubcontractId,
  ]);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

async function go(page: Page, pathAndQuery: string): Promise<void> {
  const response = await page.goto(`${stack.portalUrl}${pathAndQuery}`);
  expect(response?.status()).toBe(200);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(screenshotDir, `full-loop-${name}.png`),
    fullPage: true,
  });
}

/** Waits for `done` to show; if an alert shows in `within` first, fails with its words (the API's problem detail). */
async function expectOutcome(within: Page | Locator, done: Locator): Promise<void> {
  const problem = within.getByRole('alert').filter({ hasText: /\S/ }).first();
  const failure = await Promise.race([
    done.waitFor().then(() => null),
    problem.waitFor().then(() => problem.innerText()),
  ]);
  if (failure !== null)
    throw new Error(`Expected ${done.toString()}, but the page said: ${failure}`);
}

async function confirmInDialog(
  page: Page,
  dialogName: RegExp | string,
  confirm: RegExp | string,
): Promise<void> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: confirm }).click();
  await dialog.waitFor({ state: 'hidden' });
}

function randomNiNumber(): string {
  return `JH${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}B`;
}

// The smallest well-formed PDF: one empty page. The API sniffs the %PDF- magic bytes.
function aSmallPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

it('the full loop in the portal, referral to reconciled statement', async () => {
  await step(
    'the referral partner uploads a file of referrals and the import runs to completion',
    async () => {
      const page = await signInAs(stack, 'caseworker@brindley-jobcentre.test');
      await page.getByRole('heading', { name: 'Your referrals' }).waitFor();
      await expectNoSeriousViolations(page);
      await shot(page, '01-dashboard-referral-partner');

      await go(page, '/bulk-referrals');
      await page.getByRole('heading', { level: 1, name: 'Upload a file of referrals' }).waitFor();
      const stamp = Date.now();
      const csv = [
        'external_reference,ni_number,date_of_birth,benefit_type',
        `LOOP-${stamp}-0,${randomNiNumber()},1988-05-20,UC`,
        `LOOP-${stamp}-1,${randomNiNumber()},1979-11-02,JSA_25_PLUS`,
      ].join('\n');
      await page.getByLabel('Referral file').setInputFiles({
        name: 'loop-referrals.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.getByLabel('Prime contract').selectOption(kestrelContractId);
      await page.getByLabel('Import the good rows and report the bad ones').check();
      await page.getByRole('button', { name: 'Upload file' }).click();
      // The job workers are on: the page polls the job until it is done.
      await page
        .getByRole('heading', { name: /loop-referrals\.csv: imported/ })
        .waitFor({ timeout: 120_000 });
      const bar = page.getByRole('progressbar', { name: 'Rows processed' });
      await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('100');
      await expectNoSeriousViolations(page);
      await shot(page, '02-bulk-upload-done');

      const imported = await stack.database.pool.query<{ reference: string }>(
        `SELECT p.reference FROM referral r JOIN participant p ON p.id = r.participant_id WHERE r.external_reference = $1`,
        [`LOOP-${stamp}-0`],
      );
      reference = imported.rows[0]?.reference ?? '';
      expect(reference).not.toBe('');
      await page.context().close();
    },
  );

  await step('the prime accepts the referral and allocates it to Canal Side', async () => {
    const page = await signInAs(stack, 'caseworker@kestrel.test');
    const todo = page.getByRole('region', { name: 'Needs doing now' });
    await todo.getByText('Referrals to accept').waitFor();
    // Exact counts, and no money cards for a caseworker (who cannot act on payments).
    await expect(todo.getByText(/^\d+\+$/).count()).resolves.toBe(0);
    await expect(todo.getByText('Payments due to subcontractors').count()).resolves.toBe(0);
    await expectNoSeriousViolations(page);
    await shot(page, '03-dashboard-prime');

    await go(page, `/referrals?search=${encodeURIComponent(reference)}`);
    await page.getByRole('heading', { level: 1, name: 'Referral inbox' }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '04-referral-inbox');
    await page.getByRole('button', { name: `Accept ${reference}` }).click();
    await confirmInDialog(page, `Accept: ${reference}`, 'Confirm: accept');
    await page.getByRole('status').getByText(`${reference}: Referral accepted.`).waitFor();

    await go(page, `/referrals?view=allocate&search=${encodeURIComponent(reference)}`);
    await page.getByRole('heading', { level: 1, name: 'Allocation board' }).waitFor();
    await page.getByRole('button', { name: `Allocate by hand ${reference}` }).click();
    const dialog = page.getByRole('dialog', { name: `Allocate by hand: ${reference}` });
    await dialog.getByLabel('Subcontractor').selectOption(canalSideSubcontractId);
    await dialog.getByLabel('Reason').fill('Housing support needed: Canal Side specialises in it.');
    await dialog.getByRole('button', { name: 'Confirm: allocate by hand' }).click();
    await expectOutcome(
      dialog,
      page.getByRole('status').getByText(`${reference}: Referral allocated.`),
    );
    await expectNoSeriousViolations(page);
    await shot(page, '05-allocation-board');
    await page.context().close();
  });

  await step(
    'the Canal Side caseworker logs the journey and drafts a claim with evidence',
    async () => {
      const page = await signInAs(stack, 'caseworker@canalside.test');
      await page.getByRole('heading', { name: 'Needs doing now' }).waitFor();
      await expectNoSeriousViolations(page);
      await shot(page, '06-dashboard-subcontractor');

      await go(page, `/caseload?status=ALLOCATED&search=${encodeURIComponent(reference)}`);
      await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
      await expectNoSeriousViolations(page);
      await page.getByRole('link', { name: reference }).click();
      await page.getByRole('heading', { level: 1, name: reference }).waitFor();
      await page.getByRole('button', { name: `Attach ${reference}` }).click();
      await confirmInDialog(page, `Attach: ${reference}`, 'Confirm: attach');
      await page.getByRole('status').getByText(`${reference}: Participant attached.`).waitFor();

      // The forecast needs a payment group: one medium barrier puts the participant in group B.
      await page.getByText('Record a needs assessment', { exact: true }).click();
      await page.getByLabel('Housing').selectOption('2');
      await page.getByRole('button', { name: 'Save assessment' }).click();
      await page
        .getByRole('status')
        .getByText(/Needs assessed: payment group/)
        .waitFor();

      const log = page.getByRole('region', { name: 'Log an activity' });
      await log.getByLabel('Notes (optional)').fill('First meeting at the Canal Side hub.');
      await log.getByRole('button', { name: 'Log activity' }).click();
      await page.getByRole('status').getByText('Contact logged.').waitFor();

      await log.getByLabel('What happened').selectOption('JOB_START');
      await log.getByLabel('Employer').fill('Brindleyplace Hotel');
      await log.getByLabel('Hours per week').fill('30');
      await log.getByLabel('Hourly pay (£)').fill('12.60');
      await log.getByRole('button', { name: 'Log activity' }).click();
      await page.getByRole('status').getByText('Job start logged.').waitFor();

      const forecast = page.getByRole('region', { name: 'Milestone forecast' });
      await forecast.getByRole('button', { name: 'Draft a claim for Job start' }).click();
      // Drafting opens the draft claim, ready for its evidence.
      await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
      claimId = page.url().split('/').at(-1) ?? '';
      await page.getByRole('heading', { level: 2, name: 'Evidence', exact: true }).waitFor();

      await page
        .getByLabel('Upload evidence')
        .setInputFiles({ name: 'payslip.pdf', mimeType: 'application/pdf', buffer: aSmallPdf() });
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.getByRole('status').getByText('Uploaded payslip.pdf.').waitFor();
      await page.getByText('payslip.pdf', { exact: true }).waitFor();
      await expectNoSeriousViolations(page);
      await shot(page, '07-claim-draft-with-evidence');
      await page.context().close();
    },
  );

  await step('Canal Side finance submits the claim to the prime', async () => {
    const page = await signInAs(stack, 'finance@canalside.test');
    await go(page, `/claims/${claimId}`);
    await page.getByRole('button', { name: 'Submit to prime' }).click();
    await confirmInDialog(page, 'Submit to prime this claim?', 'Confirm: submit to prime');
    await page.getByText('Submitted', { exact: true }).first().waitFor();
    await expectNoSeriousViolations(page);
    await page.context().close();
  });

  await step('the prime validates the claim and submits it to the commissioner', async () => {
    const page = await signInAs(stack, 'finance@kestrel.test');
    await go(page, `/claims/${claimId}`);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await confirmInDialog(page, /Approve this claim/, /Confirm: approve/);
    await page.getByText('Prime approved', { exact: true }).first().waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '08-claim-prime-approved');

    await go(page, `/claims?status=PRIME_APPROVED&subcontractId=${canalSideSubcontractId}`);
    await page.getByRole('heading', { level: 1, name: 'Claims inbox' }).waitFor();
    await page
      .getByLabel(new RegExp(`^Select claim for ${reference}`))
      .first()
      .check();
    await page.getByRole('button', { name: /^Submit to commissioner \(1\)/ }).click();
    await confirmInDialog(page, /Submit to commissioner/, /Confirm: submit to commissioner/);
    await page.getByRole('heading', { name: /Submit to commissioner: 1 claim updated/ }).waitFor();
    await expectNoSeriousViolations(page);
    await page.context().close();
  });

  await step('the commissioner approves, runs a remittance and marks it paid', async () => {
    const page = await signInAs(stack, 'finance@mercia.test');
    await page.getByRole('heading', { name: 'Needs doing now' }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '09-dashboard-commissioner');

    await go(
      page,
      `/claims?status=SUBMITTED_TO_COMMISSIONER&subcontractId=${canalSideSubcontractId}`,
    );
    await page
      .getByLabel(new RegExp(`^Select claim for ${reference}`))
      .first()
      .check();
    await page.getByRole('button', { name: /^Approve \(1\)/ }).click();
    await confirmInDialog(page, /Approve\?/, /Confirm: approve/);
    await page.getByRole('heading', { name: /Approve: 1 claim updated/ }).waitFor();
    await expectNoSeriousViolations(page);

    await go(page, '/remittances');
    await expectNoSeriousViolations(page);
    await page
      .getByLabel('Prime contract', { exact: true })
      .first()
      .selectOption(kestrelContractId);
    await page.getByRole('button', { name: 'Review remittance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run this remittance?' });
    await dialog.getByText('Claims to remit').waitFor();
    await expectNoSeriousViolations(page);
    await dialog.getByRole('button', { name: 'Confirm and create remittance' }).click();
    await page.waitForURL(/\/remittances\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: reference }).first().waitFor();

    await page.getByRole('button', { name: 'Mark as paid' }).click();
    const paid = page.getByRole('dialog', { name: 'Mark this remittance as paid?' });
    await paid.getByLabel('Bank payment reference').fill('MCA-BACS-LOOP');
    await paid.getByRole('button', { name: 'Confirm payment' }).click();
    await paid.waitFor({ state: 'hidden' });
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, '10-remittance-paid');
    await page.context().close();
  });

  await step(
    'the prime runs the subcontractor payment, a second person approves it, and it is paid',
    async () => {
      const page = await signInAs(stack, 'finance@kestrel.test');
      await go(page, '/payments');
      await expectNoSeriousViolations(page);
      await page.getByLabel('Prime contract', { exact: true }).selectOption(kestrelContractId);
      await page
        .getByLabel('Subcontract', { exact: true })
        .first()
        .selectOption(canalSideSubcontractId);
      await page.getByRole('button', { name: 'Review payment run' }).click();
      const dialog = page.getByRole('dialog', { name: 'Run these payments?' });
      await dialog.getByRole('table').waitFor();
      await expectNoSeriousViolations(page);
      await dialog.getByRole('button', { name: 'Confirm and create draft payments' }).click();
      await expectOutcome(dialog, page.getByRole('region', { name: 'Draft payments created' }));
      await page
        .getByRole('region', { name: 'Draft payments created' })
        .getByRole('link', { name: 'Canal Side Community Trust' })
        .click();
      await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
      const paymentPath = new URL(page.url()).pathname;

      // Maker-checker: whoever ran the payment cannot approve it, so Kestrel's admin approves it.
      const checker = await signInAs(stack, 'admin@kestrel.test');
      await go(checker, paymentPath);
      await expectNoSeriousViolations(checker);
      await checker.getByRole('button', { name: 'Approve payment' }).click();
      const approve = checker.getByRole('dialog', { name: /Approve the payment/ });
      await approve.getByRole('button', { name: /Confirm approval/ }).click();
      await expectOutcome(approve, checker.getByRole('button', { name: 'Mark as paid' }));
      await checker.context().close();

      await go(page, paymentPath);
      await expectNoSeriousViolations(page);
      await page.getByRole('button', { name: 'Mark as paid' }).click();
      const paid = page.getByRole('dialog', { name: /Mark the payment .* as paid/ });
      await paid.getByLabel('Bank payment reference').fill('KW-BACS-LOOP');
      await paid.getByRole('button', { name: 'Confirm payment' }).click();
      await paid.waitFor({ state: 'hidden' });
      await page.getByText('Paid', { exact: true }).first().waitFor();
      await expectNoSeriousViolations(page);
      await shot(page, '11-subcontractor-payment-paid');
      await page.context().close();
    },
  );

  await step(
    'Canal Side downloads its statement, which shows the claim received as its terms price it',
    async () => {
      const page = await signInAs(stack, 'finance@canalside.test');
      await page.getByRole('heading', { name: 'Needs doing now' }).waitFor();
      await expectNoSeriousViolations(page);
      await go(page, `/statements?subcontractId=${canalSideSubcontractId}`);
      await page.getByRole('heading', { level: 1, name: 'Statement' }).waitFor();
      await expectNoSeriousViolations(page);
      await shot(page, '12-statement');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV' }).click(),
      ]);
      const lines = fs
        .readFileSync((await download.path()) ?? '', 'utf8')
        .trim()
        .split(/\r?\n/);
      const header = lines[0]?.split(',') ?? [];
      const line = lines.find((row) => row.split(',')[header.indexOf('claim_id')] === claimId);
      expect(line).toBeDefined();
      const cell = (name: string) => BigInt(line?.split(',')[header.indexOf(name)] ?? 'NaN');

      // What the subcontract's terms give Canal Side for this claim: its own JOB_START rate less the management fee.
      const { rows } = await stack.database.pool.query<{
        termsKind: 'MILESTONE_TARIFF';
        ratesPence: Record<string, string>;
        managementFeeBp: number;
        paymentSlaDays: number;
        amountPence: string;
        code: MilestoneCode;
        occurrence: number;
      }>(
        `SELECT s.terms_kind AS "termsKind", s.terms->'ratesPence' AS "ratesPence", s.management_fee_bp AS "managementFeeBp", s.payment_sla_days AS "paymentSlaDays",
              c.amount_pence::text AS "amountPence", mt.code::text AS code, c.occurrence
         FROM claim c JOIN subcontract s ON s.id = c.subcontract_id JOIN milestone_type mt ON mt.id = c.milestone_type_id WHERE c.id = $1`,
        [claimId],
      );
      const claim = rows[0]!;
      expect(claim.termsKind).toBe('MILESTONE_TARIFF');
      const ratesPence = Object.fromEntries(
        Object.entries(claim.ratesPence).map(([code, pence]) => [code, BigInt(pence)]),
      );
      const expected = computeSubcontractorEntitlement({
        terms: {
          kind: 'MILESTONE_TARIFF',
          ratesPence,
          managementFeeBasisPoints: claim.managementFeeBp,
          paymentSlaDays: claim.paymentSlaDays,
        },
        claim: { milestoneCode: claim.code, occurrence: claim.occurrence },
        primeFeePence: BigInt(claim.amountPence),
        primeReceivedDate: new Date().toISOString().slice(0, 10),
      });
      expect(claim.code).toBe('JOB_START');
      expect(expected.netPence).toBeGreaterThan(0n);
      expect(cell('claimed_pence')).toBe(BigInt(claim.amountPence));
      expect(cell('entitled_pence')).toBe(expected.netPence);
      expect(cell('received_pence')).toBe(expected.netPence);
      expect(cell('owed_pence')).toBe(0n);
      await page.context().close();
    },
  );

  await step(
    'answers 404 when Canal Side opens another subcontractor’s participant by URL',
    async () => {
      const page = await signInAs(stack, 'caseworker@canalside.test');
      const response = await page.goto(`${stack.portalUrl}/referrals/${foundryReferralId}`);
      expect(response?.status()).toBe(404);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      await expectNoSeriousViolations(page);
      await page.context().close();
    },
  );
});
