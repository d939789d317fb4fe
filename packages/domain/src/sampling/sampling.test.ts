import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { drawSample } from './draw-sample.js';
import { extrapolateRecovery } from './extrapolate-recovery.js';
import { SamplingError } from './sampling.errors.js';

const ids = Array.from({ length: 100 }, (_, i) => `claim-${i}`);

describe('drawSample', () => {
  it('draws the same sample from the same seed, whatever order the ids come in', () => {
    const first = drawSample({ seed: 42, populationIds: ids, size: 10 });
    expect(drawSample({ seed: 42, populationIds: [...ids].reverse(), size: 10 })).toEqual(first);
    expect(drawSample({ seed: 43, populationIds: ids, size: 10 })).not.toEqual(first);
  });

  it('refuses a sample larger than the population', () => {
    try {
      drawSample({ seed: 1, populationIds: ['a'], size: 2 });
    } catch (error) {
      expect((error as DomainError).code).toBe(SamplingError.SAMPLE_LARGER_THAN_POPULATION);
    }
  });

  it('returns distinct members of the population', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 100 }), (seed, size) => {
        const sample = drawSample({ seed, populationIds: ids, size });
        expect(sample).toHaveLength(size);
        expect(new Set(sample).size).toBe(size);
        sample.forEach((id) => expect(ids).toContain(id));
      }),
    );
  });
});

describe('extrapolateRecovery', () => {
  it('applies the sampled failure rate to the population value (DWP sampling and extrapolation)', () => {
    // 10 % of the sample failed, so 10 % of £1,000,000 is recovered.
    expect(
      extrapolateRecovery({
        sampledFailedValuePence: 1_000_00n,
        sampledValuePence: 10_000_00n,
        populationValuePence: 1_000_000_00n,
      }).recoveryPence,
    ).toBe(100_000_00n);
  });

  it('rounds once, half up, to the penny', () => {
    expect(
      extrapolateRecovery({
        sampledFailedValuePence: 1n,
        sampledValuePence: 2n,
        populationValuePence: 3n,
      }).recoveryPence,
    ).toBe(2n);
    expect(
      extrapolateRecovery({
        sampledFailedValuePence: 1n,
        sampledValuePence: 3n,
        populationValuePence: 4n,
      }).recoveryPence,
    ).toBe(1n);
  });

  it('refuses a failed value above the sampled value', () => {
    expect(() =>
      extrapolateRecovery({
        sampledFailedValuePence: 3n,
        sampledValuePence: 2n,
        populationValuePence: 10n,
      }),
    ).toThrow(DomainError);
  });
});
