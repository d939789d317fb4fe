// The kinds of notification, each with the words a person reads on the
// preferences page. The same spellings are the database enum "NotificationKind".
export const NOTIFICATION_KINDS = [
  'CLAIM_QUERIED',
  'CLAIM_APPROVED',
  'CLAIM_REJECTED',
  'PAYMENT_MADE',
  'PAYMENT_LATE',
  'REFERRAL_ALLOCATED',
  'DOCUMENT_EXPIRING',
  'ALERT_RAISED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_WORDS: Record<
  NotificationKind,
  { label: string; description: string }
> = {
  CLAIM_QUERIED: {
    label: 'Claim queried',
    description:
      'A prime or commissioner has a question about a claim your organisation made or handles.',
  },
  CLAIM_APPROVED: {
    label: 'Claim approved',
    description: 'A claim your organisation made or handles was approved.',
  },
  CLAIM_REJECTED: {
    label: 'Claim rejected',
    description: 'A claim your organisation made or handles was rejected, with the reason.',
  },
  PAYMENT_MADE: {
    label: 'Payment made',
    description: 'A payment to your organisation was recorded as paid.',
  },
  PAYMENT_LATE: {
    label: 'Payment late',
    description: 'Payments to your organisation are running later than the subcontract allows.',
  },
  REFERRAL_ALLOCATED: {
    label: 'Referral allocated',
    description: 'A participant was allocated to your organisation.',
  },
  DOCUMENT_EXPIRING: {
    label: 'Document expiring',
    description:
      'A due-diligence document (insurance, safeguarding, registration) is about to expire.',
  },
  ALERT_RAISED: {
    label: 'Alert raised',
    description:
      'A performance alert (flow-down, parking, late payment) was raised on a contract you manage or commission.',
  },
};
