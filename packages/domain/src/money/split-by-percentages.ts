import { DomainError } from '../errors/domain-error.js';
import { allocateProportionally } from './allocate-proportionally.js';
import { assertBasisPoints, WHOLE_BASIS_POINTS } from './basis-points.js';
import { MoneyError } from './money.errors.js';

/** Splits a total by basis points that must add up to exactly 10 000 (100 %); no penny lost or made. */
export function splitByPercentages(totalPence: bigint, basisPoints: readonly number[]): bigint[] {
  basisPoints.forEach((points, index) => assertBasisPoints(points, `basisPoints[${index}]`));
  const sum = basisPoints.reduce((acc, points) => acc + points, 0);
  if (sum !== WHOLE_BASIS_POINTS) {
    throw new DomainError(
      MoneyError.BASIS_POINTS_DO_NOT_SUM_TO_WHOLE,
      `basis points must sum to ${WHOLE_BASIS_POINTS} (100 %), got ${sum}`,
      { sum, expected: WHOLE_BASIS_POINTS },
    );
  }
  return allocateProportionally(totalPence, basisPoints);
}
