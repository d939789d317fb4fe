import { DomainError } from '../errors/domain-error.js';
import { divideHalfUp } from '../money/divide-half-up.js';
import { formatPence } from '../money/format-pence.js';
import { SamplingError } from './sampling.errors.js';

/**
 * DWP-style recovery: the sample's failure rate by value (failed ÷ sampled) applied to the whole
 * population's value, computed exactly as populationValue × failed ÷ sampled and rounded half up
 * to the penny once, at the end.
 */
export function extrapolateRecovery({
  sampledFailedValuePence,
  sampledValuePence,
  populationValuePence,
}: {
  sampledFailedValuePence: bigint;
  sampledValuePence: bigint;
  populationValuePence: bigint;
}): { recoveryPence: bigint; explanation: string } {
  if (
    sampledValuePence <= 0n ||
    sampledFailedValuePence < 0n ||
    sampledFailedValuePence > sampledValuePence ||
    populationValuePence < sampledValuePence
  ) {
    throw new DomainError(
      SamplingError.INVALID_VALUES,
      'need 0 ≤ failed ≤ sampled ≤ population, with a positive sampled value',
      {
        sampledFailedValuePence: String(sampledFailedValuePence),
        sampledValuePence: String(sampledValuePence),
        populationValuePence: String(populationValuePence),
      },
    );
  }
  const recoveryPence = divideHalfUp(
    populationValuePence * sampledFailedValuePence,
    sampledValuePence,
  );
  return {
    recoveryPence,
    explanation: `${formatPence(sampledFailedValuePence)} of ${formatPence(sampledValuePence)} sampled failed; applied to ${formatPence(populationValuePence)} = ${formatPence(recoveryPence)}`,
  };
}
