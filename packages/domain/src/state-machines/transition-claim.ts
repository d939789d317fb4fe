import { DomainError } from '../errors/domain-error.js';
import { type ClaimStatus } from '../vocabulary.js';
import { allowedTransitions } from './allowed-transitions.js';
import { CLAIM_TRANSITIONS } from './claim-transitions.js';
import { ClaimError } from './transition.errors.js';
import { type Actor, type TransitionResult } from './transition.types.js';

/** Checks a claim status change against CLAIM_TRANSITIONS, reasons and maker-checker. */
export function transitionClaim({
  from,
  to,
  actor,
  claim,
  reason,
}: {
  from: ClaimStatus;
  to: ClaimStatus;
  actor: Actor;
  claim: { createdByUserId: string };
  reason?: string;
}): TransitionResult<ClaimStatus> {
  const allowed = allowedTransitions({ table: CLAIM_TRANSITIONS, from, actor });
  const rule = allowed.find((candidate) => candidate.to === to);
  if (!rule) {
    throw new DomainError(
      ClaimError.TRANSITION_NOT_ALLOWED,
      `${actor.party} ${actor.role} cannot move a claim from ${from} to ${to}`,
      { from, to, party: actor.party, role: actor.role, allowed: allowed.map((r) => r.to) },
    );
  }
  const trimmed = reason?.trim();
  if (rule.reasonRequired && !trimmed) {
    throw new DomainError(
      ClaimError.REASON_REQUIRED,
      `a reason is required to move a claim to ${to}`,
      { from, to, field: 'reason' },
    );
  }
  if (rule.makerChecker && claim.createdByUserId === actor.userId) {
    throw new DomainError(
      ClaimError.MAKER_CANNOT_APPROVE,
      'the user who created a claim cannot approve it',
      {
        from,
        to,
        userId: actor.userId,
      },
    );
  }
  return { from, to, byUserId: actor.userId, ...(trimmed ? { reason: trimmed } : {}) };
}
