import { daysBetween } from '../dates/days-between.js';
import { type DayDate } from '../vocabulary.js';

/** Why a journey fact's date is refused. */
export type RecordingDateRefusal = 'BEFORE_REFERRAL' | 'IN_FUTURE' | 'OUTSIDE_LATE_WINDOW';

export type RecordingDateCheck =
  | { readonly isAccepted: true; readonly daysLate: number; readonly isLate: boolean }
  | {
      readonly isAccepted: false;
      readonly refusal: RecordingDateRefusal;
      readonly message: string;
    };

/**
 * Whether a caseworker may record that something happened on `occurredOn` (an activity, a milestone, an
 * attachment), recording it `today`:
 * - never before the referral was received (it would be priced under rules and tariffs the participant never ran
 *   under, e.g. an earlier contract year's higher tariff), nor in the future;
 * - up to `lateRecordingDays` after it happened (the programme's setting), flagged late when after the day itself.
 */
export function checkRecordingDate(input: {
  occurredOn: DayDate;
  referralReceivedOn: DayDate;
  today: DayDate;
  lateRecordingDays: number;
}): RecordingDateCheck {
  const { occurredOn, referralReceivedOn, today, lateRecordingDays } = input;
  if (occurredOn < referralReceivedOn) {
    return {
      isAccepted: false,
      refusal: 'BEFORE_REFERRAL',
      message: `must be on or after the referral was received (${referralReceivedOn})`,
    };
  }
  if (occurredOn > today)
    return {
      isAccepted: false,
      refusal: 'IN_FUTURE',
      message: `must not be in the future (today is ${today})`,
    };
  const daysLate = daysBetween(occurredOn, today);
  if (daysLate > lateRecordingDays) {
    return {
      isAccepted: false,
      refusal: 'OUTSIDE_LATE_WINDOW',
      message: `is ${daysLate} days ago; the programme allows recording up to ${lateRecordingDays} days late`,
    };
  }
  return { isAccepted: true, daysLate, isLate: daysLate > 0 };
}
