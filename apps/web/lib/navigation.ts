// The portal's sections per party. Each party sees only its own slice
// (DESIGN.md "Who uses it"), so the nav — and which placeholder pages exist —
// follows the signed-in user's organisation kind.
import type { OrganisationKind } from './api';

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
  | 'parking'
  | 'audit'
  | 'organisations';

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
  parking: {
    slug: 'parking',
    title: 'Parking indicators',
    summary: 'Participants with no recent activity, by provider and payment group.',
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
};

const SECTIONS_BY_KIND: Record<OrganisationKind, SectionSlug[]> = {
  COMMISSIONER: [
    'programmes',
    'prime-contracts',
    'claims',
    'remittances',
    'reconciliation',
    'parking',
    'audit',
  ],
  PRIME: ['referrals', 'supply-chain', 'claims', 'payments', 'reconciliation'],
  SUBCONTRACTOR: ['caseload', 'referrals', 'claims', 'payments'],
  REFERRAL_PARTNER: ['referrals', 'bulk-referrals'],
  PLATFORM: ['organisations', 'audit'],
};

export function sectionsFor(kind: OrganisationKind): Section[] {
  return SECTIONS_BY_KIND[kind].map((slug) => SECTIONS[slug]);
}

export function findSection(kind: OrganisationKind, slug: string): Section | undefined {
  return sectionsFor(kind).find((section) => section.slug === slug);
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
