import { DomainError } from '../errors/domain-error.js';
import { allowedTransitions } from '../state-machines/allowed-transitions.js';
import { type Actor, type TransitionResult } from '../state-machines/transition.types.js';
import { SUBCONTRACT_TRANSITIONS, type SubcontractStatus } from './subcontract-transitions.js';
import { TermsError } from './terms.errors.js';

/** Checks a subcontract status change against SUBCONTRACT_TRANSITIONS: who may make it, and whether it needs a reason. */
export function transitionSubcontract({
  from,
  to,
  actor,
  reason,
}: {
  from: SubcontractStatus;
  to: SubcontractStatus;
  actor: Actor;
  reason?: string | null;
}): TransitionResult<SubcontractStatus> {
  const allowed = allowedTransitions({ table: SUBCONTRACT_TRANSITIONS, from, actor });
  const rule = allowed.find((candidate) => candidate.to === to);
  if (!rule) {
    throw new DomainError(
      TermsError.SUBCONTRACT_TRANSITION_NOT_ALLOWED,
      `${actor.party} ${actor.role} cannot move a subcontract from ${from} to ${to}`,
      {
        from,
        to,
        party: actor.party,
        role: actor.role,
        allowed: allowed.map((r) => r.to),
      },
    );
  }
  const trimmed = reason?.trim();
  if (rule.reasonRequired && !trimmed) {
    throw new DomainError(
      TermsError.SUBCONTRACT_REASON_REQUIRED,
      `moving a subcontract from ${from} to ${to} needs a reason`,
      { from, to },
    );
  }
  return { from, to, byUserId: actor.userId, ...(trimmed ? { reason: trimmed } : {}) };
}
