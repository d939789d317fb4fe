import { daysBetween } from '../dates/days-between.js';
import { type DayDate } from '../vocabulary.js';

export type ExpiryStatus = 'CURRENT' | 'EXPIRING' | 'EXPIRED' | 'NO_EXPIRY';

/** Whether a document is still good on `today`: expired after its expiry day, expiring within `warningDays` of it. */
export function expiryStatus({
  expiresOn,
  today,
  warningDays = 30,
}: {
  expiresOn: DayDate | null;
  today: DayDate;
  warningDays?: number;
}): { status: ExpiryStatus; daysLeft: number | null } {
  if (expiresOn === null) return { status: 'NO_EXPIRY', daysLeft: null };
  const daysLeft = daysBetween(today, expiresOn);
  if (daysLeft < 0) return { status: 'EXPIRED', daysLeft };
  return { status: daysLeft <= warningDays ? 'EXPIRING' : 'CURRENT', daysLeft };
}
