import { type DayDate } from '../vocabulary.js';
import { addDays } from './add-days.js';

export function addWeeks(date: DayDate, weeks: number): DayDate {
  return addDays(date, weeks * 7);
}
