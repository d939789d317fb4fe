import fc from 'fast-check';
import { reconcile, type ExpectedLine, type RecordedPayment } from './reconcile.js';

const line = (key: string, amountPence: bigint, dueDate = '2026-05-31'): ExpectedLine => ({
  key,
  amountPence,
  dueDate,
});
const paid = (
  key: string | undefined,
  amountPence: bigint,
  paidDate = '2026-05-20',
): RecordedPayment => ({
  ...(key === undefined ? {} : { key }),
  amountPence,
  paidDate,
  reference: `ref-${key ?? 'none'}-${amountPence}`,
});

describe('reconcile', () => {
  it('classifies matched, short, over, late and unmatched money', () => {
    const result = reconcile({
      expected: [
        line('m', 1_200_00n),
        line('s', 1_200_00n),
        line('o', 400_00n),
        line('l', 400_00n),
        line('u', 110_50n),
        line('f', 100n, '2026-07-01'),
      ],
      recorded: [
        paid('m', 1_200_00n),
        paid('s', 1_000_00n),
        paid('o', 500_00n),
        paid('l', 400_00n, '2026-06-15'),
        paid(undefined, 99_00n),
        paid('zz', 1n),
      ],
      asOf: '2026-06-30',
    });
    expect(result.lines.map((l) => [l.key, l.outcome])).toEqual([
      ['m', 'MATCHED'],
      ['s', 'SHORT'],
      ['o', 'OVER'],
      ['l', 'LATE'],
      ['u', 'LATE'], // unpaid and past due
      ['f', 'NOT_YET_DUE'],
    ]);
    expect(result.unmatched.map((u) => u.amountPence)).toEqual([99_00n, 1n]);
    expect(result.totals).toMatchObject({
      shortfallPence: 200_00n + 110_50n + 100n,
      overpaidPence: 100_00n,
      unmatchedPence: 99_01n,
    });
  });

  it('accounts for every expected and every recorded penny exactly once', () => {
    const keys = ['a', 'b', 'c', 'd'];
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-05-${String(d).padStart(2, '0')}`);
    const expected = fc.uniqueArray(
      fc.record({
        key: fc.constantFrom(...keys),
        amountPence: fc.bigInt({ min: 0n, max: 10n ** 7n }),
        dueDate: day,
      }),
      {
        selector: (l) => l.key,
      },
    );
    const recorded = fc.array(
      fc.record({
        key: fc.option(fc.constantFrom(...keys, 'x'), { nil: undefined }),
        amountPence: fc.bigInt({ min: -(10n ** 5n), max: 10n ** 7n }),
        paidDate: day,
        reference: fc.string(),
      }),
    );
    fc.assert(
      fc.property(expected, recorded, day, (exp, rec, asOf) => {
        const { totals, lines } = reconcile({ expected: exp, recorded: rec, asOf });
        expect(totals.expectedPence).toBe(totals.settledPence + totals.shortfallPence);
        expect(totals.recordedPence).toBe(
          totals.settledPence + totals.overpaidPence + totals.unmatchedPence,
        );
        lines.forEach((l) => expect(l.settledPence + l.overpaidPence).toBe(l.paidPence));
      }),
    );
  });
});
