// The portal's sections per party and role. Each party sees only its own
// slice (DESIGN.md "Who uses it"): which pages a party's portal has is listed
// per organisation kind, and whether this person may open one is the API's own
// policy for what the page reads (lib/access.ts, @waymark/domain POLICIES), so
// no link leads to "this action needs one of the roles…" (invisible means 404).
import { type AccessRule } from '@waymark/domain';
import { can, POLICIES } from './access';
import type { OrganisationKind, Role } from './api';

export type SectionSlug =
  | 'programmes'
  | 'prime-contracts'
  | 'referrals'
  | 'bulk-referrals'
  | 'caseload'
  | 'supply-chain'
  | 'claims'
  | 'payments'
  | 'remittances'
  | 'reconciliation'
  | 'statements'
  | 'ledger'
  | 'parking'
  | 'analytics'
  | 'alerts'
  | 'trace'
  | 'open-data'
  | 'data-protection'
  | 'audit'
  | 'organisations'
  | 'users'
  | 'api-keys'
  | 'email-outbox'
  | 'notifications'
  | 'account';

export interface Section {
  slug: SectionSlug;
  title: string;
  /** One line on what the section will do, shown on the home page and the placeholder. */
  summary: string;
}

export const SECTIONS: Record<SectionSlug, Section> = {
  programmes: {
    slug: 'programmes',
    title: 'Programmes',
    summary: 'Programmes, contract areas, payment models and milestone tariffs.',
  },
  'prime-contracts': {
    slug: 'prime-contracts',
    title: 'Prime contracts',
    summary: 'Prime contracts per area, value caps and bid commitments.',
  },
  referrals: {
    slug: 'referrals',
    title: 'Referrals',
    summary: 'Accept, allocate and follow referrals through to attachment.',
  },
  'bulk-referrals': {
    slug: 'bulk-referrals',
    title: 'Bulk upload',
    summary: 'Refer many participants at once from a file, with every bad row reported.',
  },
  caseload: {
    slug: 'caseload',
    title: 'Caseload',
    summary: 'Your participants, their journeys to employment and their next steps.',
  },
  'supply-chain': {
    slug: 'supply-chain',
    title: 'Supply chain',
    summary: 'Subcontractors, subcontract terms and referral flow-down against bid commitments.',
  },
  claims: {
    slug: 'claims',
    title: 'Claims',
    summary: 'Milestone claims with evidence, from draft to approval and payment.',
  },
  payments: {
    slug: 'payments',
    title: 'Payments',
    summary: 'What is owed, paid and late — by subcontract and payment SLA.',
  },
  remittances: {
    slug: 'remittances',
    title: 'Remittances',
    summary: 'Batches of approved claims paid to prime providers.',
  },
  reconciliation: {
    slug: 'reconciliation',
    title: 'Reconciliation',
    summary: 'Expected against recorded payments: matched, short, over, late and unmatched.',
  },
  statements: {
    slug: 'statements',
    title: 'Statements',
    summary: 'Claimed, approved, received, owed and overdue per subcontract, as CSV or PDF.',
  },
  ledger: {
    slug: 'ledger',
    title: 'Ledger',
    summary: 'Double-entry trial balance per programme and period; it always sums to zero.',
  },
  parking: {
    slug: 'parking',
    title: 'Parking indicators',
    summary:
      'Creaming and parking signals by payment group and provider: inactivity, exits without outcome, outcome gaps.',
  },
  analytics: {
    slug: 'analytics',
    title: 'Oversight',
    summary:
      'Flow-down against bids, spend, payment timeliness and minimum performance levels, with exports.',
  },
  alerts: {
    slug: 'alerts',
    title: 'Alerts',
    summary:
      'Subcontractors below their bid share, parking and late payment, raised by the nightly scan.',
  },
  trace: {
    slug: 'trace',
    title: 'Trace a payment',
    summary:
      'Follow a remittance or subcontractor payment back to its claims, approvals and audit events.',
  },
  'open-data': {
    slug: 'open-data',
    title: 'Open data',
    summary: 'The programme as an OCDS 1.1 release package, ready to publish.',
  },
  'data-protection': {
    slug: 'data-protection',
    title: 'Data protection',
    summary:
      'Retention policy, subject access, erasure and rectification requests, records of processing.',
  },
  audit: {
    slug: 'audit',
    title: 'Audit',
    summary: 'The hash-chained record of every change and every read of special category data.',
  },
  organisations: {
    slug: 'organisations',
    title: 'Organisations',
    summary: 'Commissioners, primes, subcontractors and referral partners on the platform.',
  },
  users: {
    slug: 'users',
    title: 'Users',
    summary: 'Invite people to your organisation, change their roles or deactivate them.',
  },
  'api-keys': {
    slug: 'api-keys',
    title: 'API keys',
    summary: 'Keys for your own systems to call Waymark, scoped to roles and revocable.',
  },
  'email-outbox': {
    slug: 'email-outbox',
    title: 'Email outbox',
    summary:
      'Every notification email: sent, failed, or kept here because no mail server is configured.',
  },
  notifications: {
    slug: 'notifications',
    title: 'Notifications',
    summary: 'Claims queried or decided, payments, referrals and alerts that concern you.',
  },
  account: {
    slug: 'account',
    title: 'Your account',
    summary: 'Change your password and choose which notifications you get by email.',
  },
};

/** The policy of what each section's page reads: the section shows only to those the API lets read it. */
const SECTION_POLICIES: Record<SectionSlug, AccessRule> = {
  programmes: POLICIES.programmes.read,
  'prime-contracts': POLICIES.programmes.read,
  referrals: POLICIES.caseload.read,
  'bulk-referrals': POLICIES.referrals.create,
  caseload: POLICIES.caseload.read,
  'supply-chain': POLICIES.supplyChain.read,
  claims: POLICIES.claims.read,
  payments: POLICIES.payments.read,
  remittances: POLICIES.remittances.read,
  reconciliation: POLICIES.reconciliation.read,
  statements: POLICIES.statements.read,
  ledger: POLICIES.ledger.read,
  parking: POLICIES.oversight.readParking,
  analytics: POLICIES.oversight.read,
  alerts: POLICIES.alerts.read,
  trace: POLICIES.oversight.readOwnFigures,
  'open-data': POLICIES.openData.read,
  'data-protection': POLICIES.dataProtection.readRetentionPolicy,
  audit: POLICIES.audit.browse,
  organisations: POLICIES.administration.platformOrganisations,
  users: POLICIES.administration.organisation,
  'api-keys': POLICIES.administration.organisation,
  account: POLICIES.account.self,
  'email-outbox': POLICIES.notifications.readOutbox,
  notifications: POLICIES.notifications.own,
};

/** Administration sections, after the party's own work. */
const ADMIN_SECTIONS: SectionSlug[] = ['users', 'api-keys', 'notifications', 'account'];

export interface Viewer {
  roles: readonly Role[];
  organisation: { kind: OrganisationKind };
}

const SECTIONS_BY_KIND: Record<OrganisationKind, SectionSlug[]> = {
  COMMISSIONER: [
    'programmes',
    'prime-contracts',
    'supply-chain',
    'claims',
    'remittances',
    'reconciliation',
    'ledger',
    'analytics',
    'parking',
    'alerts',
    'trace',
    'open-data',
    'audit',
    'data-protection',
  ],
  PRIME: [
    'referrals',
    'supply-chain',
    'programmes',
    'claims',
    'remittances',
    'payments',
    'reconciliation',
    'statements',
    'ledger',
    'analytics',
    'parking',
    'alerts',
    'trace',
    'audit',
    'data-protection',
  ],
  SUBCONTRACTOR: [
    'caseload',
    'referrals',
    'supply-chain',
    'claims',
    'payments',
    'statements',
    'reconciliation',
    'audit',
    'data-protection',
  ],
  REFERRAL_PARTNER: ['referrals', 'bulk-referrals', 'audit'],
  PLATFORM: ['organisations', 'audit', 'email-outbox'],
};

function canSee(viewer: Viewer, slug: SectionSlug): boolean {
  return can(viewer, SECTION_POLICIES[slug]);
}

/** The sections this user may open, in nav order. */
export function sectionsFor(viewer: Viewer): Section[] {
  return [...SECTIONS_BY_KIND[viewer.organisation.kind], ...ADMIN_SECTIONS]
    .filter((slug) => canSee(viewer, slug))
    .map((slug) => SECTIONS[slug]);
}

export function findSection(viewer: Viewer, slug: SectionSlug): Section | undefined {
  return sectionsFor(viewer).find((section) => section.slug === slug);
}

export function describeOrganisationKind(kind: OrganisationKind): string {
  switch (kind) {
    case 'COMMISSIONER':
      return 'Commissioner';
    case 'PRIME':
      return 'Prime provider';
    case 'SUBCONTRACTOR':
      return 'Subcontractor';
    case 'REFERRAL_PARTNER':
      return 'Referral partner';
    case 'PLATFORM':
      return 'Platform operator';
  }
}

export function describeRole(role: Role): string {
  switch (role) {
    case 'ADMIN':
      return 'Admin';
    case 'CASEWORKER':
      return 'Caseworker';
    case 'FINANCE':
      return 'Finance';
    case 'AUDITOR':
      return 'Auditor';
  }
}

export function describeRoles(roles: readonly Role[]): string {
  if (roles.length === 0) return 'No roles';
  return roles.map(describeRole).join(', ');
}
