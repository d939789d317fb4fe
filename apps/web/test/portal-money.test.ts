// The money loop in a real browser, as the demo users: the prime validates a
// subcontractor's claim and submits it, the commissioner approves and remits,
// the prime pays the subcontractor, and the subcontractor downloads a
// statement that reconciles. axe on every page; screenshots for the docs.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';

jest.setTimeout(300_000);

let stack: Stack;

interface Target {
  claimId: string;
  subcontractId: string;
  primeContractId: string;
  participantReference: string;
  /** Day the claim's milestone fell: the statement's period is chosen around it, never around today. */
  milestoneOn: string;
}
let target: Target;

beforeAll(async () => {
  stack = await startStack({ demoData: true });
  // A SUBMITTED claim of Canal Side (under Kestrel Works) on a milestone its own tariff pays.
  const found = await stack.database.pool.query<Target>(
    `SELECT c.id AS "claimId", c.subcontract_id AS "subcontractId", c.prime_contract_id AS "primeContractId", p.reference AS "participantReference", c.milestone_on::text AS "milestoneOn"
       FROM claim c
       JOIN subcontract s ON s.id = c.subcontract_id
       JOIN organisation o ON o.id = s.subcontractor_id
       JOIN milestone_type m ON m.id = c.milestone_type_id
       JOIN referral r ON r.id = c.referral_id
       JOIN participant p ON p.id = r.participant_id
      WHERE c.status = 'SUBMITTED' AND o.name = 'Canal Side Community Trust' AND m.code IN ('JOB_START', 'JOB_OUTCOME', 'ATTACHMENT')
      ORDER BY c.milestone_on DESC LIMIT 1`,
  );
  const row = found.rows[0];
  if (!row) throw new Error('the demo data has no SUBMITTED Canal Side claim');
  target = row;
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

async function confirmInDialog(page: Page, dialogName: RegExp, confirm: RegExp): Promise<void> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: confirm }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('the money loop in the portal', () => {
  it('prime finance validates a claim and submits it to the commissioner', async () => {
    const page = await signInAs(stack, 'finance@kestrel.test', { landsOn: '/' });
    await go(page, '/claims');
    await page.getByRole('heading', { level: 1, name: 'Claims inbox' }).waitFor();
    await expectNoSeriousViolations(page);

    // Open the SUBMITTED claim and approve it (If-Match with the version read).
    await go(page, `/claims/${target.claimId}`);
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    await page.getByText('Submitted', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await confirmInDialog(page, /Approve this claim/, /Confirm: approve/);
    await page.getByText('Prime approved', { exact: true }).first().waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'claim-detail');

    // Submit approved claims to the commissioner from the inbox, as a batch.
    await go(page, `/claims?status=PRIME_APPROVED&subcontractId=${target.subcontractId}`);
    // The whole filter counted and added up by the API, not the page in view; sorting is the server's.
    await expect(page.getByTestId('pager-summary').textContent()).resolves.toMatch(
      /of [\d,]+ claims? · page 1 of \d+$/,
    );
    await expect(page.getByTestId('claims-total').textContent()).resolves.toMatch(
      /^£[\d,]+\.\d\d$/,
    );
    await page.getByRole('link', { name: /^Amount/ }).click();
    await page.waitForURL(/[?&]sort=amount(&|$)/);
    await page
      .getByLabel(new RegExp(`^Select claim for ${target.participantReference}`))
      .first()
      .check();
    await page.getByRole('button', { name: /^Submit to commissioner \(1\)/ }).click();
    await page.getByRole('dialog', { name: /Submit to commissioner/ }).waitFor();
    await shot(page, 'claims-inbox');
    await confirmInDialog(page, /Submit to commissioner/, /Confirm: submit to commissioner/);
    await page.getByRole('heading', { name: /Submit to commissioner: 1 claim updated/ }).waitFor();
    await expectNoSeriousViolations(page);
    await page.context().close();
  });

  it('commissioner finance approves, runs a remittance and marks it paid', async () => {
    const page = await signInAs(stack, 'finance@mercia.test', { landsOn: '/' });
    await go(
      page,
      `/claims?status=SUBMITTED_TO_COMMISSIONER&subcontractId=${target.subcontractId}`,
    );
    await page
      .getByLabel(new RegExp(`^Select claim for ${target.participantReference}`))
      .first()
      .check();
    await page.getByRole('button', { name: /^Approve \(1\)/ }).click();
    await confirmInDialog(page, /Approve\?/, /Confirm: approve/);
    await page.getByRole('heading', { name: /Approve: 1 claim updated/ }).waitFor();

    await go(page, '/remittances');
    await expectNoSeriousViolations(page);
    await page
      .getByLabel('Prime contract', { exact: true })
      .first()
      .selectOption(target.primeContractId);
    await page.getByRole('button', { name: 'Review remittance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run this remittance?' });
    await dialog.getByText('Claims to remit').waitFor();
    // The server's dry run, not a client-side estimate: gross, clawbacks and net.
    await dialog.getByText('Net to pay').waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'remittance-run');
    await dialog.getByRole('button', { name: 'Confirm and create remittance' }).click();
    await page.waitForURL(/\/remittances\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: target.participantReference }).first().waitFor();

    await page.getByRole('button', { name: 'Mark as paid' }).click();
    const paid = page.getByRole('dialog', { name: 'Mark this remittance as paid?' });
    await paid.getByLabel('Bank payment reference').fill('MCA-BACS-0001');
    await paid.getByRole('button', { name: 'Confirm payment' }).click();
    await paid.waitFor({ state: 'hidden' });
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await expectNoSeriousViolations(page);
    await page.context().close();
  });

  it('prime finance runs, approves and pays the subcontractor payment', async () => {
    const page = await signInAs(stack, 'finance@kestrel.test', { landsOn: '/' });
    await go(page, '/payments');
    await page.getByLabel('Prime contract', { exact: true }).selectOption(target.primeContractId);
    await page
      .getByLabel('Subcontract', { exact: true })
      .first()
      .selectOption(target.subcontractId);
    await page.getByRole('button', { name: 'Review payment run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run these payments?' });
    await dialog.getByRole('table').waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'payment-run');
    // The confirmation shows the server's dry run: its net total is what the run then creates.
    const previewTotal = (
      await dialog
        .getByRole('row', { name: /^Total/ })
        .getByRole('cell')
        .nth(3)
        .textContent()
    )?.trim();
    await dialog.getByRole('button', { name: 'Confirm and create draft payments' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = page.getByRole('region', { name: 'Draft payments created' });
    expect(previewTotal).toBeTruthy();
    await created.getByText(`net ${previewTotal}`, { exact: false }).first().waitFor();
    await created.getByRole('link', { name: 'Canal Side Community Trust' }).click();
    await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);

    const paymentPath = new URL(page.url()).pathname;

    // Maker-checker: the user who ran the payment is refused, in the dialog, naming the rule…
    await page.getByRole('button', { name: 'Approve payment' }).click();
    const approve = page.getByRole('dialog', { name: /Approve the payment/ });
    await approve
      .getByText(/You ran this payment, so another finance or admin user must approve it/)
      .waitFor();
    await approve.getByRole('button', { name: /Confirm approval/ }).click();
    await approve
      .getByRole('alert')
      .getByText(/a second prime finance or admin user must approve it \(maker-checker\)/)
      .waitFor();
    await page.keyboard.press('Escape');
    // …and a second prime user approves.
    const checker = await signInAs(stack, 'admin@kestrel.test', { landsOn: '/' });
    await go(checker, paymentPath);
    await checker.getByRole('button', { name: 'Approve payment' }).click();
    await confirmInDialog(checker, /Approve the payment/, /Confirm approval/);
    await checker.getByRole('button', { name: 'Mark as paid' }).waitFor();
    await checker.context().close();

    await go(page, paymentPath);
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    const paid = page.getByRole('dialog', { name: /Mark the payment .* as paid/ });
    await paid.getByLabel('Bank payment reference').fill('KW-BACS-0001');
    await paid.getByRole('button', { name: 'Confirm payment' }).click();
    await paid.waitFor({ state: 'hidden' });
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await expectNoSeriousViolations(page);
    await page.context().close();
  });

  it('the subcontractor sees its statement, downloads the CSV and reconciles', async () => {
    const page = await signInAs(stack, 'finance@canalside.test', { landsOn: '/' });
    // The period holds the claim paid above. The portal's default (the current month) held it only when the
    // demo data's latest claim fell in the month the suite ran: it found nothing early in a month.
    const period = new URLSearchParams({
      subcontractId: target.subcontractId,
      periodStart: `${target.milestoneOn.slice(0, 7)}-01`,
      periodEnd: target.milestoneOn,
    });
    await go(page, `/statements?${period.toString()}`);
    await page.getByRole('heading', { level: 1, name: 'Statement' }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'statement');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = fs
      .readFileSync((await download.path()) ?? '', 'utf8')
      .trim()
      .split(/\r?\n/);
    const header = csv[0]?.split(',') ?? [];
    const total = csv.at(-1) ?? '';
    expect(total.startsWith('TOTAL,')).toBe(true);
    // The totals line is the column sums of the lines above it. The last twelve columns are each money
    // figure in pence then in pounds (the description before them may hold quoted commas, so count from the end).
    const penceOf = (line: string) =>
      line
        .split(',')
        .slice(-12)
        .filter((_, index) => index % 2 === 0)
        .map(BigInt);
    const cells = penceOf(total);
    const columns = header.slice(-12);
    expect(columns).toEqual([
      'claimed_pence',
      'claimed_pounds',
      'approved_pence',
      'approved_pounds',
      'entitled_pence',
      'entitled_pounds',
      'received_pence',
      'received_pounds',
      'owed_pence',
      'owed_pounds',
      'overdue_pence',
      'overdue_pounds',
    ]);
    const sums = csv.slice(1, -1).reduce(
      (acc, line) => {
        const values = penceOf(line);
        return acc.map((value, index) => value + (values[index] ?? 0n));
      },
      [0n, 0n, 0n, 0n, 0n, 0n],
    );
    expect(cells).toEqual(sums);
    expect(cells[3]).toBeGreaterThan(0n); // received from the prime, just now
    expect(cells[4]).toBe((cells[2] ?? 0n) - (cells[3] ?? 0n)); // owed = entitled − received

    await go(page, '/reconciliation');
    await page.getByRole('button', { name: 'Reconcile' }).click();
    await page.waitForURL(/\/reconciliation\/[0-9a-f-]{36}/);
    await page.getByRole('table', { name: 'Reconciliation results' }).waitFor();
    await expectNoSeriousViolations(page);
    await shot(page, 'reconciliation');
    await page.context().close();
  });

  it('the commissioner sees the claims it approved against the remittances it paid, for the prime contract', async () => {
    const page = await signInAs(stack, 'finance@mercia.test', { landsOn: '/' });
    await go(page, `/reconciliation/commissioner-prime?primeContractId=${target.primeContractId}`);
    await page.getByRole('heading', { level: 1, name: 'Commissioner to prime' }).waitFor();
    // The remittance paid above (MCA-BACS-0001) holds the claim approved above: paid, and posted to the ledger.
    await page
      .getByRole('table', { name: 'Remittances' })
      .getByRole('cell', { name: /MCA-BACS-0001/ })
      .waitFor();
    await page.getByRole('table', { name: 'Claims' }).waitFor();
    await expectNoSeriousViolations(page);
    await page.context().close();
  });
});
