import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { NEEDS_BASED_GROUPING_RULES, NEEDS_BASED_GROUPS } from '../models/needs-based.model.js';
import { WORK_PROGRAMME_GROUPING_RULES } from '../models/work-programme.model.js';
import { BARRIER_TYPES, SEVERITIES } from '../vocabulary.js';
import { assignPaymentGroup } from './assign-payment-group.js';
import { type Barrier } from './grouping-rule.types.js';
import { PaymentGroupError } from './payment-group.errors.js';

const assign = (barriers: Barrier[], benefitType = 'ESA_FLOW') =>
  assignPaymentGroup({ assessment: { barriers }, benefitType, rules: NEEDS_BASED_GROUPING_RULES });

describe('assignPaymentGroup', () => {
  it('puts any HIGH health barrier in group D, whatever the benefit', () => {
    expect(assign([{ type: 'HEALTH', severity: 3 }], 'JSA_25_PLUS')).toMatchObject({
      paymentGroup: 'D',
      ruleId: 'NB_D_HIGH_HEALTH_OR_SUBSTANCE',
    });
  });

  it('puts two MEDIUM barriers in group C', () => {
    const result = assign([
      { type: 'HOUSING', severity: 2 },
      { type: 'OFFENDING', severity: 2 },
    ]);
    expect(result).toMatchObject({
      paymentGroup: 'C',
      ruleId: 'NB_C_TWO_MEDIUM',
      ruleSetVersion: 'NB-2026',
    });
    expect(result.explanation).toContain('housing medium');
  });

  it('takes the first matching rule in order', () => {
    // Matches both NB_D_SCORE_12 and NB_C_TWO_MEDIUM; D comes first.
    const barriers: Barrier[] = BARRIER_TYPES.slice(0, 6).map((type) => ({ type, severity: 2 }));
    expect(assign(barriers).ruleId).toBe('NB_D_SCORE_12');
  });

  it('falls back to group A with no significant barriers', () => {
    expect(assign([{ type: 'CARING', severity: 1 }])).toMatchObject({
      paymentGroup: 'A',
      ruleId: 'NB_A_FALLBACK',
    });
  });

  it('groups by benefit type alone under the Work Programme rules', () => {
    const wp = (benefitType: string) =>
      assignPaymentGroup({
        assessment: { barriers: [{ type: 'HEALTH', severity: 3 }] },
        benefitType,
        rules: WORK_PROGRAMME_GROUPING_RULES,
      });
    expect(wp('JSA_18_24').paymentGroup).toBe('JSA_18_24');
    expect(wp('ESA_EX_IB').paymentGroup).toBe('ESA_EX_IB');
    expect(wp('JSA').paymentGroup).toBe('JSA_25_PLUS');
  });

  it('rejects a severity outside 0–3', () => {
    expect(() => assign([{ type: 'HEALTH', severity: 4 as 3 }])).toThrow(DomainError);
    try {
      assign([{ type: 'HEALTH', severity: -1 as 0 }]);
    } catch (error) {
      expect((error as DomainError).code).toBe(PaymentGroupError.INVALID_SEVERITY);
    }
  });

  it('never gives a lower-need group when a barrier gets worse', () => {
    const barrier = fc.record({
      type: fc.constantFrom(...BARRIER_TYPES),
      severity: fc.constantFrom(...SEVERITIES),
    });
    fc.assert(
      fc.property(fc.array(barrier, { maxLength: 9 }), fc.nat(), (barriers, pick) => {
        if (barriers.length === 0) return;
        const index = pick % barriers.length;
        const worse = barriers.map((b, i) => (i === index ? { ...b, severity: 3 as const } : b));
        const rank = (group: string) => NEEDS_BASED_GROUPS.indexOf(group as 'A');
        expect(rank(assign(worse).paymentGroup)).toBeGreaterThanOrEqual(
          rank(assign(barriers).paymentGroup),
        );
      }),
    );
  });
});
