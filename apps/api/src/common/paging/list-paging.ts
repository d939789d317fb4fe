// How a list query pages (W16), in one place: a cursor (keyset paging, stable
// while rows arrive) or page numbers (offset paging, to jump), never both. A
// list whose cursor follows only its newest-first order also refuses a cursor
// with a sort. Each refusal is a 400 problem naming the field.
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';
import { CursorPart, decodeCursor } from './cursor';

export interface ListPaging {
  cursor?: string;
  page?: number;
  sort?: string;
  limit: number;
}

function refuse(field: string, message: string): never {
  throw new AppError(CommonError.VALIDATION_FAILED, `${field}: ${message}`, [{ field, message }]);
}

/**
 * The rows to skip for the query's page (0 without one), once its paging is one the list can do.
 * `cursorFollowsSort`: the list's cursor carries the sort it was issued for; otherwise it follows only newest-first order.
 */
export function listOffset(query: ListPaging, options: { cursorFollowsSort: boolean }): number {
  if (query.cursor && query.sort && !options.cursorFollowsSort)
    refuse(
      'query.sort',
      'the cursor follows the newest-first order; use page to page a sorted list',
    );
  if (query.cursor && query.page) refuse('query.page', 'cannot be used with a cursor');
  return query.page ? (query.page - 1) * query.limit : 0;
}

/**
 * The page to show of `rows` (fetched as limit + 1, the extra row saying more follow) and the cursor that continues after
 * it: null on the last page, or when `encodeNext` is null (a list paged by number).
 */
export function takePage<Row>(
  rows: readonly Row[],
  limit: number,
  encodeNext: ((last: Row) => string) | null,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    page,
    nextCursor: rows.length > limit && last !== undefined && encodeNext ? encodeNext(last) : null,
  };
}

/** The sort key a newest-first list's cursor carries: the row's creation instant and id. */
export function decodeCreatedAtCursor(
  cursor: string | undefined,
): { createdAt: string; id: string } | undefined {
  const key = decodeCursor(cursor, [CursorPart.instant, CursorPart.uuid]);
  return key && { createdAt: key[0], id: key[1] };
}
