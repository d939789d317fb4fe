// How a sample's extrapolated recovery is charged to claims (docs/claims.md):
// each failed sampled claim is recovered in full; the rest of the recovery is
// apportioned over the claims that were not sampled, pro rata to their value
// (largest remainder, so the parts sum to the penny). Passed sampled claims
// were checked and found sound, so they bear nothing.
import { allocateProportionally } from '@waymark/domain';

export interface PopulationClaim {
  claimId: string;
  amountPence: bigint;
  sampleOutcome: 'PASSED' | 'FAILED' | null;
}

export function apportionClawback({
  population,
  recoveryPence,
}: {
  population: readonly PopulationClaim[];
  recoveryPence: bigint;
}): Map<string, bigint> {
  const result = new Map<string, bigint>();
  const failed = population.filter((c) => c.sampleOutcome === 'FAILED');
  const unsampled = population.filter((c) => c.sampleOutcome === null);
  const failedPence = failed.reduce((sum, c) => sum + c.amountPence, 0n);
  // recovery = population × failed ÷ sampled ≥ failed, and the remainder never exceeds the unsampled value.
  const remainderPence = recoveryPence > failedPence ? recoveryPence - failedPence : 0n;
  for (const claim of failed) result.set(claim.claimId, claim.amountPence);
  const unsampledPence = unsampled.reduce((sum, c) => sum + c.amountPence, 0n);
  if (remainderPence > 0n && unsampledPence > 0n) {
    const parts = allocateProportionally(
      remainderPence,
      unsampled.map((c) => c.amountPence),
    );
    unsampled.forEach((claim, index) => result.set(claim.claimId, parts[index] ?? 0n));
  }
  for (const [claimId, amount] of result) if (amount === 0n) result.delete(claimId);
  return result;
}
