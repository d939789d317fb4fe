// Shapes every money area shares: pence as strings of digits (no float ever
// touches money), ISO day dates, and a period.
import { z } from 'zod';
import { ProgrammeDay } from '../common/dto/primitives';

export const Pence = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Integer pence as a string of digits, e.g. "120000" for £1,200.00.');
/** A day in a programme's life (2000–2099): year 0000 is refused here, not by PostgreSQL. */
export const DayDate = ProgrammeDay.describe('ISO day date, YYYY-MM-DD.');
export { IdParams } from '../common/dto/id-params';
