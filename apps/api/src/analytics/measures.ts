import { type FlowDownRecord } from './analytics.repository';

// Small arithmetic shared by the dashboards, the alert scan and the tests:
// every share is basis points, rounded half up, and 0 when the base is 0.

/** Used when a programme has no alert_threshold row (the migration's column defaults). */
export const DEFAULT_THRESHOLDS = {
  flowDownMinBp: 7_500,
  parkingInactiveDays: 30,
  parkingMaxShareBp: 2_000,
  latePaymentMaxShareBp: 1_000,
} as const;

/** a × b ÷ c rounded half up, for non-negative integers (c > 0). */
export const mulDivHalfUp = (a: number, b: number, c: number): number =>
  Math.floor((2 * a * b + c) / (2 * c));

/** part ÷ whole in basis points. */
export const bpOf = (part: number, whole: number): number =>
  whole === 0 ? 0 : mulDivHalfUp(part, 10_000, whole);

/** part ÷ whole in basis points, for pence. */
export const bpOfPence = (part: bigint, whole: bigint): number =>
  whole === 0n ? 0 : Number((part * 20_000n + whole) / (2n * whole));

/** actual share ÷ planned share in basis points (10000 = got exactly what was promised). */
export const ratioBp = (actualBp: number, plannedBp: number): number => bpOf(actualBp, plannedBp);

/** A flow-down row: actual against bid shares, and whether either ratio is below the threshold. */
export function flowDownRow(r: FlowDownRecord, thresholdBp: number) {
  const remitted = BigInt(r.remittedPence);
  const passed = BigInt(r.passedDownPence);
  const actualReferralShareBp = bpOf(r.referrals, r.chainReferrals);
  const actualSpendShareBp = bpOfPence(passed, remitted);
  const referralRatioBp =
    r.plannedReferralShareBp > 0 && r.chainReferrals > 0
      ? ratioBp(actualReferralShareBp, r.plannedReferralShareBp)
      : null;
  const spendRatioBp =
    r.plannedSpendShareBp > 0 && remitted > 0n
      ? ratioBp(actualSpendShareBp, r.plannedSpendShareBp)
      : null;
  return {
    ...r,
    promisedReferrals: mulDivHalfUp(r.plannedReferralShareBp, r.chainReferrals, 10_000),
    actualReferralShareBp,
    referralRatioBp,
    promisedSpendPence: String((remitted * BigInt(r.plannedSpendShareBp) * 2n + 10_000n) / 20_000n),
    actualSpendShareBp,
    spendRatioBp,
    isBelowThreshold:
      (referralRatioBp !== null && referralRatioBp < thresholdBp) ||
      (spendRatioBp !== null && spendRatioBp < thresholdBp),
  };
}
