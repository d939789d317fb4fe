// People read words, names and pounds: as each demo role, walk every page the
// portal's navigation offers (and a participant and a claim where the role has
// them) at 1280 px and 390 px, and fail on any raw code the dictionary has
// words for (packages/domain/src/words/words.ts — or a milestone or payment
// group code from a programme definition), any id where a name belongs, and
// any page that scrolls sideways. Then the spend figures on screen must equal
// the API's totals for the whole filter, not the page of rows in view.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dictionaryCodes } from '@waymark/domain';
import { seedDemoData } from '../../../packages/db/src/seed';
import {
  horizontalOverflow,
  idsIn,
  rawCodesIn,
  visibleTexts,
  type ReadingProblem,
} from './support/page-words';
import { screenshotDir, startStack, type Stack } from './support/stack';

jest.setTimeout(900_000);

const PASSWORD = 'waymark-demo-2026';
// One demo user per (kind of organisation, role): Kestrel and Anvil read the same pages as Northbridge and Canal Side.
const ROLES = [
  'platform@waymark.test',
  'admin@mercia.test',
  'finance@mercia.test',
  'auditor@mercia.test',
  'caseworker@brindley-jobcentre.test',
  'admin@northbridge.test',
  'caseworker@northbridge.test',
  'finance@northbridge.test',
  'auditor@northbridge.test',
  'admin@canalside.test',
  'caseworker@canalside.test',
  'finance@canalside.test',
];

let stack: Stack | undefined;
let codes: Set<string>;
let idHeads: Set<string>;

beforeAll(async () => {
  stack = await startStack();
  await seedDemoData({ databaseUrl: stack.database.url });
  const pool = stack.database.pool;
  // Codes people must never read raw: the dictionary's, and every programme's milestone and payment group codes
  // long enough to be codes rather than names ("A" is a group's code and a word).
  const definitionCodes = await pool.query<{ code: string }>(
    `SELECT code FROM milestone_type UNION SELECT code FROM payment_group`,
  );
  codes = new Set([
    ...dictionaryCodes(),
    ...definitionCodes.rows
      .map((row) => row.code)
      .filter((code) => /^[A-Z][A-Z0-9_]{2,}$/.test(code)),
  ]);
  const ids = await pool.query<{ id: string }>(
    `SELECT id::text FROM app_user UNION SELECT id::text FROM organisation UNION SELECT id::text FROM prime_contract`,
  );
  idHeads = new Set(ids.rows.map((row) => row.id.slice(0, 8)));
  // The oversight figures come from summary tables the alert scan refreshes: run it once, as a commissioner would.
  const admin = await signInAs('admin@mercia.test');
  await admin.goto(`${stack.portalUrl}/alerts`);
  await admin.getByRole('button', { name: 'Run scan now' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Run the alert scan now?' });
  await dialog.getByRole('button', { name: 'Run scan' }).click();
  await admin.getByText(/Scan finished: \d+ new alert/).waitFor({ timeout: 120_000 });
  await admin.context().close();
}, 400_000);

afterAll(async () => {
  await stack?.stop();
});

async function signInAs(email: string): Promise<Page> {
  if (!stack) throw new Error('stack not started');
  const page = await stack.newPage();
  await page.goto(`${stack.portalUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${stack.portalUrl}/`);
  return page;
}

/**
 * Reads one page at 1280 px and lists what a person should not have to read. A record's own page (a participant, a
 * claim) is read again at 390 px: every navigation page is already walked at 390 px by portal-navigation.test.ts,
 * and reading it twice would cost the suite minutes for no new finding.
 */
async function readPage(page: Page, href: string): Promise<ReadingProblem[]> {
  const problems: ReadingProblem[] = [];
  await page.setViewportSize({ width: 1280, height: 860 });
  const response = await page.goto(`${stack?.portalUrl}${href}`, { waitUntil: 'networkidle' });
  if (!response || response.status() >= 400)
    return [{ page: href, problem: `answered ${response?.status() ?? 'nothing'}` }];
  const wide = await horizontalOverflow(page);
  if (wide > 0) problems.push({ page: href, problem: `scrolls sideways by ${wide}px at 1280px` });
  const texts = await visibleTexts(page);
  for (const code of rawCodesIn(texts, codes))
    problems.push({ page: href, problem: `shows the raw code ${code}` });
  for (const id of idsIn(texts, idHeads))
    problems.push({ page: href, problem: `shows the id ${id} where a name belongs` });
  if (!RECORD_PAGE.test(href)) return problems;
  // Load the page afresh at phone width (as a phone would), so charts measure 390px rather than shrink from 1280px.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload({ waitUntil: 'networkidle' });
  const narrow = await horizontalOverflow(page);
  if (narrow > 0)
    problems.push({ page: href, problem: `scrolls sideways by ${narrow}px at 390px` });
  return problems;
}

const RECORD_PAGE = /^\/(referrals|claims)\/[0-9a-f-]{36}$/;

/** The portal's own links in the navigation, then a participant and a claim where the role's lists link to one. */
async function pagesOf(page: Page): Promise<string[]> {
  const nav = await page
    .getByRole('navigation', { name: 'Portal' })
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  const pages = nav.filter((href) => href.startsWith('/'));
  for (const [list, pattern] of [
    ['/caseload', /^\/referrals\/[0-9a-f-]{36}$/],
    ['/referrals', /^\/referrals\/[0-9a-f-]{36}$/],
    ['/claims?view=all', /^\/claims\/[0-9a-f-]{36}$/],
  ] as const) {
    if (!pages.some((href) => list.startsWith(href) && href !== '/')) continue;
    await page.goto(`${stack?.portalUrl}${list}`);
    const detail = (
      await page
        .locator('main a[href]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
    ).find((href) => pattern.test(href));
    if (detail && !pages.includes(detail)) pages.push(detail);
  }
  return pages;
}

describe.each(ROLES)('as %s', (email) => {
  it('reads words, names and pounds on every page, with no sideways scroll at 1280 px or 390 px', async () => {
    const page = await signInAs(email);
    const problems: ReadingProblem[] = [];
    for (const href of await pagesOf(page)) problems.push(...(await readPage(page, href)));
    await page.context().close();
    expect(problems).toEqual([]);
  });
});

describe('spend', () => {
  it('shows the API’s totals for the whole filter, not the sum of the page of rows in view', async () => {
    const page = await signInAs('auditor@mercia.test');
    // A page of one row: any figure summed from the rows in view would fall short of the API's totals.
    const filter = 'by=subcontractor&from=2026-01&to=2026-12';
    const api = await page.request.get(`${stack?.portalUrl}/api/analytics/spend?${filter}&limit=1`);
    expect(api.status()).toBe(200);
    const { spend } = (await api.json()) as {
      spend: {
        rows: unknown[];
        nextCursor: string | null;
        totals: {
          remittedPence: string;
          passedDownPence: string;
          byKey: { label: string; passedDownPence: string }[];
        };
      };
    };
    expect(spend.nextCursor).not.toBeNull();
    await page.goto(`${stack?.portalUrl}/analytics/spend?${filter}`);
    const pounds = (pence: string) =>
      `£${(BigInt(pence) / 100n).toLocaleString('en-GB')}.${String(BigInt(pence) % 100n).padStart(2, '0')}`;
    await page.getByText(pounds(spend.totals.passedDownPence), { exact: true }).first().waitFor();
    await page.getByText(pounds(spend.totals.remittedPence), { exact: true }).first().waitFor();
    // The chart's series are the per-subcontractor totals over the whole filter: its data table says so.
    const chartTable = page.getByRole('table', { name: /Paid and passed down by subcontractor/ });
    for (const row of spend.totals.byKey
      .filter((entry) => BigInt(entry.passedDownPence) > 0n)
      .slice(0, 5)) {
      await chartTable
        .getByRole('row')
        .filter({ hasText: row.label })
        .getByText(pounds(row.passedDownPence), { exact: true })
        .waitFor();
    }
    await page.screenshot({
      path: path.join(screenshotDir, 'words-spend-1280.png'),
      fullPage: true,
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({
      path: path.join(screenshotDir, 'words-spend-390.png'),
      fullPage: true,
    });
    await page.context().close();
  });
});
