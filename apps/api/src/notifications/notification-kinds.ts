// The kinds of notification: the same spellings as the database enum "NotificationKind". The words a person reads
// for each (label and description) are the dictionary's (packages/domain/src/words/words.ts), so the portal and
// this API name them from one place.
import { NOTIFICATION_KIND_DESCRIPTION, WORDS } from '@waymark/domain';

export const NOTIFICATION_KINDS = [
  'CLAIM_QUERIED',
  'CLAIM_APPROVED',
  'CLAIM_REJECTED',
  'PAYMENT_MADE',
  'PAYMENT_LATE',
  'REFERRAL_ALLOCATED',
  'DOCUMENT_EXPIRING',
  'ALERT_RAISED',
] as const satisfies readonly (keyof typeof WORDS.notificationKind)[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_WORDS = Object.fromEntries(
  NOTIFICATION_KINDS.map((kind) => [
    kind,
    { label: WORDS.notificationKind[kind], description: NOTIFICATION_KIND_DESCRIPTION[kind] },
  ]),
) as Record<NotificationKind, { label: string; description: string }>;
