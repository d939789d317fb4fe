import { type TransitionRule } from './transition.types.js';

export const SUBCONTRACTOR_PAYMENT_STATUSES = ['DRAFT', 'APPROVED', 'PAID'] as const;
export type SubcontractorPaymentStatus = (typeof SUBCONTRACTOR_PAYMENT_STATUSES)[number];

const PRIME_FINANCE = { party: 'PRIME', roles: ['FINANCE', 'ADMIN'] } as const;

// Subcontractor payment lifecycle (docs/money.md): a payment run makes DRAFT
// payments; a second prime FINANCE or ADMIN user — never the one who ran it —
// approves (releases) it; then it is marked PAID when the money has left.
export const PAYMENT_TRANSITIONS: readonly TransitionRule<SubcontractorPaymentStatus>[] = [
  {
    from: 'DRAFT',
    to: 'APPROVED',
    allowed: [PRIME_FINANCE],
    reasonRequired: false,
    makerChecker: true,
    description: 'a second prime finance user approves the run for release',
  },
  {
    from: 'APPROVED',
    to: 'PAID',
    allowed: [PRIME_FINANCE],
    reasonRequired: false,
    description: 'the prime records the bank payment',
  },
];
