import { isDomainError } from '../errors/domain-error.js';
import { checkBidCommitmentShares } from './check-bid-commitment-shares.js';
import { expiryStatus } from './expiry-status.js';
import { describeSubcontractTerms, diffSubcontractTerms } from './describe-subcontract-terms.js';
import { type SubcontractTerms } from './subcontract-terms.types.js';
import { SUBCONTRACT_STATUSES, SUBCONTRACT_TRANSITIONS } from './subcontract-transitions.js';
import { TermsError } from './terms.errors.js';
import { transitionSubcontract } from './transition-subcontract.js';

const primeAdmin = { party: 'PRIME', role: 'ADMIN', userId: 'u-prime' } as const;
const charityAdmin = { party: 'SUBCONTRACTOR', role: 'ADMIN', userId: 'u-charity' } as const;

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : 'not a domain error';
  }
  return undefined;
};

describe('transitionSubcontract', () => {
  it('lets the prime offer and only the subcontractor accept', () => {
    expect(transitionSubcontract({ from: 'DRAFT', to: 'OFFERED', actor: primeAdmin })).toEqual({
      from: 'DRAFT',
      to: 'OFFERED',
      byUserId: 'u-prime',
    });
    expect(transitionSubcontract({ from: 'OFFERED', to: 'ACCEPTED', actor: charityAdmin }).to).toBe(
      'ACCEPTED',
    );
    expect(
      codeOf(() => transitionSubcontract({ from: 'OFFERED', to: 'ACCEPTED', actor: primeAdmin })),
    ).toBe(TermsError.SUBCONTRACT_TRANSITION_NOT_ALLOWED);
    expect(
      codeOf(() =>
        transitionSubcontract({
          from: 'DRAFT',
          to: 'OFFERED',
          actor: { ...primeAdmin, role: 'CASEWORKER' },
        }),
      ),
    ).toBe(TermsError.SUBCONTRACT_TRANSITION_NOT_ALLOWED);
  });

  it('needs a reason to suspend or end, and never leaves ENDED', () => {
    expect(
      codeOf(() =>
        transitionSubcontract({ from: 'ACTIVE', to: 'ENDED', actor: primeAdmin, reason: '  ' }),
      ),
    ).toBe(TermsError.SUBCONTRACT_REASON_REQUIRED);
    expect(
      transitionSubcontract({
        from: 'ACTIVE',
        to: 'ENDED',
        actor: primeAdmin,
        reason: ' poor performance ',
      }).reason,
    ).toBe('poor performance');
    expect(SUBCONTRACT_TRANSITIONS.filter((rule) => rule.from === 'ENDED')).toEqual([]);
  });

  it('is closed: every rule moves between known statuses, and every status but ENDED has a way out', () => {
    for (const rule of SUBCONTRACT_TRANSITIONS) {
      expect(SUBCONTRACT_STATUSES).toContain(rule.from);
      expect(SUBCONTRACT_STATUSES).toContain(rule.to);
    }
    for (const status of SUBCONTRACT_STATUSES.filter((s) => s !== 'ENDED')) {
      expect(SUBCONTRACT_TRANSITIONS.some((rule) => rule.from === status)).toBe(true);
    }
  });
});

describe('describing and diffing terms', () => {
  const before: SubcontractTerms = {
    kind: 'PBR_SHARE',
    shareBasisPoints: 7000,
    managementFeeBasisPoints: 1000,
    paymentSlaDays: 30,
  };

  it('reads terms as words and pounds', () => {
    expect(describeSubcontractTerms(before)).toEqual([
      'Basis: share of each outcome payment',
      'Share of each payment: 70.00%',
      'Short payments: borne by the prime — paid in full whatever the commissioner paid',
      'Management fee: 10.00%',
      'Paid within: 30 days of the prime being paid',
    ]);
  });

  it('shows each side exactly what a variation changes', () => {
    expect(diffSubcontractTerms({ before, after: { ...before, shareBasisPoints: 6000 } })).toEqual([
      { item: 'Share of each payment', before: '70.00%', after: '60.00%' },
    ]);
    expect(diffSubcontractTerms({ before, after: before })).toEqual([]);
    expect(
      diffSubcontractTerms({ before, after: { ...before, shortPaymentFlowDown: 'BACK_TO_BACK' } }),
    ).toEqual([
      {
        item: 'Short payments',
        before: 'borne by the prime — paid in full whatever the commissioner paid',
        after:
          'passed down (back-to-back) — paid on what the prime actually received for the claim',
      },
    ]);
    const tariff: SubcontractTerms = {
      kind: 'MILESTONE_TARIFF',
      ratesPence: { JOB_OUTCOME: 900_00n },
      managementFeeBasisPoints: 1000,
      paymentSlaDays: 30,
    };
    expect(diffSubcontractTerms({ before, after: tariff })).toEqual([
      { item: 'Basis', before: 'share of each outcome payment', after: 'own rate per milestone' },
      { item: 'Share of each payment', before: '70.00%', after: null },
      { item: 'Rate for job outcome', before: null, after: '£900.00' },
    ]);
  });
});

describe('checkBidCommitmentShares', () => {
  it('allows shares up to exactly 100 % and refuses one basis point more', () => {
    const two = (a: number, b: number) => [
      { subcontractorId: 'a', plannedReferralShareBp: a, plannedSpendShareBp: 0 },
      { subcontractorId: 'b', plannedReferralShareBp: b, plannedSpendShareBp: 0 },
    ];
    expect(checkBidCommitmentShares({ commitments: two(6000, 4000) })).toEqual({
      referralShareBp: 10_000,
      spendShareBp: 0,
    });
    expect(codeOf(() => checkBidCommitmentShares({ commitments: two(6000, 4001) }))).toBe(
      TermsError.BID_SHARES_OVER_WHOLE,
    );
  });
});

describe('expiryStatus', () => {
  it('warns within 30 days of expiry and says expired the day after', () => {
    expect(expiryStatus({ expiresOn: '2026-12-31', today: '2026-12-01' })).toEqual({
      status: 'EXPIRING',
      daysLeft: 30,
    });
    expect(expiryStatus({ expiresOn: '2026-12-31', today: '2026-11-30' })).toEqual({
      status: 'CURRENT',
      daysLeft: 31,
    });
    expect(expiryStatus({ expiresOn: '2026-12-31', today: '2026-12-31' })).toEqual({
      status: 'EXPIRING',
      daysLeft: 0,
    });
    expect(expiryStatus({ expiresOn: '2026-12-31', today: '2027-01-01' })).toEqual({
      status: 'EXPIRED',
      daysLeft: -1,
    });
    expect(expiryStatus({ expiresOn: null, today: '2027-01-01' })).toEqual({
      status: 'NO_EXPIRY',
      daysLeft: null,
    });
  });
});
