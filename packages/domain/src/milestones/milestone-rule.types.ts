import { type MilestoneCode } from '../vocabulary.js';

/** A number that may differ by payment group (`otherwise` covers groups not listed). */
export type PerGroup<T> =
  T | { readonly byGroup: Readonly<Partial<Record<string, T>>>; readonly otherwise?: T };

export type MilestoneTiming =
  /** Falls on the date a caseworker records it (attachment, qualification, job start, …). */
  | { readonly kind: 'ON_EVENT' }
  /** Falls when cumulative days in work since the first job start reach `weeks` × 7 (job outcome). */
  | { readonly kind: 'WEEKS_IN_WORK'; readonly weeks: PerGroup<number> }
  /** Occurrence k falls `k × everyWeeks` after `anchor`, if still in work then (sustainment). */
  | {
      readonly kind: 'EVERY_WEEKS_AFTER';
      readonly anchor: MilestoneCode;
      readonly everyWeeks: number;
    }
  /**
   * Occurrence k falls on the first day the participant's cumulative earnings in the data-match
   * file reach k × `thresholdPence` (the Work and Health Programme's and Restart's earnings outcome).
   */
  | { readonly kind: 'EARNINGS_REACHED'; readonly thresholdPence: PerGroup<bigint> }
  /**
   * Distance travelled: occurrence k falls on the first needs assessment whose total barrier score
   * is at least k × `points` below the first assessment's.
   */
  | { readonly kind: 'BARRIERS_IMPROVED'; readonly points: number };

export interface MilestoneRule {
  readonly code: MilestoneCode;
  /** Codes that must have been achieved (first occurrence) before this one can be. */
  readonly prerequisites: readonly MilestoneCode[];
  readonly timing: MilestoneTiming;
  readonly maxOccurrences: PerGroup<number>;
  /** Claimable only this many working days after the milestone date (WP sustainment: 15). */
  readonly claimableAfterWorkingDays?: number;
  /** Never claimable before attachment (or the referral, before attachment) + this many days. */
  readonly earliestDaysAfterStart?: number;
  /** Last day to claim = milestone date + this many days. */
  readonly claimDeadlineDays: number;
}
