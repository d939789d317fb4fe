import { DomainError } from '../errors/domain-error.js';
import { AllocationError } from './allocation.errors.js';

export const ALLOCATION_POLICIES = ['BID_SHARE', 'ROUND_ROBIN', 'SPECIALISM_FIRST'] as const;
export type AllocationPolicy = (typeof ALLOCATION_POLICIES)[number];

export interface AllocationCandidate {
  readonly id: string;
  readonly areas: readonly string[];
  readonly groupsServed: readonly string[];
  readonly specialisms: readonly string[];
  readonly capacity: number;
  readonly currentCaseload: number;
  /** Share of referrals promised in the prime's bid, in basis points. */
  readonly bidShareBasisPoints: number;
  readonly referralsReceived: number;
}

export type ExclusionReason = 'AREA_NOT_COVERED' | 'GROUP_NOT_SERVED' | 'AT_CAPACITY';

export interface ConsideredCandidate {
  id: string;
  eligible: boolean;
  whyNot?: ExclusionReason;
  detail?: string;
}

export type AllocationResult =
  | {
      kind: 'ALLOCATED';
      subcontractId: string;
      rule: AllocationPolicy;
      reason: string;
      considered: ConsideredCandidate[];
    }
  | {
      kind: 'NO_ELIGIBLE_SUBCONTRACTOR';
      rule: AllocationPolicy;
      reason: string;
      considered: ConsideredCandidate[];
    };

/**
 * Chooses a subcontract for a referral. Eligible = covers the area, serves the payment group and
 * has caseload below capacity. Then BID_SHARE takes the largest deficit between bid share and
 * actual share of referrals among the eligible; ROUND_ROBIN the fewest referrals received;
 * SPECIALISM_FIRST the most needed specialisms covered, then the largest bid-share deficit.
 * Ties go to the earlier candidate in the list.
 */
export function allocateReferral({
  referral,
  candidates,
  policy,
}: {
  referral: { paymentGroup: string; area: string; specialismsNeeded: readonly string[] };
  candidates: readonly AllocationCandidate[];
  policy: AllocationPolicy;
}): AllocationResult {
  const considered = candidates.map((candidate) => consider(candidate, referral));
  const eligible = candidates.filter((_, index) => considered[index]?.eligible);
  if (eligible.length === 0) {
    return {
      kind: 'NO_ELIGIBLE_SUBCONTRACTOR',
      rule: policy,
      reason:
        candidates.length === 0
          ? 'no subcontracts in this supply chain'
          : `none of ${candidates.length} subcontracts can take a ${referral.paymentGroup} referral in ${referral.area}`,
      considered,
    };
  }

  const totalReceived = eligible.reduce((sum, c) => sum + c.referralsReceived, 0);
  const totalBid = eligible.reduce((sum, c) => sum + c.bidShareBasisPoints, 0);
  // deficit ∝ bid share × (total + 1) − actual, scaled by totalBid to stay in integers.
  const deficit = (c: AllocationCandidate) =>
    totalBid === 0
      ? -c.referralsReceived
      : c.bidShareBasisPoints * (totalReceived + 1) - c.referralsReceived * totalBid;
  const covered = (c: AllocationCandidate) =>
    referral.specialismsNeeded.filter((s) => c.specialisms.includes(s)).length;

  const score = (c: AllocationCandidate): number[] => {
    switch (policy) {
      case 'BID_SHARE':
        return [deficit(c)];
      case 'ROUND_ROBIN':
        return [-c.referralsReceived];
      case 'SPECIALISM_FIRST':
        return [covered(c), deficit(c)];
    }
  };
  let best = eligible[0] as AllocationCandidate;
  for (const candidate of eligible.slice(1)) {
    if (isGreater(score(candidate), score(best))) best = candidate;
  }

  const share = totalReceived === 0 ? 0 : (best.referralsReceived / totalReceived) * 100;
  const reasons: Record<AllocationPolicy, string> = {
    BID_SHARE: `largest gap between bid share ${(best.bidShareBasisPoints / 100).toFixed(2)}% and actual share ${share.toFixed(2)}% among ${eligible.length} eligible`,
    ROUND_ROBIN: `fewest referrals received (${best.referralsReceived}) among ${eligible.length} eligible`,
    SPECIALISM_FIRST: `covers ${covered(best)} of ${referral.specialismsNeeded.length} specialisms needed, then largest bid-share gap`,
  };
  return {
    kind: 'ALLOCATED',
    subcontractId: best.id,
    rule: policy,
    reason: reasons[policy],
    considered,
  };
}

function consider(
  candidate: AllocationCandidate,
  referral: { paymentGroup: string; area: string },
): ConsideredCandidate {
  if (
    !Number.isInteger(candidate.capacity) ||
    !Number.isInteger(candidate.bidShareBasisPoints) ||
    candidate.bidShareBasisPoints < 0
  ) {
    throw new DomainError(
      AllocationError.INVALID_CANDIDATE,
      `subcontract ${candidate.id} has invalid capacity or bid share`,
      {
        id: candidate.id,
      },
    );
  }
  if (!candidate.areas.includes(referral.area)) {
    return {
      id: candidate.id,
      eligible: false,
      whyNot: 'AREA_NOT_COVERED',
      detail: `does not cover ${referral.area}`,
    };
  }
  if (!candidate.groupsServed.includes(referral.paymentGroup)) {
    return {
      id: candidate.id,
      eligible: false,
      whyNot: 'GROUP_NOT_SERVED',
      detail: `does not serve ${referral.paymentGroup}`,
    };
  }
  if (candidate.currentCaseload >= candidate.capacity) {
    return {
      id: candidate.id,
      eligible: false,
      whyNot: 'AT_CAPACITY',
      detail: `caseload ${candidate.currentCaseload} of capacity ${candidate.capacity}`,
    };
  }
  return { id: candidate.id, eligible: true };
}

function isGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}
