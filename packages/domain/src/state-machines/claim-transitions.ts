import { type ClaimStatus } from '../vocabulary.js';
import { type TransitionRule } from './transition.types.js';

const SUB_FINANCE = { party: 'SUBCONTRACTOR', roles: ['FINANCE', 'ADMIN'] } as const;
const PRIME_FINANCE = { party: 'PRIME', roles: ['FINANCE', 'ADMIN'] } as const;
const COMMISSIONER_FINANCE = { party: 'COMMISSIONER', roles: ['FINANCE', 'ADMIN'] } as const;

// Claim lifecycle (DESIGN.md "Claim"): subcontractor → prime → commissioner → paid.
export const CLAIM_TRANSITIONS: readonly TransitionRule<ClaimStatus>[] = [
  {
    from: 'DRAFT',
    to: 'SUBMITTED',
    allowed: [SUB_FINANCE],
    reasonRequired: false,
    description: 'submit to the prime',
  },
  {
    from: 'DRAFT',
    to: 'WITHDRAWN',
    allowed: [SUB_FINANCE],
    reasonRequired: false,
    description: 'withdraw a draft',
  },
  {
    from: 'SUBMITTED',
    to: 'PRIME_APPROVED',
    allowed: [PRIME_FINANCE],
    reasonRequired: false,
    makerChecker: true,
    description: 'prime approves',
  },
  {
    from: 'SUBMITTED',
    to: 'PRIME_REJECTED',
    allowed: [PRIME_FINANCE],
    reasonRequired: true,
    description: 'prime rejects',
  },
  {
    from: 'SUBMITTED',
    to: 'PRIME_QUERIED',
    allowed: [PRIME_FINANCE],
    reasonRequired: true,
    description: 'prime queries',
  },
  {
    from: 'PRIME_QUERIED',
    to: 'SUBMITTED',
    allowed: [SUB_FINANCE],
    reasonRequired: false,
    description: 'answer the prime’s query',
  },
  {
    from: 'PRIME_APPROVED',
    to: 'SUBMITTED_TO_COMMISSIONER',
    allowed: [{ party: 'PRIME', roles: ['FINANCE'] }],
    reasonRequired: false,
    description: 'prime submits to the commissioner',
  },
  {
    from: 'SUBMITTED_TO_COMMISSIONER',
    to: 'APPROVED',
    allowed: [COMMISSIONER_FINANCE],
    reasonRequired: false,
    makerChecker: true,
    description: 'commissioner approves',
  },
  {
    from: 'SUBMITTED_TO_COMMISSIONER',
    to: 'REJECTED',
    allowed: [COMMISSIONER_FINANCE],
    reasonRequired: true,
    description: 'commissioner rejects',
  },
  {
    from: 'SUBMITTED_TO_COMMISSIONER',
    to: 'QUERIED',
    allowed: [COMMISSIONER_FINANCE],
    reasonRequired: true,
    description: 'commissioner queries',
  },
  {
    from: 'QUERIED',
    to: 'SUBMITTED_TO_COMMISSIONER',
    allowed: [PRIME_FINANCE],
    reasonRequired: false,
    description: 'answer the commissioner’s query',
  },
  {
    from: 'APPROVED',
    to: 'PAID',
    allowed: [COMMISSIONER_FINANCE],
    reasonRequired: false,
    description: 'paid by remittance',
  },
  {
    from: 'PAID',
    to: 'CLAWED_BACK',
    allowed: [COMMISSIONER_FINANCE],
    reasonRequired: true,
    description: 'commissioner claws back',
  },
];
