import { type BarrierType, type DayDate, type Severity } from '../vocabulary.js';

export interface Barrier {
  readonly type: BarrierType;
  /** 0 NONE, 1 LOW, 2 MEDIUM, 3 HIGH. */
  readonly severity: Severity;
}

export interface NeedsAssessment {
  readonly barriers: readonly Barrier[];
}

export type GroupingCondition =
  /** Some barrier (of the listed types, or any type) at or above `severity`. */
  | {
      readonly kind: 'ANY_BARRIER_AT_LEAST';
      readonly severity: Severity;
      readonly types?: readonly BarrierType[];
    }
  /** At least `count` barriers at or above `severity`. */
  | { readonly kind: 'COUNT_AT_LEAST'; readonly severity: Severity; readonly count: number }
  /** Sum of severities at least `score`. */
  | { readonly kind: 'TOTAL_SCORE_AT_LEAST'; readonly score: number }
  | { readonly kind: 'BENEFIT_TYPE_IN'; readonly benefitTypes: readonly string[] }
  /** Age in whole years on the referral date, within [minYears, maxYears] (either bound optional). */
  | { readonly kind: 'AGE_BETWEEN'; readonly minYears?: number; readonly maxYears?: number }
  | { readonly kind: 'ALL'; readonly conditions: readonly GroupingCondition[] }
  | { readonly kind: 'ANY'; readonly conditions: readonly GroupingCondition[] };

export interface GroupingRule {
  readonly id: string;
  readonly description: string;
  readonly when: GroupingCondition;
  readonly paymentGroup: string;
}

/** An ordered rule list: the first rule that matches decides; `fallback` when none does. */
export interface GroupingRuleSet {
  readonly version: string;
  readonly effectiveFrom: DayDate;
  readonly effectiveTo?: DayDate;
  readonly rules: readonly GroupingRule[];
  readonly fallback: {
    readonly id: string;
    readonly paymentGroup: string;
    readonly description: string;
  };
}
