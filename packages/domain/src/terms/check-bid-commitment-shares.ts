import { DomainError } from '../errors/domain-error.js';
import { WHOLE_BASIS_POINTS } from '../money/basis-points.js';
import { TermsError } from './terms.errors.js';

export interface BidCommitmentShare {
  subcontractorId: string;
  plannedReferralShareBp: number;
  plannedSpendShareBp: number;
}

/**
 * A prime cannot promise more than the whole contract: the planned shares of
 * referrals, and of money, across its subcontractors each sum to at most 100 %
 * (the database refuses the same, bid_commitment_shares_within_whole).
 */
export function checkBidCommitmentShares({
  commitments,
}: {
  commitments: readonly BidCommitmentShare[];
}): { referralShareBp: number; spendShareBp: number } {
  const referralShareBp = commitments.reduce((sum, c) => sum + c.plannedReferralShareBp, 0);
  const spendShareBp = commitments.reduce((sum, c) => sum + c.plannedSpendShareBp, 0);
  for (const [name, total] of [
    ['referrals', referralShareBp],
    ['spend', spendShareBp],
  ] as const) {
    if (total > WHOLE_BASIS_POINTS) {
      throw new DomainError(
        TermsError.BID_SHARES_OVER_WHOLE,
        `planned shares of ${name} add up to ${(total / 100).toFixed(2)}%, more than 100%`,
        { share: name, totalBp: total },
      );
    }
  }
  return { referralShareBp, spendShareBp };
}
