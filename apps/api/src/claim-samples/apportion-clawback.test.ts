import fc from 'fast-check';
import { extrapolateRecovery } from '@waymark/domain';
import { apportionClawback, type PopulationClaim } from './apportion-clawback';

describe('apportionClawback', () => {
  it('charges the whole extrapolated recovery, to the penny: failed claims in full, the rest pro rata, never more than a claim', () => {
    const claim = fc.record({
      amountPence: fc.bigInt({ min: 0n, max: 500_000n }),
      sampleOutcome: fc.constantFrom<PopulationClaim['sampleOutcome']>('PASSED', 'FAILED', null),
    });
    fc.assert(
      fc.property(fc.array(claim, { minLength: 1, maxLength: 60 }), (claims) => {
        const population = claims.map((c, i) => ({ ...c, claimId: `c${i}` }));
        const sampled = population.filter((c) => c.sampleOutcome !== null);
        const sampledValue = sampled.reduce((s, c) => s + c.amountPence, 0n);
        fc.pre(sampledValue > 0n);
        const failedValue = sampled
          .filter((c) => c.sampleOutcome === 'FAILED')
          .reduce((s, c) => s + c.amountPence, 0n);
        const populationValue = population.reduce((s, c) => s + c.amountPence, 0n);
        const { recoveryPence } = extrapolateRecovery({
          sampledFailedValuePence: failedValue,
          sampledValuePence: sampledValue,
          populationValuePence: populationValue,
        });
        const shares = apportionClawback({ population, recoveryPence });
        expect([...shares.values()].reduce((s, v) => s + v, 0n)).toBe(recoveryPence);
        for (const c of population) {
          const share = shares.get(c.claimId) ?? 0n;
          expect(share).toBeLessThanOrEqual(c.amountPence);
          if (c.sampleOutcome === 'FAILED') expect(share).toBe(c.amountPence);
          if (c.sampleOutcome === 'PASSED') expect(share).toBe(0n);
        }
      }),
    );
  });
});
