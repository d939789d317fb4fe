// The portal's renderers: every page shows money, days and people through these,
// which wrap the domain's (packages/domain/src/words) so exports read the same.
import { formatDayInWords, formatPerson, formatPounds } from '@waymark/domain';

// Instants as people in the UK read them, in UK time whatever the server's zone,
// so the server render and the browser agree.
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });

export function formatDateTime(iso: string | null, never = 'Never'): string {
  return iso ? DATE_TIME.format(new Date(iso)) : never;
}

/** A day ("2027-06-06" → "6 June 2027") or an instant's UK day, in words. */
export function formatDate(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDayInWords(iso) : DATE.format(new Date(iso));
}

/** A month ("2026-03") in words: "March 2026". */
export function formatMonth(month: string): string {
  return formatDayInWords(`${month}-01`).replace(/^1 /, '');
}

/** Money crosses the API as a string of pence ("120000"); shown as pounds, negative in brackets, never through a float. */
export function formatMoney(pence: string | number | bigint | null | undefined): string {
  if (pence === null || pence === undefined || pence === '') return '—';
  return formatPounds(BigInt(pence));
}

/** A person as others read them: name and organisation, never an id. */
export { formatPerson };

/**
 * What a person typed as pounds ("1,234.56", "£1234.5") → pence as a string of digits, never through
 * a float; null when it is not an amount with at most `maxPoundsDigits` digits of pounds.
 */
export function poundsToPence(
  text: string,
  { maxPoundsDigits = 10 }: { maxPoundsDigits?: number } = {},
): string | null {
  const cleaned = text.replace(/[£,\s]/g, '');
  if (!new RegExp(`^\\d{1,${maxPoundsDigits}}(\\.\\d{1,2})?$`).test(cleaned)) return null;
  const [pounds, pence = ''] = cleaned.split('.');
  return (BigInt(pounds ?? '0') * 100n + BigInt(pence.padEnd(2, '0') || '0')).toString();
}

/** Pence (a string of digits) → what a pounds field starts with ("1250.00"), the inverse of poundsToPence; no float. */
export function penceToPoundsText(pence: string): string {
  const value = BigInt(pence);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
