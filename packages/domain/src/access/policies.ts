// The access policy table: for every capability, which kinds of party may use
// it and with which roles (any of). The API's @Access decorators take their
// policy from here and the portal derives its navigation and action buttons
// from the same entries, so a person sees a link or a button exactly when the
// API would let them use it. The caller's relationship to the record (its own
// referrals, its chain) is enforced afterwards by scoped queries and
// row-level security; a record outside it answers 404.
import { ORGANISATION_KINDS, type OrganisationKind, type Role } from '../vocabulary.js';
import { type ApiKeyScope } from './api-key-scopes.js';

export interface AccessRule {
  parties: readonly OrganisationKind[];
  roles: readonly Role[];
  /** An organisation API key holding this scope may call the capability (system integrations). */
  apiKeyScope?: ApiKeyScope;
}

const ALL_ROLES = ['ADMIN', 'CASEWORKER', 'FINANCE', 'AUDITOR'] as const;
const SUPPLY_CHAIN = ['COMMISSIONER', 'PRIME', 'SUBCONTRACTOR'] as const;
const DELIVERY = ['PRIME', 'SUBCONTRACTOR'] as const;
const WORKING_PARTIES = ['COMMISSIONER', 'PRIME', 'SUBCONTRACTOR', 'REFERRAL_PARTNER'] as const;
const FINANCE_ROLES = ['FINANCE', 'ADMIN'] as const;
const FINANCE_READERS = ['FINANCE', 'ADMIN', 'AUDITOR'] as const;
const CASEWORK = ['ADMIN', 'CASEWORKER'] as const;
const CASE_READERS = ['ADMIN', 'CASEWORKER', 'AUDITOR'] as const;

export const POLICIES = {
  account: {
    /** Who am I, change my password, sign out, my organisation. */
    self: { parties: ORGANISATION_KINDS, roles: ALL_ROLES },
  },
  administration: {
    /** Users, invitations and API keys of one's own organisation. */
    organisation: { parties: ORGANISATION_KINDS, roles: ['ADMIN'] },
    platformOrganisations: { parties: ['PLATFORM'], roles: ['ADMIN'] },
    inviteSubcontractor: { parties: ['PRIME'], roles: ['ADMIN'] },
  },
  dashboard: {
    read: { parties: WORKING_PARTIES, roles: ALL_ROLES },
  },
  referrals: {
    /** A jobcentre (or the commissioner) refers someone, one at a time or as a file. */
    create: {
      parties: ['REFERRAL_PARTNER', 'COMMISSIONER'],
      roles: CASEWORK,
      apiKeyScope: 'referrals:write',
    },
    readImports: {
      parties: ['REFERRAL_PARTNER', 'COMMISSIONER'],
      roles: CASE_READERS,
      apiKeyScope: 'referrals:write',
    },
    openContracts: {
      parties: ['REFERRAL_PARTNER'],
      roles: CASE_READERS,
      apiKeyScope: 'referrals:write',
    },
    /** Finance reads participants too (personal details masked): it drafts and submits their claims. */
    read: { parties: WORKING_PARTIES, roles: ALL_ROLES, apiKeyScope: 'referrals:read' },
    /** The prime accepts, rejects and allocates. */
    allocate: { parties: ['PRIME'], roles: CASEWORK },
    /** The subcontractor attaches or hands back. */
    attach: { parties: ['SUBCONTRACTOR'], roles: CASEWORK },
    /** Whoever delivers: exits and needs assessments. */
    deliver: { parties: DELIVERY, roles: CASEWORK },
    readJourney: { parties: SUPPLY_CHAIN, roles: CASE_READERS, apiKeyScope: 'referrals:read' },
    forecast: { parties: SUPPLY_CHAIN, roles: ALL_ROLES },
  },
  caseload: {
    /** Finance included: a charity's finance officer finds the participants whose milestones it claims. */
    read: { parties: WORKING_PARTIES, roles: ALL_ROLES },
  },
  activities: {
    record: { parties: ['SUBCONTRACTOR'], roles: CASEWORK, apiKeyScope: 'activities:write' },
  },
  claims: {
    read: { parties: SUPPLY_CHAIN, roles: ALL_ROLES, apiKeyScope: 'claims:read' },
    /**
     * Drafting a claim: the delivering organisation's finance officer (who
     * submits it) and its caseworkers (who know the milestone happened).
     * Submission stays with finance (CLAIM_TRANSITIONS).
     */
    draft: { parties: DELIVERY, roles: ['CASEWORKER', 'FINANCE', 'ADMIN'] },
    /** Submitting, approving, rejecting and querying; CLAIM_TRANSITIONS says who does which. */
    transition: { parties: SUPPLY_CHAIN, roles: FINANCE_ROLES },
    /** Letting a claim go forward without the evidence its milestone requires: the prime's finance, recorded and audited. */
    overrideEvidence: { parties: ['PRIME'], roles: ['FINANCE', 'ADMIN'] },
    /** Withdrawing an override recorded in error: the same people who may record one. */
    withdrawEvidenceOverride: { parties: ['PRIME'], roles: ['FINANCE', 'ADMIN'] },
    submitToCommissioner: { parties: ['PRIME'], roles: ['FINANCE'] },
    addEvidence: { parties: DELIVERY, roles: ['ADMIN', 'CASEWORKER', 'FINANCE'] },
    readEvidence: { parties: SUPPLY_CHAIN, roles: ALL_ROLES },
    readQueries: { parties: SUPPLY_CHAIN, roles: ALL_ROLES },
    answerQuery: { parties: SUPPLY_CHAIN, roles: ['ADMIN', 'CASEWORKER', 'FINANCE'] },
    resolveQuery: { parties: SUPPLY_CHAIN, roles: FINANCE_ROLES },
    drawSample: { parties: ['COMMISSIONER'], roles: FINANCE_ROLES },
    readSample: { parties: ['COMMISSIONER', 'PRIME'], roles: FINANCE_READERS },
    uploadDataMatch: { parties: ['COMMISSIONER'], roles: FINANCE_ROLES },
    readDataMatch: { parties: ['COMMISSIONER'], roles: FINANCE_READERS },
  },
  remittances: {
    run: { parties: ['COMMISSIONER'], roles: FINANCE_ROLES },
    read: {
      parties: ['COMMISSIONER', 'PRIME'],
      roles: FINANCE_READERS,
      apiKeyScope: 'payments:read',
    },
    /** One remittance: a subcontractor may read one that paid for its claims, with its own lines only (docs/money.md). */
    readDetail: {
      parties: ['COMMISSIONER', 'PRIME', 'SUBCONTRACTOR'],
      roles: FINANCE_READERS,
      apiKeyScope: 'payments:read',
    },
  },
  payments: {
    run: { parties: ['PRIME'], roles: FINANCE_ROLES },
    read: { parties: SUPPLY_CHAIN, roles: FINANCE_READERS, apiKeyScope: 'payments:read' },
  },
  statements: {
    read: { parties: DELIVERY, roles: FINANCE_READERS },
  },
  reconciliation: {
    run: { parties: SUPPLY_CHAIN, roles: FINANCE_ROLES },
    read: { parties: SUPPLY_CHAIN, roles: FINANCE_READERS },
    readCommissionerPrime: { parties: ['COMMISSIONER', 'PRIME'], roles: FINANCE_READERS },
    dispute: { parties: DELIVERY, roles: FINANCE_ROLES },
  },
  ledger: {
    read: { parties: SUPPLY_CHAIN, roles: FINANCE_READERS },
  },
  programmes: {
    read: { parties: SUPPLY_CHAIN, roles: ALL_ROLES },
    readTemplates: { parties: ['COMMISSIONER'], roles: ALL_ROLES },
    manage: { parties: ['COMMISSIONER'], roles: ['ADMIN'] },
  },
  supplyChain: {
    read: { parties: SUPPLY_CHAIN, roles: ALL_ROLES },
    readContractAreas: { parties: ['COMMISSIONER'], roles: CASE_READERS },
    manageReferralPartners: { parties: ['COMMISSIONER'], roles: ['ADMIN'] },
    declareAllocationPolicy: { parties: ['PRIME'], roles: ['ADMIN'] },
    readDueDiligence: { parties: DELIVERY, roles: ALL_ROLES },
    recordDueDiligence: { parties: ['PRIME'], roles: ['ADMIN'] },
    recordBidCommitment: { parties: ['COMMISSIONER', 'PRIME'], roles: ['ADMIN'] },
    decideBidCommitment: { parties: ['COMMISSIONER'], roles: ['ADMIN'] },
  },
  subcontracts: {
    read: { parties: SUPPLY_CHAIN, roles: ALL_ROLES },
    readSubcontractors: { parties: ['PRIME', 'COMMISSIONER'], roles: ['ADMIN'] },
    /** The prime drafts, offers, varies, suspends and ends. */
    manage: { parties: ['PRIME'], roles: ['ADMIN'] },
    /** The subcontractor accepts or declines offers and variations. */
    respond: { parties: ['SUBCONTRACTOR'], roles: ['ADMIN'] },
    activate: { parties: DELIVERY, roles: ['ADMIN'] },
  },
  oversight: {
    /** Flow-down against bids and minimum performance levels. */
    read: { parties: ['COMMISSIONER', 'PRIME'], roles: FINANCE_READERS },
    /** Spend, payment timeliness and payment trace over one's own money. */
    readOwnFigures: { parties: SUPPLY_CHAIN, roles: FINANCE_READERS },
    readParking: { parties: SUPPLY_CHAIN, roles: ALL_ROLES },
    refresh: { parties: ['COMMISSIONER', 'PLATFORM'], roles: ['ADMIN'] },
  },
  alerts: {
    read: { parties: ['COMMISSIONER', 'PRIME'], roles: ALL_ROLES },
    acknowledge: { parties: ['COMMISSIONER', 'PRIME'], roles: FINANCE_ROLES },
    setThresholds: { parties: ['COMMISSIONER'], roles: ['ADMIN'] },
    scan: { parties: ['COMMISSIONER', 'PLATFORM'], roles: ['ADMIN'] },
  },
  openData: {
    read: { parties: ['COMMISSIONER'], roles: FINANCE_READERS },
    publish: { parties: ['COMMISSIONER'], roles: ['ADMIN'] },
  },
  audit: {
    verify: { parties: ['COMMISSIONER', 'PLATFORM'], roles: ['AUDITOR', 'ADMIN'] },
    /** Browsing and exporting the trail, scoped per party (audit-trail area; docs/operations.md "Audit trail"). */
    browse: { parties: ORGANISATION_KINDS, roles: ['ADMIN', 'AUDITOR'] },
    /** One claim's or referral's own trail: anyone who may see the record (otherwise 404). */
    readRecordTrail: { parties: WORKING_PARTIES, roles: ALL_ROLES },
  },
  notifications: {
    /** One's own inbox and preferences. */
    own: { parties: ORGANISATION_KINDS, roles: ALL_ROLES },
    /** The email outbox kept when no SMTP server is configured. */
    readOutbox: { parties: ['PLATFORM'], roles: ['ADMIN'] },
  },
  search: {
    /** Global search and one's own saved filters; what is found is scoped by row-level security. */
    own: { parties: ORGANISATION_KINDS, roles: ALL_ROLES },
  },
  dataProtection: {
    readRetentionPolicy: { parties: WORKING_PARTIES, roles: ALL_ROLES },
    manageRetention: { parties: ['COMMISSIONER'], roles: ['ADMIN'] },
    readRetentionRuns: { parties: ['COMMISSIONER'], roles: ['ADMIN', 'AUDITOR'] },
    subjectAccess: { parties: ['COMMISSIONER', 'PRIME'], roles: ['ADMIN', 'AUDITOR'] },
    requestChange: { parties: ['COMMISSIONER', 'PRIME'], roles: ['ADMIN'] },
    readRequests: { parties: ['COMMISSIONER', 'PRIME'], roles: ['ADMIN', 'AUDITOR'] },
    decideRequests: { parties: ['COMMISSIONER'], roles: ['ADMIN'] },
    readRecordsOfProcessing: { parties: ['COMMISSIONER'], roles: ['ADMIN', 'AUDITOR'] },
  },
} as const satisfies Record<string, Record<string, AccessRule>>;

export type PolicyArea = keyof typeof POLICIES;

/** Who is asking: the organisation kind and the roles they hold. */
export interface PolicySubject {
  organisationKind: OrganisationKind;
  roles: readonly Role[];
}

/** Whether the subject's party and roles satisfy the rule. */
export function isAllowed(rule: AccessRule, subject: PolicySubject): boolean {
  return (
    rule.parties.includes(subject.organisationKind) &&
    subject.roles.some((role) => rule.roles.includes(role))
  );
}

/** Every rule of the table, with its dotted name (e.g. `claims.draft`), for checks over the whole table. */
export function listPolicies(): { name: string; rule: AccessRule }[] {
  return Object.entries(POLICIES).flatMap(([area, rules]) =>
    Object.entries(rules).map(([name, rule]) => ({
      name: `${area}.${name}`,
      rule: rule as AccessRule,
    })),
  );
}
