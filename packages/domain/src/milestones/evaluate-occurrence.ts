import { addDays } from '../dates/add-days.js';
import { addWeeks } from '../dates/add-weeks.js';
import { addWorkingDays } from '../dates/add-working-days.js';
import { daysBetween } from '../dates/days-between.js';
import { formatPence } from '../money/format-pence.js';
import { type DayDate, type MilestoneCode } from '../vocabulary.js';
import { type Journey, type MilestoneAssessment } from './journey.types.js';
import { type MilestoneRule } from './milestone-rule.types.js';
import { resolvePerGroup } from './resolve-per-group.js';

type MilestoneDate =
  | { kind: 'ACHIEVED'; date: DayDate }
  | { kind: 'PENDING'; reason: string; projectedDate?: DayDate };

export interface EvaluationContext {
  journey: Journey;
  rules: readonly MilestoneRule[];
  paymentGroup: string;
  today: DayDate;
  /** Forecasting: a prerequisite projected to be achieved counts as met. */
  projecting: boolean;
}

export function maxOccurrencesOf(rule: MilestoneRule, paymentGroup: string): number {
  return resolvePerGroup({
    value: rule.maxOccurrences,
    paymentGroup,
    field: `${rule.code}.maxOccurrences`,
  });
}

/** Status of one occurrence that has not been claimed. */
export function evaluateOccurrence(
  context: EvaluationContext,
  rule: MilestoneRule,
  occurrence: number,
): MilestoneAssessment {
  const { code } = rule;
  const missing = rule.prerequisites.filter((prerequisite) => {
    const date = milestoneDateOf(context, prerequisite, 1);
    if (date.kind === 'ACHIEVED') return false;
    return !(context.projecting && date.projectedDate !== undefined);
  });
  if (missing.length > 0) {
    return {
      code,
      occurrence,
      status: 'BLOCKED',
      reason: `needs ${missing.join(', ')} first`,
      missingPrerequisites: missing,
    };
  }

  const date = milestoneDateOf(context, code, occurrence);
  const milestoneDate = date.kind === 'ACHIEVED' ? date.date : date.projectedDate;
  if (milestoneDate === undefined) {
    return {
      code,
      occurrence,
      status: 'NOT_YET',
      reason: date.kind === 'PENDING' ? date.reason : '',
    };
  }
  const claimableFrom = laterOf(
    rule.claimableAfterWorkingDays === undefined
      ? milestoneDate
      : addWorkingDays(milestoneDate, rule.claimableAfterWorkingDays),
    earliestClaimableDay(context.journey, rule),
  );
  const claimDeadline = addDays(milestoneDate, rule.claimDeadlineDays);
  const dates = { milestoneDate, claimableFrom, claimDeadline };

  if (date.kind === 'PENDING') {
    return {
      code,
      occurrence,
      status: 'NOT_YET',
      reason: date.reason,
      dueDate: claimableFrom,
      ...dates,
    };
  }
  if (context.today < claimableFrom) {
    return {
      code,
      occurrence,
      status: 'NOT_YET',
      reason: `achieved ${milestoneDate}; claimable from ${claimableFrom}${rule.claimableAfterWorkingDays === undefined ? '' : ` (${rule.claimableAfterWorkingDays} working days after it)`}`,
      dueDate: claimableFrom,
      ...dates,
    };
  }
  if (context.today > claimDeadline) {
    return {
      code,
      occurrence,
      status: 'EXPIRED',
      reason: `claim deadline ${claimDeadline} (${rule.claimDeadlineDays} days after ${milestoneDate}) has passed`,
      ...dates,
    };
  }
  return {
    code,
    occurrence,
    status: 'CLAIMABLE',
    reason: `achieved ${milestoneDate}; claim by ${claimDeadline}`,
    ...dates,
  };
}

function milestoneDateOf(
  context: EvaluationContext,
  code: MilestoneCode,
  occurrence: number,
): MilestoneDate {
  const rule = context.rules.find((r) => r.code === code);
  const timing = rule?.timing ?? { kind: 'ON_EVENT' };
  switch (timing.kind) {
    case 'ON_EVENT': {
      const date = recordedDate(context.journey, code, occurrence);
      if (date === undefined)
        return { kind: 'PENDING', reason: `no ${code} #${occurrence} recorded` };
      if (date > context.today)
        return { kind: 'PENDING', reason: `${code} recorded for ${date}`, projectedDate: date };
      return { kind: 'ACHIEVED', date };
    }
    case 'WEEKS_IN_WORK': {
      const weeks = resolvePerGroup({
        value: timing.weeks,
        paymentGroup: context.paymentGroup,
        field: `${code}.weeks`,
      });
      return dateInWork(context, weeks);
    }
    case 'EVERY_WEEKS_AFTER': {
      const anchor = milestoneDateOf(context, timing.anchor, 1);
      const offsetWeeks = occurrence * timing.everyWeeks;
      if (anchor.kind === 'PENDING') {
        return anchor.projectedDate === undefined
          ? { kind: 'PENDING', reason: `waiting for ${timing.anchor}: ${anchor.reason}` }
          : {
              kind: 'PENDING',
              reason: `period ${occurrence} ends ${offsetWeeks} weeks after ${timing.anchor}, projected for ${anchor.projectedDate}`,
              projectedDate: addWeeks(anchor.projectedDate, offsetWeeks),
            };
      }
      const periodEnd = addWeeks(anchor.date, offsetWeeks);
      if (periodEnd > context.today) {
        return isInWorkOn(context.journey, periodEnd)
          ? {
              kind: 'PENDING',
              reason: `period ${occurrence} ends ${periodEnd}`,
              projectedDate: periodEnd,
            }
          : {
              kind: 'PENDING',
              reason: `period ${occurrence} ends ${periodEnd} but the job has ended`,
            };
      }
      if (!isInWorkOn(context.journey, periodEnd)) {
        return {
          kind: 'PENDING',
          reason: `not in work at the end of period ${occurrence} (${periodEnd})`,
        };
      }
      return { kind: 'ACHIEVED', date: periodEnd };
    }
    case 'EARNINGS_REACHED': {
      const threshold = resolvePerGroup({
        value: timing.thresholdPence,
        paymentGroup: context.paymentGroup,
        field: `${code}.thresholdPence`,
      });
      return dateEarningsReach(context, threshold * BigInt(occurrence));
    }
    case 'BARRIERS_IMPROVED':
      return dateBarriersImproved(context, timing.points * occurrence);
  }
}

/** `earliestDaysAfterStart` counts from attachment, or from the referral before attachment. */
function earliestClaimableDay(journey: Journey, rule: MilestoneRule): DayDate | undefined {
  if (rule.earliestDaysAfterStart === undefined) return undefined;
  return addDays(journey.attachmentDate ?? journey.referralDate, rule.earliestDaysAfterStart);
}

function laterOf(a: DayDate, b: DayDate | undefined): DayDate {
  return b !== undefined && b > a ? b : a;
}

function dateEarningsReach(context: EvaluationContext, neededPence: bigint): MilestoneDate {
  const periods = [...(context.journey.earnings ?? [])]
    .filter((period) => period.date <= context.today)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let total = 0n;
  for (const period of periods) {
    total += period.amountPence;
    if (total >= neededPence) return { kind: 'ACHIEVED', date: period.date };
  }
  return {
    kind: 'PENDING',
    reason: `${formatPence(total)} of ${formatPence(neededPence)} earned in the data-match file`,
  };
}

function dateBarriersImproved(context: EvaluationContext, neededPoints: number): MilestoneDate {
  const assessments = [...(context.journey.assessments ?? [])]
    .filter((assessment) => assessment.date <= context.today)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const baseline = assessments[0];
  if (!baseline) return { kind: 'PENDING', reason: 'no needs assessment recorded' };
  let best = 0;
  for (const assessment of assessments.slice(1)) {
    const improvement = baseline.score - assessment.score;
    if (improvement >= neededPoints) return { kind: 'ACHIEVED', date: assessment.date };
    best = Math.max(best, improvement);
  }
  return {
    kind: 'PENDING',
    reason: `barrier score improved by ${best} of ${neededPoints} points since the first assessment`,
  };
}

function recordedDate(
  journey: Journey,
  code: MilestoneCode,
  occurrence: number,
): DayDate | undefined {
  const event = journey.events.find((e) => e.code === code && e.occurrence === occurrence);
  if (event) return event.date;
  if (code === 'ATTACHMENT' && occurrence === 1) return journey.attachmentDate;
  if (code === 'JOB_START') return sortedJobs(journey)[occurrence - 1]?.startDate;
  return undefined;
}

function sortedJobs(journey: Journey) {
  return [...journey.jobs].sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0,
  );
}

function isInWorkOn(journey: Journey, date: DayDate): boolean {
  return journey.jobs.some(
    (job) => job.startDate <= date && (job.endDate === undefined || job.endDate >= date),
  );
}

// Cumulative days in work across spells: the milestone falls on the day the total reaches weeks × 7.
function dateInWork(context: EvaluationContext, weeks: number): MilestoneDate {
  const neededDays = weeks * 7;
  let counted = 0;
  for (const job of sortedJobs(context.journey)) {
    const remaining = neededDays - counted;
    const reachedOn = addDays(job.startDate, remaining);
    const spellDays =
      job.endDate === undefined ? Infinity : daysBetween(job.startDate, job.endDate);
    if (spellDays >= remaining) {
      if (reachedOn <= context.today) return { kind: 'ACHIEVED', date: reachedOn };
      return {
        kind: 'PENDING',
        reason: `${weeks} weeks in work reached on ${reachedOn} if the job continues`,
        projectedDate: reachedOn,
      };
    }
    counted += spellDays;
  }
  return {
    kind: 'PENDING',
    reason:
      context.journey.jobs.length === 0
        ? 'not in work'
        : `${counted} of ${neededDays} days in work, not currently in work`,
  };
}
