/**
 * Integer division rounding half away from zero (so 0.5p → 1p and −0.5p → −1p). The divisor
 * must be positive. Used wherever a share of money has to become whole pence.
 */
export function divideHalfUp(numerator: bigint, divisor: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + divisor) / (divisor * 2n);
  return negative ? -rounded : rounded;
}
