// One renderer each for what people read beside the dictionary: money, days and people.
import { formatPence } from '../money/format-pence.js';

/** Pence as pounds with pence, a negative amount in brackets as accounts show it: `-123456n → "(£1,234.56)"`. */
export function formatPounds(amountPence: bigint): string {
  return amountPence < 0n ? `(${formatPence(-amountPence)})` : formatPence(amountPence);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** An ISO day (`2027-06-06`) in words as UK readers write it: "6 June 2027". Anything else is returned as given. */
export function formatDayInWords(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.slice(0, 10));
  if (!match) return day;
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${Number(match[3])} ${month} ${match[1]}` : day;
}

/** "30 h/week at £12.60/hour"; either part left out when unknown. */
export function formatHourlyPay({
  hoursPerWeek,
  hourlyPayPence,
}: {
  hoursPerWeek: number | null;
  hourlyPayPence: bigint | null;
}): string {
  return [
    hoursPerWeek === null ? null : `${hoursPerWeek} h/week`,
    hourlyPayPence === null ? null : `${formatPence(hourlyPayPence)}/hour`,
  ]
    .filter(Boolean)
    .join(' at ');
}

/** A person as others read them: "Priya Shah, Canal Side Community Trust"; the system when nobody acted. */
export function formatPerson(
  person: { displayName: string | null; organisationName?: string | null } | null | undefined,
  nobody = 'the system',
): string {
  if (!person?.displayName) return nobody;
  return person.organisationName
    ? `${person.displayName}, ${person.organisationName}`
    : person.displayName;
}

/**
 * A rule's explanation as people read it: milestone codes become the definition's names ("no ACTION_PLAN #1
 * recorded" → "no Action plan recorded"), anchors like JOB_START too, and ISO days become words.
 */
export function explainInWords(text: string, milestoneNames: ReadonlyMap<string, string>): string {
  return text
    .replace(
      /\b([A-Z][A-Z0-9_]+)\b(?: #(\d+))?/g,
      (whole, code: string, occurrence: string | undefined) => {
        const name = milestoneNames.get(code);
        if (!name) return whole;
        return occurrence && occurrence !== '1' ? `${name} ${occurrence}` : name;
      },
    )
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (day: string) => formatDayInWords(day));
}
