import { assertBasisPoints, WHOLE_BASIS_POINTS } from './basis-points.js';
import { divideHalfUp } from './divide-half-up.js';

/**
 * `amountPence × basisPoints / 10 000`, rounded half away from zero to whole pence
 * (12.5p → 13p, −12.5p → −13p). Basis points may exceed 10 000 (a 120 % uplift).
 */
export function applyPercentage(amountPence: bigint, basisPoints: number): bigint {
  assertBasisPoints(basisPoints);
  return divideHalfUp(amountPence * BigInt(basisPoints), BigInt(WHOLE_BASIS_POINTS));
}
