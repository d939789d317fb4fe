import { CursorPart, decodeCursor, encodeCursor } from './cursor';
import { refusalOf } from '../../test-support/refusal';

const ID = '0b7c2f1e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('paging cursor', () => {
  it('gives back the sort key it was made from, part by part', () => {
    const cursor = encodeCursor(['2026-12-06 14:24:33.123456+00', ID]);
    expect(decodeCursor(cursor, [CursorPart.instant, CursorPart.uuid])).toEqual([
      '2026-12-06 14:24:33.123456+00',
      ID,
    ]);
  });

  it('reads no cursor (or an empty one) as the first page', () => {
    expect(decodeCursor(undefined, [CursorPart.uuid])).toBeUndefined();
    expect(decodeCursor('', [CursorPart.uuid])).toBeUndefined();
  });

  it.each([
    ['not base64url JSON', 'nonsense'],
    ['a part SQL could not cast', encodeCursor(['2026-02-30 00:00:00+00', ID])],
    ['too few parts', encodeCursor(['2026-12-06T00:00:00Z'])],
    ['too many parts', encodeCursor(['2026-12-06T00:00:00Z', ID, 'x'])],
    [
      'an object, not a list',
      Buffer.from(JSON.stringify({ r: '2026-12-06', i: ID })).toString('base64url'),
    ],
  ])('refuses %s as a 400 naming query.cursor', (_, cursor) => {
    const error = refusalOf(() => decodeCursor(cursor, [CursorPart.instant, CursorPart.uuid]));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { field: 'query.cursor', message: 'is not a cursor this API issued' },
    ]);
  });

  it('names what else the cursor is bound to', () => {
    const error = refusalOf(() =>
      decodeCursor(encodeCursor(['x']), [CursorPart.sequence], { issuedFor: 'this sort' }),
    );
    expect(error.errors).toEqual([
      { field: 'query.cursor', message: 'is not a cursor this API issued for this sort' },
    ]);
  });
});
