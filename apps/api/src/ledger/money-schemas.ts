// Shapes every money area shares: pence as strings of digits (no float ever
// touches money), ISO day dates, and a period.
import { isDayDate } from '@waymark/domain';
import { z } from 'zod';

export const Pence = z.string().regex(/^-?\d+$/).describe('Integer pence as a string of digits, e.g. "120000" for £1,200.00.');
export const DayDate = z
  .string()
  .refine((value) => isDayDate(value), { message: 'must be a date YYYY-MM-DD' })
  .describe('ISO day date, YYYY-MM-DD.');
export { IdParams } from '../common/dto/id-params';

/** bigint or numeric-string pence → the JSON form. */
export const pence = (value: bigint | string | number | null | undefined): string => (value === null || value === undefined ? '0' : BigInt(value).toString());
