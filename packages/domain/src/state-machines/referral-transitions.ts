import { type ReferralStatus } from '../vocabulary.js';
import { type TransitionRule } from './transition.types.js';

const PRIME = { party: 'PRIME', roles: ['ADMIN', 'CASEWORKER'] } as const;
const SUBCONTRACTOR = { party: 'SUBCONTRACTOR', roles: ['ADMIN', 'CASEWORKER'] } as const;

// Referral lifecycle (DESIGN.md "Referral"); every exit, rejection and hand-back needs a reason.
export const REFERRAL_TRANSITIONS: readonly TransitionRule<ReferralStatus>[] = [
  {
    from: 'RECEIVED',
    to: 'ACCEPTED',
    allowed: [PRIME],
    reasonRequired: false,
    description: 'prime accepts',
  },
  {
    from: 'RECEIVED',
    to: 'REJECTED',
    allowed: [PRIME],
    reasonRequired: true,
    description: 'prime rejects',
  },
  {
    from: 'ACCEPTED',
    to: 'ALLOCATED',
    allowed: [PRIME],
    reasonRequired: false,
    description: 'prime allocates to a subcontract',
  },
  {
    from: 'ALLOCATED',
    to: 'ATTACHED',
    allowed: [SUBCONTRACTOR],
    reasonRequired: false,
    description: 'subcontractor attaches the participant',
  },
  {
    from: 'ALLOCATED',
    to: 'ACCEPTED',
    allowed: [SUBCONTRACTOR, PRIME],
    reasonRequired: true,
    description: 'subcontractor hands back, or prime takes back to reallocate',
  },
  {
    from: 'ALLOCATED',
    to: 'EXITED',
    allowed: [SUBCONTRACTOR, PRIME],
    reasonRequired: true,
    description: 'exit before attachment',
  },
  {
    from: 'ATTACHED',
    to: 'EXITED',
    allowed: [SUBCONTRACTOR, PRIME],
    reasonRequired: true,
    description: 'exit',
  },
];
