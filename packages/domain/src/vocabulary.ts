// Shared vocabulary: these exact spellings are the database enums too.

export const ORGANISATION_KINDS = [
  'COMMISSIONER',
  'PRIME',
  'SUBCONTRACTOR',
  'REFERRAL_PARTNER',
  'PLATFORM',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = ['ADMIN', 'CASEWORKER', 'FINANCE', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

// MICRO < £100k, SMALL £100k–£1m, MEDIUM £1m–£10m, LARGE > £10m annual turnover.
export const TURNOVER_BANDS = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'] as const;
export type TurnoverBand = (typeof TURNOVER_BANDS)[number];

export const SECTOR_TYPES = ['VOLUNTARY', 'PUBLIC', 'PRIVATE'] as const;
export type SectorType = (typeof SECTOR_TYPES)[number];

export const SUBCONTRACT_TIERS = ['END_TO_END', 'SPECIALIST', 'SPOT'] as const;
export type SubcontractTier = (typeof SUBCONTRACT_TIERS)[number];

export const TERMS_KINDS = [
  'PBR_SHARE',
  'MILESTONE_TARIFF',
  'SERVICE_FEE',
  'GRANT',
  'HYBRID',
] as const;
export type TermsKind = (typeof TERMS_KINDS)[number];

/**
 * Who bears a commissioner's short payment of a claim, per the subcontract's terms (claim-priced kinds):
 * PRIME_BEARS (the default) — the subcontractor is owed its full entitlement whatever the prime received;
 * BACK_TO_BACK ("pay when paid") — its entitlement follows the prime's share of what was received for the
 * claim, never more than the claimed amount (an overpayment is the commissioner's to recover, not passed down).
 */
export const SHORT_PAYMENT_FLOW_DOWNS = ['PRIME_BEARS', 'BACK_TO_BACK'] as const;
export type ShortPaymentFlowDown = (typeof SHORT_PAYMENT_FLOW_DOWNS)[number];

export const MILESTONE_CODES = [
  'ATTACHMENT',
  'NEEDS_ASSESSMENT',
  'ACTION_PLAN',
  'ACCREDITED_QUALIFICATION',
  'WORK_PLACEMENT',
  'VOLUNTEERING',
  'SELF_EMPLOYMENT_START',
  'JOB_START',
  'JOB_OUTCOME',
  'SUSTAINMENT',
] as const;
/**
 * A milestone's code. Each payment model version defines its own milestones (packages/domain
 * definition), so any code matching MILESTONE_CODE_PATTERN is valid; MILESTONE_CODES are the
 * sector's common ones, which caseworkers' activity kinds record directly.
 */
export type MilestoneCode = string;
export type StandardMilestoneCode = (typeof MILESTONE_CODES)[number];
export const MILESTONE_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,39}$/;

export const BARRIER_TYPES = [
  'HEALTH',
  'DISABILITY',
  'HOUSING',
  'OFFENDING',
  'LANGUAGE',
  'BASIC_SKILLS',
  'CARING',
  'SUBSTANCE_MISUSE',
  'TIME_OUT_OF_WORK',
] as const;
export type BarrierType = (typeof BARRIER_TYPES)[number];

// Severity is stored as a number 0–3.
export const SEVERITY = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 } as const;
export type Severity = (typeof SEVERITY)[keyof typeof SEVERITY];
export const SEVERITIES = [0, 1, 2, 3] as const satisfies readonly Severity[];

export const REFERRAL_STATUSES = [
  'RECEIVED',
  'ACCEPTED',
  'REJECTED',
  'ALLOCATED',
  'ATTACHED',
  'EXITED',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const CLAIM_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'PRIME_QUERIED',
  'PRIME_APPROVED',
  'PRIME_REJECTED',
  'SUBMITTED_TO_COMMISSIONER',
  'QUERIED',
  'APPROVED',
  'REJECTED',
  'PAID',
  'CLAWED_BACK',
  'WITHDRAWN',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

// A live claim counts against "at most one live claim per (referral, milestone type, occurrence)".
export const LIVE_CLAIM_STATUSES = CLAIM_STATUSES.filter(
  (status) => status !== 'PRIME_REJECTED' && status !== 'REJECTED' && status !== 'WITHDRAWN',
) as readonly Exclude<ClaimStatus, 'PRIME_REJECTED' | 'REJECTED' | 'WITHDRAWN'>[];
export type LiveClaimStatus = (typeof LIVE_CLAIM_STATUSES)[number];

// A claim whose money counts — against the contract's value cap (the database's waymark_claim_is_live(),
// prisma/schema.sql; packages/db/src/schema/claims.test.ts holds the two equal), in analytics, and against
// earnings data: live, and not clawed back.
export const COUNTED_CLAIM_STATUSES = LIVE_CLAIM_STATUSES.filter(
  (status) => status !== 'CLAWED_BACK',
);

export const RECONCILIATION_OUTCOMES = ['MATCHED', 'SHORT', 'OVER', 'LATE', 'UNMATCHED'] as const;
export type ReconciliationOutcome = (typeof RECONCILIATION_OUTCOMES)[number];

// The party acting in a state transition.
export const PARTY_RELATIONS = [
  'SUBCONTRACTOR',
  'PRIME',
  'COMMISSIONER',
  'REFERRAL_PARTNER',
] as const;
export type PartyRelation = (typeof PARTY_RELATIONS)[number];

/** An ISO day date, `YYYY-MM-DD`, always read as a UTC calendar day. */
export type DayDate = string;
