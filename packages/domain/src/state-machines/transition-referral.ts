import { DomainError } from '../errors/domain-error.js';
import { type ReferralStatus } from '../vocabulary.js';
import { allowedTransitions } from './allowed-transitions.js';
import { REFERRAL_TRANSITIONS } from './referral-transitions.js';
import { ReferralError } from './transition.errors.js';
import { type Actor, type TransitionResult } from './transition.types.js';

/** Checks a referral status change against REFERRAL_TRANSITIONS and its reason rule. */
export function transitionReferral({
  from,
  to,
  actor,
  reason,
}: {
  from: ReferralStatus;
  to: ReferralStatus;
  actor: Actor;
  reason?: string;
}): TransitionResult<ReferralStatus> {
  const allowed = allowedTransitions({ table: REFERRAL_TRANSITIONS, from, actor });
  const rule = allowed.find((candidate) => candidate.to === to);
  if (!rule) {
    throw new DomainError(
      ReferralError.TRANSITION_NOT_ALLOWED,
      `${actor.party} ${actor.role} cannot move a referral from ${from} to ${to}`,
      { from, to, party: actor.party, role: actor.role, allowed: allowed.map((r) => r.to) },
    );
  }
  const trimmed = reason?.trim();
  if (rule.reasonRequired && !trimmed) {
    throw new DomainError(
      ReferralError.REASON_REQUIRED,
      `a reason is required to move a referral to ${to}`,
      {
        from,
        to,
        field: 'reason',
      },
    );
  }
  return { from, to, byUserId: actor.userId, ...(trimmed ? { reason: trimmed } : {}) };
}
