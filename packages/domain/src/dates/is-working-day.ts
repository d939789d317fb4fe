import { type DayDate } from '../vocabulary.js';
import { toEpochDay } from './epoch-day.js';

/** Monday to Friday and not in `holidays` (bank holidays are data the caller supplies). */
export function isWorkingDay(date: DayDate, holidays: readonly DayDate[] = []): boolean {
  // 1970-01-01 was a Thursday, so epoch day 0 has weekday index 4 (0 = Sunday).
  const weekday = (((toEpochDay(date) + 4) % 7) + 7) % 7;
  if (weekday === 0 || weekday === 6) return false;
  return !holidays.includes(date);
}
