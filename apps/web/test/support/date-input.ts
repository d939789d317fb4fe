// Filling a GOV.UK-pattern date input (components/date-input.tsx): the group is
// found by its legend, then its Day, Month and Year fields are typed into.
import type { Locator, Page } from 'playwright-core';

export async function fillDate(
  scope: Page | Locator,
  label: string | RegExp,
  isoDay: string,
): Promise<void> {
  const [year, month, day] = isoDay.split('-');
  const group = scope.getByRole('group', { name: label, exact: typeof label === 'string' });
  await group.getByLabel('Day', { exact: true }).fill(String(Number(day)));
  await group.getByLabel('Month', { exact: true }).fill(String(Number(month)));
  await group.getByLabel('Year', { exact: true }).fill(year ?? '');
}
