import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import {
  CLAIM_STATUSES,
  PARTY_RELATIONS,
  REFERRAL_STATUSES,
  ROLES,
  type ClaimStatus,
  type ReferralStatus,
} from '../vocabulary.js';
import { CLAIM_TRANSITIONS } from './claim-transitions.js';
import { REFERRAL_TRANSITIONS } from './referral-transitions.js';
import { transitionClaim } from './transition-claim.js';
import { ClaimError, ReferralError } from './transition.errors.js';
import { transitionReferral } from './transition-referral.js';
import { type Actor } from './transition.types.js';

const anActor = (overrides: Partial<Actor> = {}): Actor => ({
  party: 'PRIME',
  role: 'FINANCE',
  userId: 'prime-user',
  ...overrides,
});
const claim = { createdByUserId: 'sub-user' };

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('transitionClaim', () => {
  it('lets subcontractor finance submit a draft', () => {
    const actor = anActor({ party: 'SUBCONTRACTOR', userId: 'sub-user' });
    expect(transitionClaim({ from: 'DRAFT', to: 'SUBMITTED', actor, claim })).toEqual({
      from: 'DRAFT',
      to: 'SUBMITTED',
      byUserId: 'sub-user',
    });
  });

  it('refuses a caseworker approval and lists what that actor may do from there', () => {
    const error = errorOf(() =>
      transitionClaim({
        from: 'SUBMITTED',
        to: 'PRIME_APPROVED',
        actor: anActor({ role: 'CASEWORKER' }),
        claim,
      }),
    );
    expect(error.code).toBe(ClaimError.TRANSITION_NOT_ALLOWED);
    expect(error.details.allowed).toEqual([]);
    const fromSubmitted = errorOf(() =>
      transitionClaim({ from: 'SUBMITTED', to: 'PAID', actor: anActor(), claim }),
    );
    expect(fromSubmitted.details.allowed).toEqual([
      'PRIME_APPROVED',
      'PRIME_REJECTED',
      'PRIME_QUERIED',
    ]);
  });

  it('requires a reason to reject, query or claw back', () => {
    expect(
      errorOf(() =>
        transitionClaim({
          from: 'SUBMITTED',
          to: 'PRIME_REJECTED',
          actor: anActor(),
          claim,
          reason: '  ',
        }),
      ).code,
    ).toBe(ClaimError.REASON_REQUIRED);
    const commissioner = anActor({ party: 'COMMISSIONER' });
    expect(
      transitionClaim({
        from: 'PAID',
        to: 'CLAWED_BACK',
        actor: commissioner,
        claim,
        reason: 'evidence failed sampling',
      }).reason,
    ).toBe('evidence failed sampling');
  });

  it('stops the maker of a claim approving it', () => {
    const maker = anActor({ userId: 'sub-user' });
    expect(
      errorOf(() =>
        transitionClaim({ from: 'SUBMITTED', to: 'PRIME_APPROVED', actor: maker, claim }),
      ).code,
    ).toBe(ClaimError.MAKER_CANNOT_APPROVE);
  });

  it('never leaves the declared states, and every success is in the table', () => {
    const attempt = fc.record({
      to: fc.constantFrom(...CLAIM_STATUSES),
      party: fc.constantFrom(...PARTY_RELATIONS),
      role: fc.constantFrom(...ROLES),
      userId: fc.constantFrom('maker', 'checker'),
      reason: fc.option(fc.constantFrom('', 'because'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        let state: ClaimStatus = 'DRAFT';
        for (const { to, party, role, userId, reason } of attempts) {
          try {
            const result = transitionClaim({
              from: state,
              to,
              actor: { party, role, userId },
              claim: { createdByUserId: 'maker' },
              reason,
            });
            const rule = CLAIM_TRANSITIONS.find((r) => r.from === state && r.to === to);
            expect(
              rule?.allowed.some((who) => who.party === party && who.roles.includes(role)),
            ).toBe(true);
            if (rule?.makerChecker) expect(userId).not.toBe('maker');
            state = result.to;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
          expect(CLAIM_STATUSES).toContain(state);
        }
      }),
    );
  });
});

describe('transitionReferral', () => {
  const prime = anActor({ role: 'CASEWORKER' });
  const sub = anActor({ party: 'SUBCONTRACTOR', role: 'CASEWORKER', userId: 'sub-user' });

  it('lets the prime accept and allocate, and the subcontractor attach', () => {
    expect(transitionReferral({ from: 'RECEIVED', to: 'ACCEPTED', actor: prime }).to).toBe(
      'ACCEPTED',
    );
    expect(transitionReferral({ from: 'ACCEPTED', to: 'ALLOCATED', actor: prime }).to).toBe(
      'ALLOCATED',
    );
    expect(transitionReferral({ from: 'ALLOCATED', to: 'ATTACHED', actor: sub }).to).toBe(
      'ATTACHED',
    );
  });

  it('requires a reason for a hand-back and an exit', () => {
    expect(
      errorOf(() => transitionReferral({ from: 'ALLOCATED', to: 'ACCEPTED', actor: sub })).code,
    ).toBe(ReferralError.REASON_REQUIRED);
    expect(
      transitionReferral({ from: 'ALLOCATED', to: 'ACCEPTED', actor: sub, reason: 'no capacity' })
        .reason,
    ).toBe('no capacity');
    expect(
      errorOf(() => transitionReferral({ from: 'ATTACHED', to: 'EXITED', actor: sub })).code,
    ).toBe(ReferralError.REASON_REQUIRED);
  });

  it('does not let a subcontractor accept a referral from the jobcentre', () => {
    const error = errorOf(() =>
      transitionReferral({ from: 'RECEIVED', to: 'ACCEPTED', actor: sub }),
    );
    expect(error.code).toBe(ReferralError.TRANSITION_NOT_ALLOWED);
    expect(error.details.allowed).toEqual([]);
  });

  it('never leaves the declared states, and every success is in the table', () => {
    const attempt = fc.record({
      to: fc.constantFrom(...REFERRAL_STATUSES),
      party: fc.constantFrom(...PARTY_RELATIONS),
      role: fc.constantFrom(...ROLES),
      reason: fc.option(fc.constant('reason'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        let state: ReferralStatus = 'RECEIVED';
        for (const { to, party, role, reason } of attempts) {
          try {
            state = transitionReferral({
              from: state,
              to,
              actor: { party, role, userId: 'u' },
              reason,
            }).to;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          expect(
            REFERRAL_TRANSITIONS.some(
              (r) =>
                r.to === state &&
                r.allowed.some((w) => w.party === party && w.roles.includes(role)),
            ),
          ).toBe(true);
          expect(REFERRAL_STATUSES).toContain(state);
        }
      }),
    );
  });
});
