import { type TransitionRule } from '../state-machines/transition.types.js';

export const SUBCONTRACT_STATUSES = [
  'DRAFT',
  'OFFERED',
  'ACCEPTED',
  'ACTIVE',
  'SUSPENDED',
  'ENDED',
] as const;
export type SubcontractStatus = (typeof SUBCONTRACT_STATUSES)[number];

/** Statuses under which a subcontract takes new referrals. */
export const LIVE_SUBCONTRACT_STATUSES = ['ACTIVE'] as const satisfies readonly SubcontractStatus[];

const PRIME_ADMIN = { party: 'PRIME', roles: ['ADMIN'] } as const;
const SUBCONTRACTOR_ADMIN = { party: 'SUBCONTRACTOR', roles: ['ADMIN'] } as const;

// Subcontract lifecycle (docs/supply-chain.md): the prime drafts and offers
// terms; the subcontractor's admin accepts (or declines); the subcontract is
// active from its start date; the prime may suspend, reinstate or end it, always
// with a reason the commissioner sees. Nothing changes behind a party's back.
export const SUBCONTRACT_TRANSITIONS: readonly TransitionRule<SubcontractStatus>[] = [
  {
    from: 'DRAFT',
    to: 'OFFERED',
    allowed: [PRIME_ADMIN],
    reasonRequired: false,
    description: 'the prime offers the terms to the subcontractor',
  },
  {
    from: 'DRAFT',
    to: 'ENDED',
    allowed: [PRIME_ADMIN],
    reasonRequired: true,
    description: 'the prime discards a draft',
  },
  {
    from: 'OFFERED',
    to: 'DRAFT',
    allowed: [PRIME_ADMIN],
    reasonRequired: true,
    description: 'the prime withdraws the offer to change it',
  },
  {
    from: 'OFFERED',
    to: 'ACCEPTED',
    allowed: [SUBCONTRACTOR_ADMIN],
    reasonRequired: false,
    description: 'the subcontractor accepts the terms',
  },
  {
    from: 'OFFERED',
    to: 'ENDED',
    allowed: [SUBCONTRACTOR_ADMIN, PRIME_ADMIN],
    reasonRequired: true,
    description: 'the subcontractor declines the offer (or the prime withdraws it for good)',
  },
  {
    from: 'ACCEPTED',
    to: 'ACTIVE',
    allowed: [PRIME_ADMIN, SUBCONTRACTOR_ADMIN],
    reasonRequired: false,
    description: 'the subcontract starts: it takes referrals',
  },
  {
    from: 'ACCEPTED',
    to: 'ENDED',
    allowed: [PRIME_ADMIN],
    reasonRequired: true,
    description: 'the prime ends an accepted subcontract before it starts',
  },
  {
    from: 'ACTIVE',
    to: 'SUSPENDED',
    allowed: [PRIME_ADMIN],
    reasonRequired: true,
    description: 'the prime suspends: no new referrals, caseload moved or kept',
  },
  {
    from: 'SUSPENDED',
    to: 'ACTIVE',
    allowed: [PRIME_ADMIN],
    reasonRequired: true,
    description: 'the prime reinstates a suspended subcontract',
  },
  {
    from: 'ACTIVE',
    to: 'ENDED',
    allowed: [PRIME_ADMIN],
    reasonRequired: true,
    description: 'the prime ends the subcontract; its caseload moves to other subcontracts',
  },
  {
    from: 'SUSPENDED',
    to: 'ENDED',
    allowed: [PRIME_ADMIN],
    reasonRequired: true,
    description: 'the prime ends a suspended subcontract',
  },
];
