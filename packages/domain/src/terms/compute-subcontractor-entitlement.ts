import { addDays } from '../dates/add-days.js';
import { DomainError } from '../errors/domain-error.js';
import { applyPercentage } from '../money/apply-percentage.js';
import { divideHalfUp } from '../money/divide-half-up.js';
import { formatPence } from '../money/format-pence.js';
import { type DayDate, type MilestoneCode } from '../vocabulary.js';
import { TermsError } from './terms.errors.js';
import { type SubcontractTerms } from './subcontract-terms.types.js';

export interface SubcontractorEntitlement {
  grossPence: bigint;
  managementFeePence: bigint;
  netPence: bigint;
  /** Prime receipt date + payment SLA days. */
  dueDate: DayDate;
  explanation: string;
}

/**
 * What the prime owes a subcontractor for one claim the commissioner has paid. Gross follows the
 * terms (PBR_SHARE: % of the prime's fee; MILESTONE_TARIFF and HYBRID: own rate for the code;
 * SERVICE_FEE and GRANT: nothing per claim — they are paid on a schedule), then the management fee
 * (half-up to the penny) is deducted.
 *
 * A short payment (the prime received less than the claimed fee for this claim: its share of what the
 * commissioner paid, `primeReceivedPence`) flows down only under BACK_TO_BACK terms: PBR_SHARE takes its
 * share of what was received; MILESTONE_TARIFF / HYBRID scale the own rate by received ÷ fee (half away
 * from zero). Received above the fee is not passed down (capped at the fee). Under PRIME_BEARS (the
 * default) the entitlement ignores what was received.
 *
 * The executable specification of the entitlement: production prices claims set-based in SQL
 * (apps/api/src/subcontractor-payments/entitlement.sql.ts), and
 * entitlement.differential.test.ts there checks the SQL against this on random terms and claims.
 */
export function computeSubcontractorEntitlement({
  terms,
  claim,
  primeFeePence,
  primeReceivedPence = primeFeePence,
  primeReceivedDate,
}: {
  terms: SubcontractTerms;
  claim: { milestoneCode: MilestoneCode; occurrence: number };
  primeFeePence: bigint;
  /** The prime's share of what the commissioner paid for this claim (default: the fee, paid in full). */
  primeReceivedPence?: bigint;
  primeReceivedDate: DayDate;
}): SubcontractorEntitlement {
  if (primeFeePence < 0n) {
    throw new DomainError(TermsError.NEGATIVE_FEE, 'the prime fee cannot be negative', {
      primeFeePence: String(primeFeePence),
    });
  }
  const dueDate = addDays(primeReceivedDate, terms.paymentSlaDays);
  const full = grossFor({
    terms,
    milestoneCode: claim.milestoneCode,
    primeFeePence,
  });
  const { grossPence, basis } = flowDownShortPayment({
    terms,
    full,
    primeFeePence,
    primeReceivedPence,
  });
  const managementFeePence = applyPercentage(grossPence, terms.managementFeeBasisPoints);
  const netPence = grossPence - managementFeePence;
  return {
    grossPence,
    managementFeePence,
    netPence,
    dueDate,
    explanation:
      `${terms.kind}: ${basis}; management fee ${(terms.managementFeeBasisPoints / 100).toFixed(2)}% = ` +
      `${formatPence(managementFeePence)}; net ${formatPence(netPence)} due ${dueDate} (${terms.paymentSlaDays} days after ${primeReceivedDate})`,
  };
}

/** BACK_TO_BACK terms: the gross follows what the prime received for the claim when it received less than the fee. */
function flowDownShortPayment({
  terms,
  full,
  primeFeePence,
  primeReceivedPence,
}: {
  terms: SubcontractTerms;
  full: { grossPence: bigint; basis: string };
  primeFeePence: bigint;
  primeReceivedPence: bigint;
}): { grossPence: bigint; basis: string } {
  if (terms.kind === 'SERVICE_FEE' || terms.kind === 'GRANT') return full;
  if (terms.shortPaymentFlowDown !== 'BACK_TO_BACK') return full;
  if (primeReceivedPence >= primeFeePence || primeFeePence === 0n) return full;
  const receivedPence = primeReceivedPence < 0n ? 0n : primeReceivedPence;
  const grossPence =
    terms.kind === 'PBR_SHARE'
      ? applyPercentage(receivedPence, terms.shareBasisPoints)
      : divideHalfUp(full.grossPence * receivedPence, primeFeePence);
  return {
    grossPence,
    basis: `${full.basis}; back-to-back: the prime received ${formatPence(receivedPence)} of ${formatPence(primeFeePence)}, so ${formatPence(grossPence)}`,
  };
}

function grossFor({
  terms,
  milestoneCode,
  primeFeePence,
}: {
  terms: SubcontractTerms;
  milestoneCode: MilestoneCode;
  primeFeePence: bigint;
}): { grossPence: bigint; basis: string } {
  switch (terms.kind) {
    case 'PBR_SHARE': {
      const grossPence = applyPercentage(primeFeePence, terms.shareBasisPoints);
      return {
        grossPence,
        basis: `${(terms.shareBasisPoints / 100).toFixed(2)}% of ${formatPence(primeFeePence)} = ${formatPence(grossPence)}`,
      };
    }
    case 'MILESTONE_TARIFF':
    case 'HYBRID': {
      const rate = terms.ratesPence[milestoneCode];
      if (rate === undefined) return { grossPence: 0n, basis: `no rate for ${milestoneCode}` };
      return { grossPence: rate, basis: `own rate for ${milestoneCode} ${formatPence(rate)}` };
    }
    case 'SERVICE_FEE':
    case 'GRANT':
      return { grossPence: 0n, basis: 'paid on a schedule, nothing per claim' };
  }
}
