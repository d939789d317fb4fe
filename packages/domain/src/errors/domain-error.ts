import { type AllocationError } from '../allocation/allocation.errors.js';
import { type DateError } from '../dates/date.errors.js';
import { type LedgerError } from '../ledger/ledger.errors.js';
import { type MilestoneError } from '../milestones/milestone.errors.js';
import { type MoneyError } from '../money/money.errors.js';
import { type PaymentGroupError } from '../payment-groups/payment-group.errors.js';
import { type ReconciliationError } from '../reconciliation/reconciliation.errors.js';
import { type SamplingError } from '../sampling/sampling.errors.js';
import {
  type ClaimError,
  type ReferralError,
  type SubcontractorPaymentTransitionError,
} from '../state-machines/transition.errors.js';
import { type TariffError } from '../tariffs/tariff.errors.js';
import { type TermsError } from '../terms/terms.errors.js';

export type DomainErrorCode =
  | AllocationError
  | ClaimError
  | DateError
  | LedgerError
  | MilestoneError
  | MoneyError
  | PaymentGroupError
  | ReconciliationError
  | ReferralError
  | SamplingError
  | SubcontractorPaymentTransitionError
  | TariffError
  | TermsError;

export type DomainErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The one error every domain rule throws. `code` is a string-enum member the API maps to a
 * problem document; `details` says what was wrong and, where it applies, what is allowed.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
