import { DomainError } from '../errors/domain-error.js';
import { type DayDate } from '../vocabulary.js';
import { DateError } from './date.errors.js';

const MS_PER_DAY = 86_400_000;
const DAY_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (UTC) for an ISO day date; throws on anything that is not a real calendar day. */
export function toEpochDay(date: DayDate): number {
  const match = DAY_DATE.exec(date);
  if (!match) {
    throw new DomainError(
      DateError.INVALID_DAY_DATE,
      `"${date}" is not a day date; expected YYYY-MM-DD`,
      { date },
    );
  }
  const [, year, month, day] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (fromEpochDay(ms / MS_PER_DAY) !== date) {
    throw new DomainError(DateError.INVALID_DAY_DATE, `"${date}" is not a real calendar day`, {
      date,
    });
  }
  return ms / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): DayDate {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}
