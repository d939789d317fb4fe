// Global search and saved filters in the portal, in Chromium against the built
// API and portal with the demo data: Canal Side's caseworker finds one of their
// participants from the header's search box and opens the result; another
// subcontractor's participant is not found; a caseload filter is saved, listed
// and applied again.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectNoSeriousViolations } from './support/axe';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { signInAs } from './support/sign-in';

jest.setTimeout(240_000);

let stack: Stack;
let ours = { reference: '', referralId: '' };
let theirs = '';

const referenceOf = (subcontractor: string) =>
  stack.database.pool.query<{ reference: string; referral_id: string }>(
    `SELECT p.reference, r.id AS referral_id
       FROM referral r JOIN participant p ON p.id = r.participant_id
       JOIN subcontract s ON s.id = r.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id
      WHERE o.name = $1 AND NOT EXISTS (SELECT 1 FROM referral later WHERE later.participant_id = p.id AND later.received_at > r.received_at)
      ORDER BY p.reference LIMIT 1`,
    [subcontractor],
  );

beforeAll(async () => {
  stack = await startStack({ demoData: true });
  const canalSide = (await referenceOf('Canal Side Community Trust')).rows[0]!;
  ours = { reference: canalSide.reference, referralId: canalSide.referral_id };
  theirs = (await referenceOf('Foundry Futures')).rows[0]!.reference;
});

afterAll(async () => {
  await stack?.stop();
});

async function searchFromHeader(page: Page, query: string): Promise<void> {
  const box = page.getByRole('search', { name: 'Search Waymark' }).getByRole('searchbox');
  await box.fill(query);
  await box.press('Enter');
}

describe('portal search', () => {
  it('finds your own participant from the header and opens their referral; another subcontractor’s participant is not found', async () => {
    const page = await signInAs(stack, 'caseworker@canalside.test');
    // Typed in lower case, as people do.
    await searchFromHeader(page, ours.reference.toLowerCase());
    await page.waitForURL((url) => url.pathname === '/search');
    const results = page.getByTestId('search-results');
    const link = results.getByRole('link', { name: `Participant ${ours.reference}` });
    await link.waitFor({ timeout: 30_000 });
    await results
      .getByText(/delivered by Canal Side Community Trust/)
      .first()
      .waitFor();
    // The query stays out of every URL the browser requests: it rides in the fragment.
    expect(new URL(page.url()).search).toBe('');
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: path.join(screenshotDir, 'search.png'), fullPage: true });

    // A search from the results page itself replaces the results.
    await searchFromHeader(page, theirs);
    await results
      .getByText(`Nothing you can see matches “${theirs}”.`)
      .waitFor({ timeout: 30_000 });

    await page.goBack();
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await page.waitForURL((url) => url.pathname === `/referrals/${ours.referralId}`, {
      timeout: 60_000,
    });
    await page.getByText(ours.reference).first().waitFor();
  });

  it('saves a caseload filter under a name, lists it, applies it and deletes it', async () => {
    const page = await signInAs(stack, 'caseworker@canalside.test');
    await page.goto(`${stack.portalUrl}/caseload?status=ATTACHED`);
    const saved = page.getByTestId('saved-filters');
    await saved.getByText('None yet.', { exact: false }).waitFor({ timeout: 30_000 });
    await saved.getByLabel('Save this filter as').fill('Attached participants');
    await saved.getByRole('button', { name: 'Save this filter' }).click();
    const filterLink = saved.getByRole('link', { name: 'Attached participants' });
    await filterLink.waitFor({ timeout: 30_000 });
    await expectNoSeriousViolations(page);
    await saved.screenshot({ path: path.join(screenshotDir, 'saved-filters.png') });

    await page.goto(`${stack.portalUrl}/caseload`);
    await filterLink.click();
    await page.waitForURL(
      (url) => url.pathname === '/caseload' && url.searchParams.get('status') === 'ATTACHED',
      { timeout: 60_000 },
    );

    await saved.getByRole('button', { name: 'Delete saved filter Attached participants' }).click();
    await saved.getByText('None yet.', { exact: false }).waitFor({ timeout: 30_000 });
  });
});
