import { DomainError } from '../errors/domain-error.js';
import { type DayDate } from '../vocabulary.js';
import { DateError } from './date.errors.js';
import { fromEpochDay, toEpochDay } from './epoch-day.js';

export function addDays(date: DayDate, days: number): DayDate {
  if (!Number.isInteger(days)) {
    throw new DomainError(
      DateError.INVALID_DAY_COUNT,
      `day count must be a whole number, got ${days}`,
      { days },
    );
  }
  return fromEpochDay(toEpochDay(date) + days);
}
