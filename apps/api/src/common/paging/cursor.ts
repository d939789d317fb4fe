// The one paging-cursor codec (W16). Every keyset list hands out the last row's
// sort key as `nextCursor` and takes it back as `?cursor=`: the key's parts,
// in order, as base64url JSON. Callers treat a cursor as opaque. Each list
// says what its parts are; a cursor that does not decode to exactly those
// parts is a 400 problem naming `query.cursor` — never a failed cast in SQL (a 500).
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** zod's own pattern for a real calendar day (leap years included), without its anchors. */
const CALENDAR_DAY = z.iso.date()._zod.pattern.source.replace(/^\^|\$$/g, '');
/** An instant as ISO 8601 or as PostgreSQL prints a timestamptz (`2026-12-06 14:24:33.123456+00`). */
const INSTANT = new RegExp(
  `^${CALENDAR_DAY}[ T]([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,6})?([+-]\\d{2}(:?\\d{2})?|Z)?$`,
);

/** The kinds of value a cursor part may hold: each one PostgreSQL casts without error. */
export const CursorPart = {
  uuid: z.string().regex(UUID),
  instant: z.string().regex(INSTANT),
  day: z.string().regex(new RegExp(`^${CALENDAR_DAY}$`)),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  /** A bigint sequence number as text. */
  sequence: z.string().regex(/^\d{1,18}$/),
  /** Short plain text (a grouping key, a sort name). */
  text: z.string().max(100),
} as const;

type Parts = readonly [z.ZodType<string>, ...z.ZodType<string>[]];

/** The cursor that continues a list after the row whose sort key is `key`. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key a cursor carries, checked part by part against `parts`; undefined when there is no cursor (the first page).
 * `issuedFor` names what else the cursor is bound to (e.g. "this sort"), for the problem's message.
 */
export function decodeCursor<const P extends Parts>(
  cursor: string | undefined,
  parts: P,
  options: { issuedFor?: string } = {},
): { [K in keyof P]: z.output<P[K]> } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = z.tuple(parts as unknown as [z.ZodType<string>]).safeParse(decoded);
  if (parsed.success) return parsed.data as { [K in keyof P]: z.output<P[K]> };
  const message = `is not a cursor this API issued${options.issuedFor ? ` for ${options.issuedFor}` : ''}`;
  throw new AppError(CommonError.VALIDATION_FAILED, `query.cursor: ${message}`, [
    { field: 'query.cursor', message },
  ]);
}
