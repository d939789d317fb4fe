// Every demo role walks every link of its navigation on a 390 px phone: no
// link may end in an authorisation error ("This action needs one of the
// roles…") — the nav is derived from the API's own policy table, so a role
// sees only what it may open — and no page may scroll sideways.
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemoData } from '../../../packages/db/src/seed';
import { DEMO_ORGANISATIONS } from '../../../packages/db/src/seed/demo-parties';
import { startStack, type Stack } from './support/stack';

jest.setTimeout(900_000);

let stack: Stack | undefined;
beforeAll(async () => {
  stack = await startStack();
  await seedDemoData({ databaseUrl: stack.database.url });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

const portal = () => {
  if (!stack) throw new Error('stack not started');
  return stack;
};

/** One login per party kind × role among the demo logins (the sign-in page lists them). */
const ROLES_TO_WALK = [
  ...new Map(
    DEMO_ORGANISATIONS.flatMap((organisation) =>
      organisation.users
        .filter((user) => user.login)
        .map(
          (user) =>
            [
              `${organisation.kind} ${user.roles.join('+')}`,
              { who: `${organisation.kind} ${user.roles.join('+')}`, email: user.email },
            ] as const,
        ),
    ),
  ).values(),
];

/** The words of the API's authorisation refusals (common/auth/access.guard.ts), as a page shows them. */
const AUTHORISATION_ERRORS = [
  /This action needs one of the roles/,
  /This action is for [A-Z_ /]+ organisations/,
  /API keys cannot call this route/,
  /No record with that id is visible to your organisation/,
];

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${portal().portalUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

async function problemsOn(page: Page, href: string): Promise<string[]> {
  const response = await page.goto(`${portal().portalUrl}${href}`);
  await page.waitForLoadState('load');
  const problems: string[] = [];
  if (!response || response.status() >= 400)
    problems.push(`answered ${response?.status() ?? 'nothing'}`);
  const text = await page.locator('main, body').first().innerText();
  for (const pattern of AUTHORISATION_ERRORS) {
    const match = pattern.exec(text);
    if (match) problems.push(`says "${match[0]}"`);
  }
  const overflow = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (overflow.scrollWidth > overflow.clientWidth)
    problems.push(`scrolls sideways (${overflow.scrollWidth} px wide in ${overflow.clientWidth})`);
  return problems;
}

describe('portal navigation', () => {
  it('has a demo login for every party kind', () => {
    expect(new Set(ROLES_TO_WALK.map((login) => login.who.split(' ')[0]))).toEqual(
      new Set(['PLATFORM', 'COMMISSIONER', 'REFERRAL_PARTNER', 'PRIME', 'SUBCONTRACTOR']),
    );
  });

  it('leads every demo role only to pages it may use, none wider than a 390 px phone', async () => {
    const failures: string[] = [];
    let linksWalked = 0;
    for (const { who, email } of ROLES_TO_WALK) {
      const context = await portal().browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: 'en-GB',
      });
      const page = await context.newPage();
      await signIn(page, email);
      const hrefs = await page
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(1);
      for (const href of hrefs) {
        linksWalked += 1;
        for (const problem of await problemsOn(page, href))
          failures.push(`${who} (${email}) ${href}: ${problem}`);
      }
      await context.close();
    }
    expect(linksWalked).toBeGreaterThan(ROLES_TO_WALK.length * 2);
    expect(failures).toEqual([]);
  });
});
