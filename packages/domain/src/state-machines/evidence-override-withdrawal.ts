import { type ClaimStatus } from '../vocabulary.js';

// Withdrawing an evidence override recorded in error (docs/claims.md "Evidence"). Withdrawal puts the milestone's
// evidence requirement back on the claim: it takes no further step towards payment until a file is attached.

/** Steps past submission that need the evidence again once an override on the claim was withdrawn. */
export const EVIDENCE_OWED_AFTER_WITHDRAWAL: readonly ClaimStatus[] = [
  'PRIME_APPROVED',
  'SUBMITTED_TO_COMMISSIONER',
  'APPROVED',
];

const REFUSED: Partial<Record<ClaimStatus, string>> = {
  // Its only next step is payment by remittance, which cannot wait on evidence: the claim would be stranded.
  APPROVED:
    'The commissioner has approved this claim for payment on the strength of the override, and its only next step is payment; the override can no longer be withdrawn. If it should not be paid, raise it with the commissioner.',
  PAID: 'The claim has been paid; the override stands as the record of why. Recover the money with a clawback if it should not have been paid.',
  CLAWED_BACK:
    'The claim has been paid and clawed back; the override stands as the record of why it was paid.',
  PRIME_REJECTED: 'The claim is closed (rejected by the prime); nothing relies on its override.',
  REJECTED: 'The claim is closed (rejected by the commissioner); nothing relies on its override.',
  WITHDRAWN: 'The claim is closed (withdrawn); nothing relies on its override.',
};

/** Why a claim's override can no longer be withdrawn in this status, in words; null while it still can. */
export function whyOverrideCannotBeWithdrawn(status: ClaimStatus): string | null {
  return REFUSED[status] ?? null;
}
