import { DomainError } from '../errors/domain-error.js';
import { MoneyError } from './money.errors.js';

/** 10 000 basis points = 100 %. */
export const WHOLE_BASIS_POINTS = 10_000;

export function assertBasisPoints(basisPoints: number, field = 'basisPoints'): void {
  if (!Number.isInteger(basisPoints) || basisPoints < 0) {
    throw new DomainError(
      MoneyError.INVALID_BASIS_POINTS,
      `${field} must be a whole number ≥ 0, got ${basisPoints}`,
      {
        field,
        basisPoints,
      },
    );
  }
}
