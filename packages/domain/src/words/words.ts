// The one dictionary of codes people read: the API answers with codes, and the
// portal and every export render these words. Milestones and payment groups are
// not here — their names live in the programme's stored definition (render the
// definition's name, never its code). A code missing from its vocabulary still
// reads as words (sentence case), never as SHOUTED_SNAKE_CASE; the browser test
// apps/web/test/portal-navigation.test.ts fails when any key below shows raw on a page. Audit actions and record types
// live beside this file (audit-words.ts) and are vocabularies here like the rest.
import {
  AUDIT_ACTION,
  describeAuditAction,
  describeRecordType,
  RECORD_TYPE,
} from './audit-words.js';

const STATUS = {
  // referrals
  RECEIVED: 'Received',
  ACCEPTED: 'Accepted',
  REJECTED: 'Rejected',
  ALLOCATED: 'Allocated',
  ATTACHED: 'Attached',
  EXITED: 'Exited',
  // claims
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  PRIME_QUERIED: 'Prime queried',
  PRIME_APPROVED: 'Prime approved',
  PRIME_REJECTED: 'Prime rejected',
  SUBMITTED_TO_COMMISSIONER: 'Submitted to the commissioner',
  QUERIED: 'Commissioner queried',
  APPROVED: 'Approved',
  PAID: 'Paid',
  CLAWED_BACK: 'Clawed back',
  WITHDRAWN: 'Withdrawn',
  // remittances, payments, programme versions, subcontracts, bids
  EXPORTED: 'Exported',
  AWAITING_APPROVAL: 'Awaiting approval',
  PUBLISHED: 'Published',
  OFFERED: 'Offered',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  ENDED: 'Ended',
  PROPOSED: 'Proposed',
  CONFIRMED: 'Confirmed',
  // reconciliation
  MATCHED: 'Matched',
  SHORT: 'Paid short',
  OVER: 'Overpaid',
  LATE: 'Paid late',
  UNMATCHED: 'Unmatched',
  NOT_YET_DUE: 'Not yet due',
  // checks, disputes, imports, alerts, data protection, expiry
  PENDING: 'Pending',
  PASSED: 'Passed',
  FAILED: 'Failed',
  OPEN: 'Open',
  ANSWERED: 'Answered',
  RESOLVED: 'Resolved',
  QUEUED: 'Queued',
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  RAISED: 'Raised',
  ACKNOWLEDGED: 'Acknowledged',
  VERIFIED: 'Verified',
  FLAGGED: 'Flagged',
  REQUESTED: 'Requested',
  REFUSED: 'Refused',
  EXECUTED: 'Executed',
  REVOKED: 'Revoked',
  CURRENT: 'Current',
  EXPIRING: 'Expiring soon',
  EXPIRED: 'Expired',
  NO_EXPIRY: 'Does not expire',
  // where a milestone stands for a participant
  CLAIMABLE: 'Claimable now',
  NOT_YET: 'Not yet',
  BLOCKED: 'Blocked',
  EXHAUSTED: 'All occurrences claimed',
  ALREADY_CLAIMED: 'Already claimed',
} as const;

/**
 * Benefit a participant claims: a different list from payment groups, though some Work Programme group codes reuse
 * benefit codes. The sector says JSA, ESA, UC: the plain benefits carry their acronym, so a programme's group named
 * "New ESA claimants" reads as words; the compound codes (ESA_FLOW) never show raw.
 */
const BENEFIT_TYPE = {
  UC: 'Universal Credit (UC)',
  JSA: "Jobseeker's Allowance (JSA)",
  ESA: 'Employment and Support Allowance (ESA)',
  IS: 'Income Support (IS)',
  IB: 'Incapacity Benefit (IB)',
  PIP: 'Personal Independence Payment (PIP)',
  NONE: 'No benefit',
  JSA_18_24: "Jobseeker's Allowance, aged 18 to 24",
  JSA_25_PLUS: "Jobseeker's Allowance, aged 25 or over",
  JSA_EARLY_ACCESS: "Jobseeker's Allowance, early access",
  JSA_EX_IB: "Jobseeker's Allowance, formerly on Incapacity Benefit",
  ESA_VOLUNTEERS: 'Employment and Support Allowance, volunteer',
  ESA_FLOW: 'Employment and Support Allowance, new claimant',
  ESA_EX_IB: 'Employment and Support Allowance, formerly on Incapacity Benefit',
  IB_IS: 'Incapacity Benefit or Income Support',
} as const;

const BARRIER_TYPE = {
  HEALTH: 'Health',
  DISABILITY: 'Disability',
  HOUSING: 'Housing',
  OFFENDING: 'Offending history',
  LANGUAGE: 'Language',
  BASIC_SKILLS: 'Basic skills',
  CARING: 'Caring responsibilities',
  SUBSTANCE_MISUSE: 'Substance misuse',
  TIME_OUT_OF_WORK: 'Time out of work',
} as const;

/** Barrier severity as stored (0–3) and as its name. */
const SEVERITY = {
  NONE: 'None',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  '0': 'None',
  '1': 'Low',
  '2': 'Medium',
  '3': 'High',
} as const;

/** What a caseworker logs, and how activities are stored. */
const ACTIVITY_KIND = {
  CONTACT: 'Contact',
  APPOINTMENT: 'Appointment',
  TRAINING: 'Training',
  NOTE: 'Note',
  ACTION_PLAN: 'Action plan agreed',
  WORK_PLACEMENT: 'Work placement',
  ACCREDITED_QUALIFICATION: 'Accredited qualification',
  VOLUNTEERING: 'Volunteering',
  JOB_START: 'Job start',
  JOB_LEAVE: 'Left job',
  SELF_EMPLOYMENT_START: 'Self-employment start',
  MILESTONE: 'Milestone',
  PLACEMENT: 'Placement',
  REVIEW: 'Review',
  OTHER: 'Activity',
  NEEDS_ASSESSMENT: 'Needs assessment',
} as const;

const ORGANISATION_KIND = {
  COMMISSIONER: 'Commissioner',
  PRIME: 'Prime provider',
  SUBCONTRACTOR: 'Subcontractor',
  REFERRAL_PARTNER: 'Referral partner',
  PLATFORM: 'Platform operator',
} as const;

const ROLE = {
  ADMIN: 'Administrator',
  CASEWORKER: 'Caseworker',
  FINANCE: 'Finance',
  AUDITOR: 'Auditor',
} as const;

const TURNOVER_BAND = {
  MICRO: 'Micro (under £100k)',
  SMALL: 'Small (£100k–£1m)',
  MEDIUM: 'Medium (£1m–£10m)',
  LARGE: 'Large (over £10m)',
  UNKNOWN: 'Not recorded',
} as const;

const SECTOR_TYPE = {
  VOLUNTARY: 'Voluntary sector',
  PUBLIC: 'Public sector',
  PRIVATE: 'Private sector',
} as const;

const SUBCONTRACT_TIER = {
  END_TO_END: 'End-to-end',
  SPECIALIST: 'Specialist',
  SPOT: 'Spot purchase',
} as const;

const TERMS_KIND = {
  PBR_SHARE: 'Share of payment by results',
  MILESTONE_TARIFF: 'Milestone tariff',
  SERVICE_FEE: 'Service fee',
  GRANT: 'Grant',
  HYBRID: 'Hybrid (fee and results)',
} as const;

const ALLOCATION_RULE = {
  BID_SHARE: 'Bid share',
  ROUND_ROBIN: 'Round robin',
  SPECIALISM_FIRST: 'Specialism first',
  MANUAL: 'Chosen by hand',
  AREA_NOT_COVERED: 'Does not cover the area',
  GROUP_NOT_SERVED: 'Does not serve the payment group',
  AT_CAPACITY: 'At capacity',
} as const;

const SPECIALISM = {
  END_TO_END: 'End-to-end support',
  YOUNG_PEOPLE: 'Young people',
  ESOL: 'ESOL (English for speakers of other languages)',
  EX_OFFENDERS: 'People with convictions',
  LOCAL_COMMUNITY: 'Local community',
  HOUSING: 'Housing',
  LONE_PARENTS: 'Lone parents',
  MENTAL_HEALTH: 'Mental health',
  SELF_EMPLOYMENT: 'Self-employment',
} as const;

const DUE_DILIGENCE_KIND = {
  REGISTRATION: 'Registration',
  INSURANCE: 'Insurance',
  SAFEGUARDING: 'Safeguarding',
  QUALITY_CHECK: 'Quality check',
  OTHER: 'Other check',
} as const;

const ALERT_KIND = {
  FLOW_DOWN_REFERRALS: 'Referrals below bid',
  FLOW_DOWN_SPEND: 'Spend below bid',
  PARKING: 'Possible parking',
  LATE_PAYMENT: 'Late payment',
} as const;

const MONEY_FLOW = {
  REMITTED: 'Paid to the prime',
  PASSED_DOWN: 'Passed down to a subcontractor',
} as const;

const DATA_PROTECTION = {
  ERASURE: 'Erasure',
  RECTIFICATION: 'Rectification',
  RETENTION: 'Retention period ended',
  SCHEDULE: 'Scheduled',
  MANUAL: 'Run by hand',
  CONTROLLER: 'Controller',
  PROCESSOR: 'Processor',
  JOINT_CONTROLLER: 'Joint controller',
} as const;

/** Kinds of notification (the database enum "NotificationKind"), as the inbox, settings and outbox name them. */
const NOTIFICATION_KIND = {
  CLAIM_QUERIED: 'Claim queried',
  CLAIM_APPROVED: 'Claim approved',
  CLAIM_REJECTED: 'Claim rejected',
  PAYMENT_MADE: 'Payment made',
  PAYMENT_LATE: 'Payment late',
  REFERRAL_ALLOCATED: 'Referral allocated',
  DOCUMENT_EXPIRING: 'Document expiring',
  ALERT_RAISED: 'Alert raised',
} as const;

/** What each kind of notification tells a person about, for the notification settings. */
export const NOTIFICATION_KIND_DESCRIPTION: Readonly<
  Record<keyof typeof NOTIFICATION_KIND, string>
> = {
  CLAIM_QUERIED:
    'A prime or commissioner has a question about a claim your organisation made or handles.',
  CLAIM_APPROVED: 'A claim your organisation made or handles was approved.',
  CLAIM_REJECTED: 'A claim your organisation made or handles was rejected, with the reason.',
  PAYMENT_MADE: 'A payment to your organisation was recorded as paid.',
  PAYMENT_LATE: 'Payments to your organisation are running later than the subcontract allows.',
  REFERRAL_ALLOCATED: 'A participant was allocated to your organisation.',
  DOCUMENT_EXPIRING:
    'A due-diligence document (insurance, safeguarding, registration) is about to expire.',
  ALERT_RAISED:
    'A performance alert (flow-down, parking, late payment) was raised on a contract you manage or commission.',
};

const IMPORT = { ALL_OR_NOTHING: 'All or nothing', VALID_ROWS: 'Valid rows only' } as const;

export const WORDS = {
  status: STATUS,
  benefitType: BENEFIT_TYPE,
  barrierType: BARRIER_TYPE,
  severity: SEVERITY,
  activityKind: ACTIVITY_KIND,
  organisationKind: ORGANISATION_KIND,
  role: ROLE,
  turnoverBand: TURNOVER_BAND,
  sectorType: SECTOR_TYPE,
  subcontractTier: SUBCONTRACT_TIER,
  termsKind: TERMS_KIND,
  allocationRule: ALLOCATION_RULE,
  specialism: SPECIALISM,
  dueDiligenceKind: DUE_DILIGENCE_KIND,
  alertKind: ALERT_KIND,
  moneyFlow: MONEY_FLOW,
  dataProtection: DATA_PROTECTION,
  import: IMPORT,
  notificationKind: NOTIFICATION_KIND,
  auditAction: AUDIT_ACTION,
  recordType: RECORD_TYPE,
} as const satisfies Record<string, Record<string, string>>;

export type Vocabulary = keyof typeof WORDS;

/** Codes with words in a vocabulary, in the dictionary's order (for select options). */
export function codesOf<V extends Vocabulary>(vocabulary: V): (keyof (typeof WORDS)[V] & string)[] {
  return Object.keys(WORDS[vocabulary]) as (keyof (typeof WORDS)[V] & string)[];
}

/** A code as words: the dictionary's words, or — for a code it does not know yet — the code in sentence case. */
export function wordFor(vocabulary: Vocabulary, code: string | number | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const words = (WORDS[vocabulary] as Record<string, string>)[String(code)];
  if (words) return words;
  // Audit codes are dotted and hyphenated: their own renderer reads an unnamed one as "Record: verb".
  if (vocabulary === 'auditAction') return describeAuditAction(String(code));
  if (vocabulary === 'recordType') return describeRecordType(String(code));
  const lower = String(code).toLowerCase().replace(/_/g, ' ');
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** A code's shape: SHOUTED_SNAKE_CASE, or an audit action's dotted `record.verb` (`claim.prime-approved`). */
export const CODE_SHAPE = /^(?:[A-Z][A-Z0-9_]+|[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*)$/;

/** Every code the dictionary knows that looks like a code (CODE_SHAPE), for tests that look for raw codes on a page. */
export function dictionaryCodes(): string[] {
  const codes = new Set<string>();
  // An acronym people read (ESOL) is in its own words, so showing it is not showing a code.
  for (const vocabulary of Object.values(WORDS))
    for (const [code, words] of Object.entries(vocabulary))
      if (CODE_SHAPE.test(code) && !words.includes(code)) codes.add(code);
  return [...codes].sort();
}
