import { DomainError } from '../errors/domain-error.js';
import { type DayDate } from '../vocabulary.js';
import { DateError } from './date.errors.js';
import { fromEpochDay, toEpochDay } from './epoch-day.js';

/** Adds calendar months; a day that does not exist in the target month clamps to its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: DayDate, months: number): DayDate {
  if (!Number.isInteger(months)) {
    throw new DomainError(
      DateError.INVALID_DAY_COUNT,
      `month count must be a whole number, got ${months}`,
      { months },
    );
  }
  const start = new Date(toEpochDay(date) * 86_400_000);
  const monthIndex = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), monthIndex + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return fromEpochDay(Date.UTC(start.getUTCFullYear(), monthIndex, day) / 86_400_000);
}
