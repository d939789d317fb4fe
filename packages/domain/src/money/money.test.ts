import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { allocateProportionally } from './allocate-proportionally.js';
import { applyPercentage } from './apply-percentage.js';
import { formatPence } from './format-pence.js';
import { MoneyError } from './money.errors.js';
import { splitByPercentages } from './split-by-percentages.js';

const sum = (parts: readonly bigint[]): bigint => parts.reduce((acc, part) => acc + part, 0n);

describe('formatPence', () => {
  it('formats pounds and pence with thousands separators', () => {
    expect(formatPence(1234n)).toBe('£12.34');
    expect(formatPence(0n)).toBe('£0.00');
    expect(formatPence(5n)).toBe('£0.05');
    expect(formatPence(500_000n)).toBe('£5,000.00'); // JSA early access sustainment total
    expect(formatPence(123_456_789n)).toBe('£1,234,567.89');
  });

  it('puts the minus before the pound sign', () => {
    expect(formatPence(-123_456n)).toBe('-£1,234.56');
  });
});

describe('applyPercentage', () => {
  it('rounds half up to whole pence', () => {
    expect(applyPercentage(125n, 1000)).toBe(13n); // 12.5p → 13p
    expect(applyPercentage(124n, 1000)).toBe(12n);
    expect(applyPercentage(-125n, 1000)).toBe(-13n); // half away from zero
  });

  it('takes 30 % of a contract as the Work and Health Programme delivery fee', () => {
    expect(applyPercentage(1_000_000_00n, 3000)).toBe(300_000_00n);
  });

  it('rejects fractional or negative basis points', () => {
    expect(() => applyPercentage(100n, 12.5)).toThrow(DomainError);
    expect(() => applyPercentage(100n, -1)).toThrow(DomainError);
  });
});

describe('splitByPercentages', () => {
  it('splits £100 three ways without losing a penny', () => {
    expect(splitByPercentages(10_000n, [3334, 3333, 3333])).toEqual([3334n, 3333n, 3333n]);
    expect(splitByPercentages(100n, [3333, 3333, 3334])).toEqual([33n, 33n, 34n]);
  });

  it('refuses percentages that do not add up to 100 %', () => {
    try {
      splitByPercentages(100n, [5000, 4000]);
      throw new Error('expected a DomainError');
    } catch (error) {
      expect((error as DomainError).code).toBe(MoneyError.BASIS_POINTS_DO_NOT_SUM_TO_WHOLE);
      expect((error as DomainError).details).toEqual({ sum: 9000, expected: 10_000 });
    }
  });

  it('conserves the total for any valid split', () => {
    const basisPoints = fc
      .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 })
      .filter((points) => points.reduce((a, b) => a + b, 0) > 0)
      .map((points) => {
        const parts = allocateProportionally(10_000n, points).map(Number);
        return parts;
      });
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        basisPoints,
        (total, points) => {
          expect(sum(splitByPercentages(total, points))).toBe(total);
        },
      ),
    );
  });
});

describe('allocateProportionally', () => {
  it('splits 10p three ways as 4p, 3p, 3p', () => {
    expect(allocateProportionally(10n, [1, 1, 1])).toEqual([4n, 3n, 3n]);
  });

  it('rejects weights that are all zero or negative', () => {
    expect(() => allocateProportionally(10n, [0, 0])).toThrow(DomainError);
    expect(() => allocateProportionally(10n, [1, -1])).toThrow(DomainError);
    expect(() => allocateProportionally(10n, [])).toThrow(DomainError);
  });

  it('gives parts that sum to the total and sit within 1p of their exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 10 })
          .filter((w) => sum(w) > 0n),
        (total, weights) => {
          const parts = allocateProportionally(total, weights);
          const weightSum = sum(weights);
          expect(sum(parts)).toBe(total);
          parts.forEach((part, index) => {
            // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W
            const gap = part * weightSum - total * (weights[index] ?? 0n);
            expect(gap < weightSum && gap > -weightSum).toBe(true);
          });
        },
      ),
    );
  });
});
