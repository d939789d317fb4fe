// Shared zod primitives for everything a caller sends (W13): hostile input is
// refused here, at the edge, as a 400 problem naming the field — never by
// PostgreSQL as a 500 (22021 NUL byte, 22008 year 0000, 22003 out of range).
// Every DTO and every CSV parser builds its input fields from these.
import { z } from 'zod';

// ── text ─────────────────────────────────────────────────────────────────
// As regular expressions (not refinements) so they reach openapi.json as each
// field's `pattern`, where clients and the contract test can see them.
/** No C0 control except tab, newline and carriage return; no DEL or C1 control. NUL (which PostgreSQL refuses in text) is among them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const WITHOUT_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
/** No control character at all, newlines and tabs included: for one-line values (names, references, codes). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ONE_LINE = /^[^\u0000-\u001F\u007F-\u009F]*$/;
/** An unpaired UTF-16 surrogate cannot be stored as UTF-8 (a client would send U+FFFD for it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether text carries a control character PostgreSQL or a reader should never see (newlines and tabs allowed when `multiline`). */
export function hasControlCharacters(
  value: string,
  options: { multiline?: boolean } = {},
): boolean {
  return !(options.multiline ? WITHOUT_CONTROL_CHARACTERS : ONE_LINE).test(value);
}

/** The text with every control character (newlines and tabs too) replaced by U+FFFD: for staging or reporting a value already refused. */
export function withoutControlCharacters(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\u0000-\u001F\u007F-\u009F]/g, '\uFFFD');
}

interface TextOptions {
  /** Longest accepted value (after trimming). */
  max: number;
  /** Shortest accepted value (after trimming); 1 by default, so a required text is never blank. */
  min?: number;
}

function boundedText(options: TextOptions, multiline: boolean) {
  const min = options.min ?? 1;
  let schema = z.string().trim();
  if (min > 0)
    schema = schema.min(min, min === 1 ? 'is required' : `must be at least ${min} characters`);
  return schema
    .max(options.max, `must be at most ${options.max} characters`)
    .regex(
      multiline ? WITHOUT_CONTROL_CHARACTERS : ONE_LINE,
      multiline
        ? 'must not contain control characters (newlines and tabs are allowed)'
        : 'must not contain control characters or line breaks',
    )
    .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode text');
}

/** One line of text: names, references, codes. Trimmed; no control characters at all. */
export const line = (options: TextOptions) => boundedText(options, false);
/**
 * Free text that may span lines: notes, reasons, messages. Trimmed; newline, carriage return and tab allowed, no other control
 * character.
 */
export const text = (options: TextOptions) => boundedText(options, true);

// ── day dates ────────────────────────────────────────────────────────────
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

interface DayDateOptions {
  /** Earliest accepted day (YYYY-MM-DD), inclusive. */
  from: string;
  /** Latest accepted day (YYYY-MM-DD), inclusive. */
  to: string;
  /** Also refuse days after today (UTC): the one check here that reads the clock, for days that cannot lie ahead (a birth). */
  notAfterToday?: boolean;
}

/** zod's own pattern for a real calendar day (leap years included). */
const ISO_DATE_PATTERN = z.iso.date()._zod.pattern;

/**
 * A calendar day as YYYY-MM-DD within a plausible range for its field.
 * The bounds are fixed days, so what a DTO accepts does not change with the
 * clock (but for `notAfterToday`); other rules relative to today belong in the service.
 */
export function dayDate(options: DayDateOptions) {
  if (!ISO_DAY.test(options.from) || !ISO_DAY.test(options.to) || options.from > options.to)
    throw new Error(`dayDate: bad range ${options.from}..${options.to}`);
  // The years go into the pattern (openapi.json shows it, query parameters included); the exact days into the refinement.
  const pattern = new RegExp(
    `^(?=${yearsPattern(Number(options.from.slice(0, 4)), Number(options.to.slice(0, 4)))}-)${ISO_DATE_PATTERN.source.slice(1)}`,
  );
  // Each refinement passes a value the pattern already refused, so a bad value gets one message.
  return z
    .stringFormat('date', pattern, {
      error: `must be a date (YYYY-MM-DD) between ${options.from} and ${options.to}`,
    })
    .refine(
      (value) => !pattern.test(value) || (value >= options.from && value <= options.to),
      `must be between ${options.from} and ${options.to}`,
    )
    .refine(
      (value) =>
        !options.notAfterToday ||
        !pattern.test(value) ||
        value <= new Date().toISOString().slice(0, 10),
      'must not be in the future',
    );
}

/** A regular expression matching the four-digit years from `from` to `to`: whole centuries as `(?:19|20)\d\d`. */
function yearsPattern(from: number, to: number): string {
  if (from % 100 === 0 && (to + 1) % 100 === 0) {
    const centuries = Array.from({ length: (to + 1 - from) / 100 }, (_, index) =>
      String(from / 100 + index),
    );
    return `(?:${centuries.join('|')})\\d\\d`;
  }
  return `(?:${Array.from({ length: to - from + 1 }, (_, index) => String(from + index)).join('|')})`;
}

/** A day in the life of a programme: activities, milestones, report filters, statement periods. */
export const PROGRAMME_DAYS = { from: '2000-01-01', to: '2099-12-31' } as const;
export const ProgrammeDay = dayDate(PROGRAMME_DAYS);
/**
 * A date of birth: from 1900, and never after today (the one bound here that reads the clock: a birth in the future is never
 * plausible).
 */
export const DateOfBirth = dayDate({ from: '1900-01-01', to: '2099-12-31', notAfterToday: true });

/** A month as YYYY-MM within the programme range (analytics periods). */
export const ProgrammeMonth = z
  .string()
  .regex(
    /^(20\d\d)-(0[1-9]|1[0-2])$/,
    `must be a month (YYYY-MM) between ${PROGRAMME_DAYS.from.slice(0, 7)} and ${PROGRAMME_DAYS.to.slice(0, 7)}`,
  );

// ── integers and pence ───────────────────────────────────────────────────
/** PostgreSQL integer (int4) bounds. */
export const INT4 = { min: -2_147_483_648, max: 2_147_483_647 } as const;
/** PostgreSQL bigint (int8) bounds: where pence are stored. */
export const INT8 = { min: -9_223_372_036_854_775_808n, max: 9_223_372_036_854_775_807n } as const;

interface IntOptions {
  min?: number;
  max?: number;
}

/** A JSON integer that fits an int4 column (or the narrower bounds given). */
export function int4(options: IntOptions = {}) {
  const min = Math.max(options.min ?? INT4.min, INT4.min);
  const max = Math.min(options.max ?? INT4.max, INT4.max);
  return z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

/** An integer from a query string or form field that fits an int4 column (or the narrower bounds given). */
export function queryInt4(options: IntOptions = {}) {
  const min = Math.max(options.min ?? INT4.min, INT4.min);
  const max = Math.min(options.max ?? INT4.max, INT4.max);
  return z.coerce
    .number('must be a whole number')
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

interface PenceOptions {
  /** Smallest accepted amount in pence (default: bigint minimum). */
  min?: bigint;
  /** Largest accepted amount in pence (default: bigint maximum). */
  max?: bigint;
}

/**
 * Integer pence as a string of digits (money never crosses JSON as a float),
 * within a bigint column's range or the narrower bounds given.
 */
export function pence(options: PenceOptions = {}) {
  const min = options.min ?? INT8.min;
  const max = options.max ?? INT8.max;
  const signed = min < 0n;
  // The pattern bounds the digits (visible in openapi.json); the refinement the exact range.
  const digits = Math.max(
    (min < 0n ? -min : min).toString().length,
    (max < 0n ? -max : max).toString().length,
  );
  return z
    .string()
    .regex(
      new RegExp(signed ? `^-?\\d{1,${digits}}$` : `^\\d{1,${digits}}$`),
      signed
        ? 'must be whole pence as a string of digits'
        : 'must be whole pence as a string of digits, not negative',
    )
    .refine((value) => {
      // Checks run on after a failed regex: only compare what is digits.
      if (!/^-?\d+$/.test(value)) return true;
      const amount = BigInt(value);
      return amount >= min && amount <= max;
    }, `must be between ${min} and ${max} pence`)
    .describe('Integer pence as a string of digits.');
}

/** A plausible money amount in pence: at most ±£10 billion, far inside bigint. */
export const MAX_AMOUNT_PENCE = 1_000_000_000_000n;
export const AmountPence = pence({ min: -MAX_AMOUNT_PENCE, max: MAX_AMOUNT_PENCE });
export const NonNegativePence = pence({ min: 0n, max: MAX_AMOUNT_PENCE });

/** Whether an amount in pence is a plausible money amount (within ±£10 billion): for parsers that read pounds. */
export function isPlausiblePence(amount: bigint): boolean {
  return amount >= -MAX_AMOUNT_PENCE && amount <= MAX_AMOUNT_PENCE;
}

// ── list queries ─────────────────────────────────────────────────────────
// The paging words every list takes (see common/paging/list-paging.ts); each list adds its own description.
/** An opaque `nextCursor` handed back: bounded, one line. */
export const ListCursor = line({ max: 200, min: 0 });
/** A page number for numbered paging, from 1. */
export const ListPage = z.coerce.number().int().min(1).max(100_000);
/** How many rows a page holds. */
export const ListLimit = z.coerce.number().int().min(1).max(200).default(50);

/** A `sort` word: one of the list's columns, `-` before it for descending. */
export function listSort<const Column extends string>(columns: readonly [Column, ...Column[]]) {
  return z.enum(
    columns.flatMap((column) => [column, `-${column}` as const]) as [
      Column | `-${Column}`,
      ...(Column | `-${Column}`)[],
    ],
  );
}
