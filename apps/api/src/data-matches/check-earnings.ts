// The Work and Health Programme's outcome test, as a rule over plain data:
// a job outcome is borne out when the participant's reported earnings in the
// 182 days up to the milestone reach the threshold (16 hours a week at the
// National Living Wage over 182 days, DESIGN.md "Reference figures").
import { addDays } from '@waymark/domain';

/** 16 h × £12.21 (NLW from April 2025) × 26 weeks. Configurable per upload. */
export const DEFAULT_EARNINGS_THRESHOLD_PENCE = 16n * 1221n * 26n;
export const EARNINGS_WINDOW_DAYS = 182;

export interface EarningsLine {
  periodStart: string;
  periodEnd: string;
  earningsPence: bigint;
}

/**
 * Sums the lines whose period overlaps the window (a whole line counts: tax
 * records are reported per pay period and are not pro-rated) and compares.
 */
export function checkEarnings({
  milestoneOn,
  lines,
  thresholdPence,
}: {
  milestoneOn: string;
  lines: readonly EarningsLine[];
  thresholdPence: bigint;
}) {
  const windowStart = addDays(milestoneOn, -EARNINGS_WINDOW_DAYS);
  const windowEnd = milestoneOn;
  const inWindow = lines.filter(
    (line) => line.periodEnd >= windowStart && line.periodStart <= windowEnd,
  );
  const earningsPence = inWindow.reduce((sum, line) => sum + line.earningsPence, 0n);
  const isVerified = inWindow.length > 0 && earningsPence >= thresholdPence;
  const reason = isVerified
    ? `earnings of ${earningsPence}p between ${windowStart} and ${windowEnd} reach the ${thresholdPence}p threshold`
    : inWindow.length === 0
      ? `no earnings reported between ${windowStart} and ${windowEnd}`
      : `earnings of ${earningsPence}p between ${windowStart} and ${windowEnd} fall short of the ${thresholdPence}p threshold`;
  return {
    outcome: isVerified ? ('VERIFIED' as const) : ('FLAGGED' as const),
    earningsPence,
    windowStart,
    windowEnd,
    reason,
  };
}
