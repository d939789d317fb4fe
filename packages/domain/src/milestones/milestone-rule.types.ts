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
    };

export interface MilestoneRule {
  readonly code: MilestoneCode;
  /** Codes that must have been achieved (first occurrence) before this one can be. */
  readonly prerequisites: readonly MilestoneCode[];
  readonly timing: MilestoneTiming;
  readonly maxOccurrences: PerGroup<number>;
  /** Claimable only this many working days after the milestone date (WP sustainment: 15). */
  readonly claimableAfterWorkingDays?: number;
  /** Last day to claim = milestone date + this many days. */
  readonly claimDeadlineDays: number;
}
