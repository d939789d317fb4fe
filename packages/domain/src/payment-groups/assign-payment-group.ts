import { DomainError } from '../errors/domain-error.js';
import { SEVERITIES } from '../vocabulary.js';
import { PaymentGroupError } from './payment-group.errors.js';
import { wordFor } from '../words/words.js';
import {
  type Barrier,
  type GroupingCondition,
  type GroupingRuleSet,
  type NeedsAssessment,
} from './grouping-rule.types.js';

export interface PaymentGroupAssignment {
  paymentGroup: string;
  ruleId: string;
  ruleSetVersion: string;
  explanation: string;
}

const SEVERITY_NAMES = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;

/** Sum of the barriers' severities (0–3 each): the "total score" grouping rules and distance travelled read. */
export function totalBarrierScore(barriers: readonly Pick<Barrier, 'severity'>[]): number {
  return barriers.reduce((sum, b) => sum + b.severity, 0);
}

/** Applies the rule set in order; the first rule whose condition holds sets the payment group. */
export function assignPaymentGroup({
  assessment,
  benefitType,
  ageYears,
  rules,
}: {
  assessment: NeedsAssessment;
  benefitType: string;
  /** Age on the referral date; AGE_BETWEEN conditions never hold when it is unknown. */
  ageYears?: number;
  rules: GroupingRuleSet;
}): PaymentGroupAssignment {
  for (const barrier of assessment.barriers) {
    if (!(SEVERITIES as readonly number[]).includes(barrier.severity)) {
      throw new DomainError(
        PaymentGroupError.INVALID_SEVERITY,
        `severity of ${barrier.type} must be 0–3, got ${barrier.severity}`,
        {
          field: barrier.type,
          allowed: SEVERITIES,
        },
      );
    }
  }
  const barrierSummary =
    assessment.barriers
      .filter((b) => b.severity > 0)
      .map(
        (b) =>
          `${wordFor('barrierType', b.type).toLowerCase()} ${wordFor('severity', SEVERITY_NAMES[b.severity]).toLowerCase()}`,
      )
      .join(', ') || 'no barriers';
  // In words people read (the dictionary): "benefit Universal Credit, age 34; offending history low".
  const facts = `benefit ${wordFor('benefitType', benefitType)}${ageYears === undefined ? '' : `, age ${ageYears}`}; ${barrierSummary}`;

  for (const rule of rules.rules) {
    if (!holds({ condition: rule.when, assessment, benefitType, ageYears })) continue;
    return {
      paymentGroup: rule.paymentGroup,
      ruleId: rule.id,
      ruleSetVersion: rules.version,
      explanation: `${rule.description} matched: ${facts}`,
    };
  }
  return {
    paymentGroup: rules.fallback.paymentGroup,
    ruleId: rules.fallback.id,
    ruleSetVersion: rules.version,
    explanation: `no rule matched, so ${rules.fallback.description}: ${facts}`,
  };
}

function holds({
  condition,
  assessment,
  benefitType,
  ageYears,
}: {
  condition: GroupingCondition;
  assessment: NeedsAssessment;
  benefitType: string;
  ageYears: number | undefined;
}): boolean {
  const { barriers } = assessment;
  switch (condition.kind) {
    case 'ANY_BARRIER_AT_LEAST':
      return barriers.some(
        (b) =>
          b.severity >= condition.severity &&
          (condition.types === undefined || condition.types.includes(b.type)),
      );
    case 'COUNT_AT_LEAST':
      return barriers.filter((b) => b.severity >= condition.severity).length >= condition.count;
    case 'TOTAL_SCORE_AT_LEAST':
      return totalBarrierScore(barriers) >= condition.score;
    case 'BENEFIT_TYPE_IN':
      return condition.benefitTypes.includes(benefitType);
    case 'AGE_BETWEEN':
      return (
        ageYears !== undefined &&
        (condition.minYears === undefined || ageYears >= condition.minYears) &&
        (condition.maxYears === undefined || ageYears <= condition.maxYears)
      );
    case 'ALL':
      return condition.conditions.every((c) =>
        holds({ condition: c, assessment, benefitType, ageYears }),
      );
    case 'ANY':
      return condition.conditions.some((c) =>
        holds({ condition: c, assessment, benefitType, ageYears }),
      );
  }
}
