// Notifications and the audit trail in a real browser, as the demo users: a
// charity's finance officer sees a claim query in the header count and the
// inbox, marks it read and turns its email off; the platform admin reads the
// email outbox; the commissioner's auditor browses, filters and exports the
// audit trail; a caseworker opens a claim's own trail. axe on every page.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { hashAuditEvent } from '../../api/src/common/audit/audit-chain';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';

jest.setTimeout(300_000);

let stack: Stack;
let claimId = '';
const QUERY_TITLE = 'Claim queried: Job start for participant (browser test)';

beforeAll(async () => {
  stack = await startStack({ demoData: true });
  const pool = stack.database.pool;
  const claim = await pool.query<{
    id: string;
    programme_id: string;
    organisation_id: string;
    finance_id: string;
  }>(
    `SELECT c.id, c.programme_id, o.id AS organisation_id, (SELECT u.id FROM app_user u WHERE u.email = 'finance@canalside.test') AS finance_id
       FROM claim c JOIN subcontract s ON s.id = c.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id
      WHERE o.name = 'Canal Side Community Trust' ORDER BY c.created_at LIMIT 1`,
  );
  const row = claim.rows[0];
  if (!row) throw new Error('the demo data has no Canal Side claim');
  claimId = row.id;
  // The seed writes no audit events: chain one for the claim, as AuditService.record would, so its trail has a story.
  const previous =
    (await pool.query<{ hash: Buffer }>('SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1'))
      .rows[0]?.hash ?? null;
  const event = {
    occurred_at: new Date(),
    actor_user_id: row.finance_id,
    actor_organisation_id: row.organisation_id,
    action: 'claim.submitted',
    entity_type: 'claim',
    entity_id: row.id,
    programme_id: row.programme_id,
    data: { from: 'DRAFT', to: 'SUBMITTED', reason: null },
  };
  await pool.query(
    `INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, programme_id, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      event.occurred_at,
      event.actor_user_id,
      event.actor_organisation_id,
      event.action,
      event.entity_type,
      event.entity_id,
      event.programme_id,
      event.data,
      previous,
      hashAuditEvent(previous, event),
    ],
  );
  // The notification a prime's query raises (NotificationsService.claimMoved), raised the same way: for Canal Side's finance people.
  await pool.query(
    `SELECT waymark_raise_notification('CLAIM_QUERIED', ARRAY[(SELECT id FROM organisation WHERE name = 'Canal Side Community Trust')], ARRAY['FINANCE'], '{}', NULL,
       $1, 'Northbridge Employment queried the claim: “The start date does not match the payslip”', $2, 'claim', $3, 'Northbridge Employment queried the claim.')`,
    [QUERY_TITLE, `/claims/${claimId}`, claimId],
  );
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

describe('notifications in the portal', () => {
  it('shows a charity’s finance officer the query in the header and the inbox; marking it read clears the count', async () => {
    const page = await signInAs(stack, 'finance@canalside.test', { landsOn: '/' });
    const header = page.getByTestId('header-notifications');
    expect((await header.innerText()).replace(/\s+/g, ' ')).toBe('Notifications 1 unread');
    await header.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const item = page.getByTestId('notification').filter({ hasText: QUERY_TITLE });
    await expect(item.getByRole('link', { name: QUERY_TITLE }).getAttribute('href')).resolves.toBe(
      `/claims/${claimId}`,
    );
    await expectNoSeriousViolations(page);
    await shot(page, 'notifications-inbox');
    await item.getByRole('button', { name: 'Mark as read' }).click();
    // The page and the header's count re-render together once it is read.
    await item.getByRole('button').waitFor({ state: 'detached' });
    await header.filter({ hasNotText: 'unread' }).waitFor();
    expect((await header.innerText()).trim()).toBe('Notifications');

    await go(page, '/account');
    const byEmail = page.getByRole('checkbox', { name: 'Claim queried by email' });
    expect(await byEmail.isChecked()).toBe(true);
    await byEmail.uncheck();
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await page.getByText('Notification settings saved.').waitFor();
    await page.reload();
    expect(await page.getByRole('checkbox', { name: 'Claim queried by email' }).isChecked()).toBe(
      false,
    );
    expect(await page.getByRole('checkbox', { name: 'Claim queried in Waymark' }).isChecked()).toBe(
      true,
    );
    await expectNoSeriousViolations(page);
    await page.context().close();
  });

  it('lets the platform admin read the email outbox with names and words', async () => {
    const page = await signInAs(stack, 'platform@waymark.test', { landsOn: '/' });
    await page.getByRole('link', { name: 'Email outbox' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Email outbox' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: QUERY_TITLE });
    await expect(row.innerText()).resolves.toContain('Canal Side Community Trust');
    await expect(row.innerText()).resolves.toMatch(/Waiting to send|Kept here \(no mail server\)/);
    await expectNoSeriousViolations(page);
    await page.context().close();
  });
});

describe('the audit trail in the portal', () => {
  it('lets the commissioner’s auditor browse, filter by action and export, with names and words', async () => {
    const page = await signInAs(stack, 'auditor@mercia.test', { landsOn: '/' });
    await go(page, '/audit');
    await page.getByTestId('audit-scope').waitFor();
    await page.getByLabel('Action').selectOption({ label: 'Signed in' });
    // Days as day, month and year boxes: from today (UTC, as the API counts days).
    const [year, month, day] = new Date().toISOString().slice(0, 10).split('-');
    const from = page.getByRole('group', { name: 'From' });
    await from.getByLabel('Day').fill(String(Number(day)));
    await from.getByLabel('Month').fill(String(Number(month)));
    await from.getByLabel('Year').fill(year!);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/action=auth.sign-in.*fromYear=/);
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    const text = await page.getByRole('table').innerText();
    expect(text).toContain('Signed in');
    expect(text).toContain('Mercia Combined Authority');
    expect(text).not.toMatch(/auth\.sign-in|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await page.getByTestId('pager-summary').innerText()).toMatch(
      /of \d+ events? · page 1 of \d+/,
    );
    await expectNoSeriousViolations(page);
    await shot(page, 'audit-trail');

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await page.request.get(`${stack?.portalUrl}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const [header, first] = (await csv.text()).trim().split('\n');
    expect(header).toBe(
      'occurred_at,actor,actor_organisation,action,action_code,record_type,record,record_id,programme,reason,actor_user_id,actor_organisation_id,seq',
    );
    expect(first).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,.*,Signed in,auth\.sign-in,/,
    );
    await page.getByRole('button', { name: 'Verify audit trail' }).waitFor();
    await page.context().close();
  });

  it('links a claim to its own trail for the caseworker who works on it', async () => {
    const page = await signInAs(stack, 'caseworker@canalside.test', { landsOn: '/' });
    await go(page, `/claims/${claimId}`);
    await page.getByRole('link', { name: 'Audit trail of this claim' }).click();
    await page.waitForURL(`${stack?.portalUrl}/claims/${claimId}/audit`);
    await page.getByText('Every event about this claim.').waitFor();
    const trail = await page.getByRole('table').innerText();
    expect(trail).toContain('Claim submitted to the prime');
    expect(trail).toContain('Canal Side Community Trust');
    await expectNoSeriousViolations(page);
    await page.context().close();
  });
});
