import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Fails on any serious or critical axe violation, naming the rule and elements. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  // Let a client-side navigation finish swapping the title in; a title that never
  // arrives still fails below as axe's `document-title`.
  await page
    .waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 5_000 })
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  expect(serious).toEqual([]);
}
