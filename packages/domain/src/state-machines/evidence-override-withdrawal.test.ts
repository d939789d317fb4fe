import { CLAIM_STATUSES } from '../vocabulary.js';
import { CLAIM_TRANSITIONS } from './claim-transitions.js';
import {
  EVIDENCE_OWED_AFTER_WITHDRAWAL,
  whyOverrideCannotBeWithdrawn,
} from './evidence-override-withdrawal.js';

describe('withdrawing an evidence override', () => {
  it('is possible from every status whose next step towards payment can wait for the evidence', () => {
    const waiting = CLAIM_STATUSES.filter((from) =>
      CLAIM_TRANSITIONS.some(
        (rule) =>
          rule.from === from &&
          (rule.to === 'SUBMITTED' || EVIDENCE_OWED_AFTER_WITHDRAWAL.includes(rule.to)),
      ),
    );
    expect(waiting.filter((status) => whyOverrideCannotBeWithdrawn(status) !== null)).toEqual([]);
  });

  it('is refused, with a reason in words, once the claim is approved for payment, paid or closed', () => {
    for (const status of [
      'APPROVED',
      'PAID',
      'CLAWED_BACK',
      'REJECTED',
      'PRIME_REJECTED',
      'WITHDRAWN',
    ] as const)
      expect(whyOverrideCannotBeWithdrawn(status)).toMatch(/^The claim|^The commissioner/);
  });
});
