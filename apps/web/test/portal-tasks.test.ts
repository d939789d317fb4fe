// The five tasks of issue 17, done as people would: from the home page, through
// the portal's own links and buttons only (no typed addresses), counting every
// click and choice. Each ends on a screen that shows it worked, photographed at
// 1280 px and 390 px (docs/screenshots/task-*.png); the counts are printed and
// held to a ceiling so a change that adds steps shows up here.
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { fillDate } from './support/date-input';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';
import { step } from './support/step';

jest.setTimeout(600_000);

let stack: Stack;
let participant = '';
let primeFinance = '';
let claimUrl = '';
const counts: Record<string, number> = {};

beforeAll(async () => {
  stack = await startStack({ demoData: true });
  // An attached Canal Side participant with no job yet, and the finance user of that participant's prime.
  const found = await stack.database.pool.query<{ reference: string; prime_email: string }>(
    `SELECT p.reference, (SELECT u.email::text FROM app_user u WHERE u.organisation_id = pc.prime_id AND 'FINANCE' = ANY(u.roles::text[]) ORDER BY u.email LIMIT 1) AS prime_email
       FROM referral r JOIN participant p ON p.id = r.participant_id JOIN subcontract s ON s.id = r.subcontract_id
       JOIN organisation o ON o.id = s.subcontractor_id JOIN prime_contract pc ON pc.id = r.prime_contract_id
      WHERE o.name = 'Canal Side Community Trust' AND r.status = 'ATTACHED'
        AND EXISTS (SELECT 1 FROM needs_assessment na WHERE na.participant_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM job_spell j WHERE j.referral_id = r.id)
      ORDER BY p.reference LIMIT 1`,
  );
  participant = found.rows[0]?.reference ?? '';
  primeFinance = found.rows[0]?.prime_email ?? '';
  if (!participant || !primeFinance)
    throw new Error('the demo data has no attached Canal Side participant without a job');
  // The oversight figures come from summary tables the nightly scan refreshes: run it once, as a commissioner admin.
  const admin = await personAs('admin@mercia.test');
  await admin.page.goto(`${stack.portalUrl}/alerts`);
  await admin.page.getByRole('button', { name: 'Run scan now' }).click();
  await admin.page
    .getByRole('dialog', { name: 'Run the alert scan now?' })
    .getByRole('button', { name: 'Run scan' })
    .click();
  await admin.page.getByText(/Scan finished: \d+ new alert/).waitFor({ timeout: 120_000 });
  await admin.page.context().close();
}, 400_000);

afterAll(async () => {
  // The closing note quotes these counts.
  console.log(`Clicks and choices per task: ${JSON.stringify(counts, null, 2)}`);
  await stack?.stop();
});

/** A person's session that counts what they click and choose. */
async function personAs(email: string) {
  const page = await signInAs(stack, email, { landsOn: '/' });
  let clicks = 0;
  return {
    page,
    click: async (target: Locator) => {
      clicks += 1;
      await target.click();
    },
    choose: async (target: Locator, value: string | { label: string }) => {
      clicks += 1;
      await target.selectOption(value);
    },
    clicks: () => clicks,
  };
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name, exact: true });

async function photograph(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(screenshotDir, `task-${name}-1280.png`),
    fullPage: true,
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload({ waitUntil: 'networkidle' });
  await page.screenshot({ path: path.join(screenshotDir, `task-${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });
}

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

async function confirm(
  person: Awaited<ReturnType<typeof personAs>>,
  dialogName: RegExp | string,
  button: RegExp | string,
): Promise<void> {
  const dialog = person.page.getByRole('dialog', { name: dialogName });
  await person.click(dialog.getByRole('button', { name: button }));
  await dialog.waitFor({ state: 'hidden' });
}

it('the five tasks, from the home page', async () => {
  await step(
    'the charity’s caseworker logs a contact and a job start: one timeline entry each',
    async () => {
      const person = await personAs('caseworker@canalside.test');
      const { page } = person;
      await person.click(nav(page, 'Caseload'));
      await page.getByLabel('Participant reference').fill(participant);
      await person.click(page.getByRole('button', { name: 'Apply' }));
      await person.click(page.getByRole('link', { name: participant, exact: true }));
      const log = page.getByRole('region', { name: 'Log an activity' });
      await person.click(log.getByRole('button', { name: 'Log activity' }));
      await page.getByRole('status').getByText('Contact logged.').waitFor();
      await person.choose(log.getByLabel('What happened'), 'JOB_START');
      await log.getByLabel('Employer').fill('Brindleyplace Hotel');
      await log.getByLabel('Hours per week').fill('30');
      await log.getByLabel('Hourly pay (£)').fill('12.60');
      await person.click(log.getByRole('button', { name: 'Log activity' }));
      await page.getByRole('status').getByText('Job start logged.').waitFor();
      counts['charity logs a contact and a job start'] = person.clicks();

      const timeline = page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText('Brindleyplace Hotel, 30 h/week at £12.60/hour').waitFor();
      await expect(timeline.getByText('Job start', { exact: true }).count()).resolves.toBe(1);
      await expect(timeline.getByText('Activity', { exact: true }).count()).resolves.toBe(0);
      expect(person.clicks()).toBeLessThanOrEqual(6);
      await photograph(page, '1-caseworker-job-start');
      await page.context().close();
    },
  );

  await step(
    'the charity drafts the claim with its evidence, and its finance officer submits it',
    async () => {
      // Drafting is the caseworker's on this branch (CLAIM_MAKERS: caseworker, admin); the access-policy work lets the
      // finance officer open the participant and draft too, by the same clicks.
      const drafter = await personAs('caseworker@canalside.test');
      const { page } = drafter;
      await drafter.click(nav(page, 'Caseload'));
      await page.getByLabel('Participant reference').fill(participant);
      await drafter.click(page.getByRole('button', { name: 'Apply' }));
      await drafter.click(page.getByRole('link', { name: participant, exact: true }));
      await drafter.click(
        page
          .getByRole('region', { name: 'Milestone forecast' })
          .getByRole('button', { name: 'Draft a claim for Job start' }),
      );
      await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
      claimUrl = new URL(page.url()).pathname;
      await page
        .getByLabel('Upload evidence')
        .setInputFiles({ name: 'payslip.pdf', mimeType: 'application/pdf', buffer: aSmallPdf() });
      await drafter.click(page.getByRole('button', { name: 'Upload', exact: true }));
      await page.getByRole('status').getByText('Uploaded payslip.pdf.').waitFor();
      // The draft is not the caseworker's to submit, and the page says whose it is.
      await page
        .getByText(/^Waiting for Canal Side Community Trust finance to submit to the prime\.$/)
        .waitFor();
      counts['charity drafts a claim with evidence (caseworker)'] = drafter.clicks();
      await page.context().close();

      const person = await personAs('finance@canalside.test');
      await person.click(nav(person.page, 'Claims'));
      await person.page.getByRole('heading', { level: 1, name: 'Claims inbox' }).waitFor();
      // Newest first: the draft just made heads the inbox.
      await person.click(person.page.locator(`a[href="${claimUrl}"]`).first());
      await person.click(person.page.getByRole('button', { name: 'Submit to prime' }));
      await confirm(person, 'Submit to prime this claim?', 'Confirm: submit to prime');
      await person.page.getByText('Submitted', { exact: true }).first().waitFor();
      counts['charity finance submits the claim'] = person.clicks();
      await person.page
        .getByText(/^Waiting for .+ finance to approve, reject or query\.$/)
        .waitFor();
      expect(drafter.clicks() + person.clicks()).toBeLessThanOrEqual(10);
      await photograph(person.page, '2-charity-finance-submitted');
      await person.page.context().close();
    },
  );

  await step('the prime’s finance officer approves it from the claims inbox', async () => {
    const person = await personAs(primeFinance);
    const { page } = person;
    await person.click(nav(page, 'Claims'));
    await page.getByRole('heading', { level: 1, name: 'Claims inbox' }).waitFor();
    // Newest first: the claim just submitted heads the inbox.
    await person.click(page.locator(`a[href="${claimUrl}"]`).first());
    await person.click(page.getByRole('button', { name: 'Approve', exact: true }));
    await confirm(person, /Approve this claim/, /Confirm: approve/);
    await page.getByText('Prime approved', { exact: true }).first().waitFor();
    counts['prime finance approves it'] = person.clicks();
    expect(person.clicks()).toBeLessThanOrEqual(5);
    await photograph(page, '3-prime-finance-approved');
    await page.context().close();
  });

  await step(
    'the commissioner’s auditor finds and exports what one subcontractor was paid this year',
    async () => {
      const person = await personAs('auditor@mercia.test');
      const { page } = person;
      await person.click(nav(page, 'Oversight'));
      await person.click(
        page
          .getByRole('navigation', { name: 'Oversight views' })
          .getByRole('link', { name: 'Spend' }),
      );
      await page.getByRole('heading', { level: 1, name: 'Where the money went' }).waitFor();
      await person.choose(page.getByRole('combobox', { name: /^Subcontractor/ }), {
        label: 'Canal Side Community Trust',
      });
      const year = String(new Date().getUTCFullYear());
      for (const [label, month] of [
        ['From month', '1'],
        ['To month', '12'],
      ] as const) {
        const group = page.getByRole('group', { name: label });
        await group.getByLabel('Month', { exact: true }).fill(month);
        await group.getByLabel('Year', { exact: true }).fill(year);
      }
      await person.click(page.getByRole('button', { name: 'Apply' }));
      await page.waitForURL(/subcontractorId=/);
      const passedDown = page.getByText('Passed down to subcontractors', { exact: true });
      await passedDown.waitFor();
      const download = page.waitForEvent('download');
      await person.click(page.getByRole('link', { name: 'Download XLSX of spend' }));
      const file = await (await download).path();
      counts['commissioner auditor finds and exports one subcontractor’s year'] = person.clicks();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      expect(header).toEqual(
        expect.arrayContaining(['label', 'passedDownPence', 'passedDownPounds']),
      );
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        expect(row.getCell(header.indexOf('label') + 1).value).toBe('Canal Side Community Trust');
        expect(typeof row.getCell(header.indexOf('passedDownPounds') + 1).value).toBe('number');
      });
      expect(sheet.rowCount).toBeGreaterThan(1);
      expect(person.clicks()).toBeLessThanOrEqual(6);
      await photograph(page, '4-auditor-spend-one-subcontractor');
      await page.context().close();
    },
  );

  await step('the jobcentre refers one person', async () => {
    const person = await personAs('caseworker@brindley-jobcentre.test');
    const { page } = person;
    await person.click(nav(page, 'Referrals'));
    const form = page.getByRole('region', { name: 'Refer a participant' });
    await form.getByLabel('National Insurance number').fill(`JH${String(Date.now()).slice(-6)}C`);
    await fillDate(form, 'Date of birth', '1984-03-09');
    await person.choose(form.getByLabel('Benefit type'), 'UC');
    const contracts = await form
      .getByLabel('Prime contract')
      .locator('option')
      .evaluateAll((options) =>
        options.map((option) => (option as HTMLOptionElement).value).filter(Boolean),
      );
    await person.choose(form.getByLabel('Prime contract'), contracts[0] ?? '');
    await person.click(form.getByRole('button', { name: 'Send referral' }));
    await form.getByRole('status').filter({ hasText: 'Referral sent' }).waitFor();
    counts['jobcentre refers one person'] = person.clicks();
    expect(person.clicks()).toBeLessThanOrEqual(4);
    await photograph(page, '5-jobcentre-referral-sent');
    await page.context().close();
  });
});
