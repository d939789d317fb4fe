import { DomainError } from '../errors/domain-error.js';
import { allowedTransitions } from './allowed-transitions.js';
import { PAYMENT_TRANSITIONS, type SubcontractorPaymentStatus } from './payment-transitions.js';
import { SubcontractorPaymentTransitionError } from './transition.errors.js';
import { type Actor, type TransitionResult } from './transition.types.js';

/**
 * Checks a subcontractor payment status change against PAYMENT_TRANSITIONS and
 * maker-checker. `runByUserId` is null for payments made before the rule: they
 * can be approved by anyone allowed.
 */
export function transitionSubcontractorPayment({
  from,
  to,
  actor,
  payment,
}: {
  from: SubcontractorPaymentStatus;
  to: SubcontractorPaymentStatus;
  actor: Actor;
  payment: { runByUserId: string | null };
}): TransitionResult<SubcontractorPaymentStatus> {
  const allowed = allowedTransitions({ table: PAYMENT_TRANSITIONS, from, actor });
  const rule = allowed.find((candidate) => candidate.to === to);
  if (!rule) {
    throw new DomainError(
      SubcontractorPaymentTransitionError.TRANSITION_NOT_ALLOWED,
      `${actor.party} ${actor.role} cannot move a subcontractor payment from ${from} to ${to}`,
      {
        from,
        to,
        party: actor.party,
        role: actor.role,
        allowed: allowed.map((r) => r.to),
      },
    );
  }
  if (rule.makerChecker && payment.runByUserId === actor.userId) {
    throw new DomainError(
      SubcontractorPaymentTransitionError.MAKER_CANNOT_APPROVE,
      'the user who ran a subcontractor payment cannot approve it',
      { from, to, userId: actor.userId },
    );
  }
  return { from, to, byUserId: actor.userId };
}
