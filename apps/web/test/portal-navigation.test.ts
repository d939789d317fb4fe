// Every demo role walks every link of its navigation (and a participant and a
// claim where its lists link to one), as the portal's own words promise:
// - no page answers an authorisation error ("This action needs one of the
//   roles…"): the navigation is derived from the API's own policy table, so a
//   role sees only what it may open;
// - no page shows a raw code the dictionary has words for
//   (packages/domain/src/words/words.ts, or a programme's milestone or payment
//   group code), nor an id where a name belongs;
// - no page scrolls sideways on a 390 px phone or at 1280 px.
// Then the spend figures on screen must equal the API's totals for the whole
// filter, not the page of rows in view.
//
// Each page is loaded once, fresh at 390 px as a phone would (so charts measure
// the phone's width), then widened to 1280 px and read: one load per page keeps
// this walk — the suite's longest — to minutes.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dictionaryCodes } from '@waymark/domain';
import { DEMO_LOGIN_ROLES } from '../../../packages/db/src/seed/demo-parties';
import {
  horizontalOverflow,
  idsIn,
  rawCodesIn,
  visibleTexts,
  type ReadingProblem,
} from './support/page-words';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';

jest.setTimeout(900_000);

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

/** The words of the API's authorisation refusals (common/auth/access.guard.ts), as a page shows them. */
const AUTHORISATION_ERRORS = [
  /This action needs one of the roles/,
  /This action is for [A-Z_ /]+ organisations/,
  /API keys cannot call this route/,
  /No record with that id is visible to your organisation/,
];

let stack: Stack | undefined;
let codes: Set<string>;
let idHeads: Set<string>;

const portal = () => {
  if (!stack) throw new Error('stack not started');
  return stack;
};

beforeAll(async () => {
  stack = await startStack({ demoData: true });
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
  const admin = await signInAs(portal(), 'admin@mercia.test', { viewport: DESKTOP });
  await admin.goto(`${portal().portalUrl}/alerts`);
  await admin.getByRole('button', { name: 'Run scan now' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Run the alert scan now?' });
  await dialog.getByRole('button', { name: 'Run scan' }).click();
  await admin.getByText(/Scan finished: \d+ new alert/).waitFor({ timeout: 120_000 });
  await admin.context().close();
}, 400_000);

afterAll(async () => {
  await stack?.stop();
});

/** Waits until the browser has laid the page out at its new size (and resize observers, such as charts', have run). */
async function settleLayout(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}

/** Loads one page fresh at 390 px, then reads it at 1280 px, and lists what a person should not meet. */
async function problemsOn(page: Page, href: string): Promise<ReadingProblem[]> {
  const problems: ReadingProblem[] = [];
  await page.setViewportSize(PHONE);
  const response = await page.goto(`${portal().portalUrl}${href}`, { waitUntil: 'load' });
  if (!response || response.status() >= 400)
    return [{ page: href, problem: `answered ${response?.status() ?? 'nothing'}` }];
  const narrow = await horizontalOverflow(page);
  if (narrow > 0)
    problems.push({ page: href, problem: `scrolls sideways by ${narrow}px at 390px` });

  await page.setViewportSize(DESKTOP);
  await settleLayout(page);
  const wide = await horizontalOverflow(page);
  if (wide > 0) problems.push({ page: href, problem: `scrolls sideways by ${wide}px at 1280px` });
  const texts = await visibleTexts(page);
  for (const pattern of AUTHORISATION_ERRORS)
    for (const text of texts)
      if (pattern.test(text)) problems.push({ page: href, problem: `says "${text}"` });
  for (const code of rawCodesIn(texts, codes))
    problems.push({ page: href, problem: `shows the raw code ${code}` });
  for (const id of idsIn(texts, idHeads))
    problems.push({ page: href, problem: `shows the id ${id} where a name belongs` });
  return problems;
}

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
    await page.goto(`${portal().portalUrl}${list}`);
    const detail = (
      await page
        .locator('main a[href]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
    ).find((href) => pattern.test(href));
    if (detail && !pages.includes(detail)) pages.push(detail);
  }
  return pages;
}

it('has a demo login for every party kind', () => {
  expect(new Set(DEMO_LOGIN_ROLES.map((login) => login.who.split(' ')[0]))).toEqual(
    new Set(['PLATFORM', 'COMMISSIONER', 'REFERRAL_PARTNER', 'PRIME', 'SUBCONTRACTOR']),
  );
});

describe.each(DEMO_LOGIN_ROLES)('as $who ($email)', ({ email }) => {
  it('every page it is led to opens, in words, names and pounds, and fits a 390 px phone and 1280 px', async () => {
    const page = await signInAs(portal(), email, { viewport: DESKTOP });
    const pages = await pagesOf(page);
    expect(pages.length).toBeGreaterThan(1);
    const problems: ReadingProblem[] = [];
    for (const href of pages) problems.push(...(await problemsOn(page, href)));
    await page.context().close();
    expect(problems).toEqual([]);
  });
});

describe('spend', () => {
  it('shows the API’s totals for the whole filter, not the sum of the page of rows in view', async () => {
    const page = await signInAs(portal(), 'auditor@mercia.test', { viewport: DESKTOP });
    // A page of one row: any figure summed from the rows in view would fall short of the API's totals.
    const filter = 'by=subcontractor&from=2026-01&to=2026-12';
    const api = await page.request.get(
      `${portal().portalUrl}/api/analytics/spend?${filter}&limit=1`,
    );
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
    await page.goto(`${portal().portalUrl}/analytics/spend?${filter}`);
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
    await page.setViewportSize(PHONE);
    await page.screenshot({
      path: path.join(screenshotDir, 'words-spend-390.png'),
      fullPage: true,
    });
    await page.context().close();
  });
});
