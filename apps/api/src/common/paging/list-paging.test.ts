import { listOffset, takePage } from './list-paging';
import { refusalOf } from '../../test-support/refusal';

describe('list paging', () => {
  it('skips the rows of the pages before the one asked for', () => {
    expect(listOffset({ limit: 50 }, { cursorFollowsSort: false })).toBe(0);
    expect(listOffset({ page: 3, limit: 50 }, { cursorFollowsSort: false })).toBe(100);
  });

  it('refuses a cursor with a page number as a 400 naming query.page', () => {
    const error = refusalOf(() =>
      listOffset({ cursor: 'abc', page: 2, limit: 50 }, { cursorFollowsSort: true }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { field: 'query.page', message: 'cannot be used with a cursor' },
    ]);
  });

  it('refuses a cursor with a sort where the cursor follows only newest-first order', () => {
    const error = refusalOf(() =>
      listOffset({ cursor: 'abc', sort: '-net', limit: 50 }, { cursorFollowsSort: false }),
    );
    expect(error.errors).toEqual([
      {
        field: 'query.sort',
        message: 'the cursor follows the newest-first order; use page to page a sorted list',
      },
    ]);
    expect(
      listOffset({ cursor: 'abc', sort: '-net', limit: 50 }, { cursorFollowsSort: true }),
    ).toBe(0);
  });

  it('shows limit rows and continues after the last shown only when more were fetched', () => {
    const encode = (last: number) => `after ${last}`;
    expect(takePage([1, 2, 3], 2, encode)).toEqual({ page: [1, 2], nextCursor: 'after 2' });
    expect(takePage([1, 2], 2, encode)).toEqual({ page: [1, 2], nextCursor: null });
    expect(takePage([1, 2, 3], 2, null)).toEqual({ page: [1, 2], nextCursor: null });
    expect(takePage([], 2, encode)).toEqual({ page: [], nextCursor: null });
  });
});
