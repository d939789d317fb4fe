import { DomainError } from '../errors/domain-error.js';
import { type DayDate } from '../vocabulary.js';
import { addDays } from './add-days.js';
import { DateError } from './date.errors.js';
import { isWorkingDay } from './is-working-day.js';

/**
 * The date `workingDays` working days after `date` (date itself not counted), skipping weekends
 * and the given holidays. Used for the Work Programme rule that a sustainment payment is
 * claimable 15 working days after its period ends.
 */
export function addWorkingDays(
  date: DayDate,
  workingDays: number,
  holidays: readonly DayDate[] = [],
): DayDate {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new DomainError(
      DateError.INVALID_DAY_COUNT,
      `working days must be a whole number ≥ 0, got ${workingDays}`,
      {
        workingDays,
      },
    );
  }
  let current = date;
  let remaining = workingDays;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, holidays)) remaining -= 1;
  }
  return current;
}
