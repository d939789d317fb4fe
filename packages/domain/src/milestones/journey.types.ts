import { type DayDate, type MilestoneCode } from '../vocabulary.js';

export interface AchievedMilestone {
  readonly code: MilestoneCode;
  readonly date: DayDate;
  readonly occurrence: number;
}

export interface JobSpell {
  readonly startDate: DayDate;
  /** Last day in work; absent while the job continues. */
  readonly endDate?: DayDate;
}

/** What has happened to one participant, as the milestone rules need to see it. */
export interface Journey {
  readonly referralDate: DayDate;
  /** Counts as ATTACHMENT occurrence 1 when no ATTACHMENT event is recorded. */
  readonly attachmentDate?: DayDate;
  readonly events: readonly AchievedMilestone[];
  /** Job spells; the n-th spell's start counts as JOB_START occurrence n when none is recorded. */
  readonly jobs: readonly JobSpell[];
  /** Earnings per period from the data-match file, by the day the period ends (EARNINGS_REACHED). */
  readonly earnings?: readonly { readonly date: DayDate; readonly amountPence: bigint }[];
  /** Needs assessments' total barrier scores by day (BARRIERS_IMPROVED). */
  readonly assessments?: readonly { readonly date: DayDate; readonly score: number }[];
  /** Live claims already made (any status in LIVE_CLAIM_STATUSES). */
  readonly claims: readonly { readonly code: MilestoneCode; readonly occurrence: number }[];
}

export const MILESTONE_STATUSES = [
  'CLAIMABLE',
  'NOT_YET',
  'BLOCKED',
  'EXPIRED',
  'EXHAUSTED',
  'ALREADY_CLAIMED',
] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export interface MilestoneAssessment {
  code: MilestoneCode;
  occurrence: number;
  status: MilestoneStatus;
  reason: string;
  /** When the milestone fell (or is projected to fall, for NOT_YET). */
  milestoneDate?: DayDate;
  /** NOT_YET: the day it is expected to become claimable, if it can be projected. */
  dueDate?: DayDate;
  claimableFrom?: DayDate;
  claimDeadline?: DayDate;
  /** BLOCKED: prerequisites not yet achieved. */
  missingPrerequisites?: MilestoneCode[];
}
