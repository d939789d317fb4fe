import { type DayDate } from '../vocabulary.js';
import { toEpochDay } from './epoch-day.js';

/** Whole days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetween(from: DayDate, to: DayDate): number {
  return toEpochDay(to) - toEpochDay(from);
}
