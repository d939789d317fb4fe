import { DomainError } from '../errors/domain-error.js';
import { MoneyError } from './money.errors.js';

/**
 * Splits `totalPence` in proportion to `weights` by the largest-remainder method: every part
 * gets the floor of its exact share, then the pence left over go one each to the parts with the
 * largest fractional remainders (earlier parts win ties). The parts always sum to the total and
 * each is within 1p of its exact share. A negative total is split as its magnitude, then negated.
 */
export function allocateProportionally(
  totalPence: bigint,
  weights: readonly (bigint | number)[],
): bigint[] {
  const big = weights.map((weight) => BigInt(weight));
  const sum = big.reduce((acc, weight) => acc + weight, 0n);
  if (big.length === 0 || big.some((weight) => weight < 0n) || sum === 0n) {
    throw new DomainError(
      MoneyError.INVALID_WEIGHTS,
      'weights must be non-negative with a positive sum',
      {
        weights: weights.map(String),
      },
    );
  }
  if (totalPence < 0n) return allocateProportionally(-totalPence, big).map((part) => -part);

  const parts = big.map((weight) => (totalPence * weight) / sum);
  const remainders = big.map((weight, index) => ({
    index,
    remainder: (totalPence * weight) % sum,
  }));
  let leftOver = totalPence - parts.reduce((acc, part) => acc + part, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (leftOver === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftOver -= 1n;
  }
  return parts;
}
