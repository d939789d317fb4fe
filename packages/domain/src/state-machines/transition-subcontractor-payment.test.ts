import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { PARTY_RELATIONS, ROLES } from '../vocabulary.js';
import { PAYMENT_TRANSITIONS, SUBCONTRACTOR_PAYMENT_STATUSES } from './payment-transitions.js';
import { SubcontractorPaymentTransitionError } from './transition.errors.js';
import { transitionSubcontractorPayment } from './transition-subcontractor-payment.js';
import { type Actor } from './transition.types.js';

const primeFinance = (userId: string): Actor => ({ party: 'PRIME', role: 'FINANCE', userId });

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('transitionSubcontractorPayment', () => {
  it('lets a second prime finance user approve a payment another ran', () => {
    expect(
      transitionSubcontractorPayment({
        from: 'DRAFT',
        to: 'APPROVED',
        actor: primeFinance('checker'),
        payment: { runByUserId: 'maker' },
      }),
    ).toEqual({ from: 'DRAFT', to: 'APPROVED', byUserId: 'checker' });
  });

  it('refuses the user who ran the payment approving it (maker-checker)', () => {
    expect(
      codeOf(() =>
        transitionSubcontractorPayment({
          from: 'DRAFT',
          to: 'APPROVED',
          actor: primeFinance('maker'),
          payment: { runByUserId: 'maker' },
        }),
      ),
    ).toBe(SubcontractorPaymentTransitionError.MAKER_CANNOT_APPROVE);
  });

  it('lets the maker record the bank payment once a checker approved it', () => {
    expect(
      transitionSubcontractorPayment({
        from: 'APPROVED',
        to: 'PAID',
        actor: primeFinance('maker'),
        payment: { runByUserId: 'maker' },
      }).to,
    ).toBe('PAID');
  });

  it('refuses paying a draft, and anyone but prime finance or admin', () => {
    expect(
      codeOf(() =>
        transitionSubcontractorPayment({
          from: 'DRAFT',
          to: 'PAID',
          actor: primeFinance('x'),
          payment: { runByUserId: 'y' },
        }),
      ),
    ).toBe(SubcontractorPaymentTransitionError.TRANSITION_NOT_ALLOWED);
    expect(
      codeOf(() =>
        transitionSubcontractorPayment({
          from: 'DRAFT',
          to: 'APPROVED',
          actor: { party: 'SUBCONTRACTOR', role: 'FINANCE', userId: 'x' },
          payment: { runByUserId: 'y' },
        }),
      ),
    ).toBe(SubcontractorPaymentTransitionError.TRANSITION_NOT_ALLOWED);
  });

  it('is closed: every transition ends in a known status, PAID is final, and no approval is ever made by the maker', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBCONTRACTOR_PAYMENT_STATUSES),
        fc.constantFrom(...SUBCONTRACTOR_PAYMENT_STATUSES),
        fc.constantFrom(...PARTY_RELATIONS),
        fc.constantFrom(...ROLES),
        fc.constantFrom('maker', 'checker'),
        (from, to, party, role, userId) => {
          let result;
          try {
            result = transitionSubcontractorPayment({
              from,
              to,
              actor: { party, role, userId },
              payment: { runByUserId: 'maker' },
            });
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            return;
          }
          expect(SUBCONTRACTOR_PAYMENT_STATUSES).toContain(result.to);
          expect(from).not.toBe('PAID');
          expect(PAYMENT_TRANSITIONS.some((rule) => rule.from === from && rule.to === to)).toBe(
            true,
          );
          if (to === 'APPROVED') expect(userId).not.toBe('maker');
          expect(party).toBe('PRIME');
        },
      ),
    );
  });
});
