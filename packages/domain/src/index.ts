// Public API of @waymark/domain: pure payment rules, no framework, no I/O.
// First, before any schema is built: browsers run Zod without eval (strict CSP).
import './definition/schemas-without-eval-in-browsers.js';
export * from './vocabulary.js';

export {
  DomainError,
  isDomainError,
  type DomainErrorCode,
  type DomainErrorDetails,
} from './errors/domain-error.js';
export { AllocationError } from './allocation/allocation.errors.js';
export { DateError } from './dates/date.errors.js';
export { LedgerError } from './ledger/ledger.errors.js';
export { MilestoneError } from './milestones/milestone.errors.js';
export { MoneyError } from './money/money.errors.js';
export { PaymentGroupError } from './payment-groups/payment-group.errors.js';
export { ReconciliationError } from './reconciliation/reconciliation.errors.js';
export { SamplingError } from './sampling/sampling.errors.js';
export {
  ClaimError,
  ReferralError,
  SubcontractorPaymentTransitionError,
} from './state-machines/transition.errors.js';
export { TariffError } from './tariffs/tariff.errors.js';
export { TermsError } from './terms/terms.errors.js';

export { addDays } from './dates/add-days.js';
export { addWeeks } from './dates/add-weeks.js';
export { addMonths } from './dates/add-months.js';
export { addWorkingDays } from './dates/add-working-days.js';
export { daysBetween } from './dates/days-between.js';
export { isDayDate } from './dates/is-day-date.js';
export { isWorkingDay } from './dates/is-working-day.js';

export { formatPence } from './money/format-pence.js';
export { applyPercentage } from './money/apply-percentage.js';
export { splitByPercentages } from './money/split-by-percentages.js';
export { allocateProportionally } from './money/allocate-proportionally.js';
export { divideHalfUp } from './money/divide-half-up.js';
export { WHOLE_BASIS_POINTS } from './money/basis-points.js';

export * from './tariffs/tariff.types.js';
export { findVersionInForce } from './tariffs/find-version-in-force.js';
export { contractYearOf } from './tariffs/contract-year-of.js';
export {
  priceMilestone,
  type PriceMilestoneInput,
  type MilestonePrice,
} from './tariffs/price-milestone.js';

export * from './milestones/milestone-rule.types.js';
export * from './milestones/journey.types.js';
export { assessMilestones } from './milestones/assess-milestones.js';
export { forecastMilestones, type ForecastItem } from './milestones/forecast-milestones.js';
export {
  checkRecordingDate,
  type RecordingDateCheck,
  type RecordingDateRefusal,
} from './milestones/check-recording-date.js';

export * from './payment-groups/grouping-rule.types.js';
export {
  assignPaymentGroup,
  totalBarrierScore,
  type PaymentGroupAssignment,
} from './payment-groups/assign-payment-group.js';

export * from './terms/subcontract-terms.types.js';
export {
  computeSubcontractorEntitlement,
  type SubcontractorEntitlement,
} from './terms/compute-subcontractor-entitlement.js';
export { schedulePeriodicPayments } from './terms/schedule-periodic-payments.js';
export {
  SUBCONTRACT_STATUSES,
  LIVE_SUBCONTRACT_STATUSES,
  SUBCONTRACT_TRANSITIONS,
  type SubcontractStatus,
} from './terms/subcontract-transitions.js';
export { transitionSubcontract } from './terms/transition-subcontract.js';
export {
  describeSubcontractTerms,
  diffSubcontractTerms,
  type TermsDifference,
} from './terms/describe-subcontract-terms.js';
export {
  checkBidCommitmentShares,
  type BidCommitmentShare,
} from './terms/check-bid-commitment-shares.js';
export { expiryStatus, type ExpiryStatus } from './terms/expiry-status.js';

export * from './state-machines/transition.types.js';
export { allowedTransitions } from './state-machines/allowed-transitions.js';
export { CLAIM_TRANSITIONS } from './state-machines/claim-transitions.js';
export {
  EVIDENCE_OWED_AFTER_WITHDRAWAL,
  whyOverrideCannotBeWithdrawn,
} from './state-machines/evidence-override-withdrawal.js';
export { REFERRAL_TRANSITIONS } from './state-machines/referral-transitions.js';
export { transitionClaim } from './state-machines/transition-claim.js';
export { transitionReferral } from './state-machines/transition-referral.js';
export {
  PAYMENT_TRANSITIONS,
  SUBCONTRACTOR_PAYMENT_STATUSES,
  type SubcontractorPaymentStatus,
} from './state-machines/payment-transitions.js';
export { transitionSubcontractorPayment } from './state-machines/transition-subcontractor-payment.js';

export {
  allocateReferral,
  ALLOCATION_POLICIES,
  type AllocationPolicy,
  type AllocationCandidate,
  type AllocationResult,
  type ConsideredCandidate,
  type ExclusionReason,
} from './allocation/allocate-referral.js';

export {
  reconcile,
  type ExpectedLine,
  type RecordedPayment,
  type ReconciledLine,
  type ReconciliationLineStatus,
  type ReconciliationTotals,
  type Reconciliation,
} from './reconciliation/reconcile.js';

export { postTransfer, type LedgerEntry } from './ledger/post-transfer.js';
export { isBalanced } from './ledger/is-balanced.js';
export { balancesByAccount } from './ledger/balances-by-account.js';

export { drawSample } from './sampling/draw-sample.js';
export { extrapolateRecovery } from './sampling/extrapolate-recovery.js';
export { mulberry32 } from './sampling/mulberry32.js';

export * from './models/work-programme.model.js';
export * from './models/needs-based.model.js';

// Payment model versions as data: the stored definition, its checks, its compiled rules, the
// simulator and the templates a commissioner starts from.
export * from './definition/payment-model-definition.schema.js';
export {
  parseDefinition,
  checkDefinition,
  type DefinitionProblem,
  type ParsedDefinition,
} from './definition/check-definition.js';
export {
  compileDefinition,
  milestoneRuleOf,
  maxOccurrencesFor,
  versionLabel,
  type CompiledVersion,
  type StoredModelVersion,
} from './definition/compile-definition.js';
export {
  programmeRulesOf,
  versionFor,
  milestoneNameOf,
  paymentGroupNameOf,
  assignGroupUnder,
  isPaidOn,
  assessJourney,
  claimableNow,
  forecastJourney,
  priceUnder,
  type ProgrammeRules,
} from './definition/programme-rules.js';
export {
  simulateParticipant,
  compareSimulations,
  type HypotheticalParticipant,
  type ScheduledMilestone,
  type Simulation,
  type ScheduleDifference,
} from './definition/simulate-participant.js';
export {
  PAYMENT_MODEL_TEMPLATES,
  WORK_PROGRAMME_TEMPLATE,
  NEEDS_BASED_TEMPLATE,
  STANDARD_MILESTONE_NAMES,
  type PaymentModelTemplateKey,
} from './definition/templates.js';

export {
  POLICIES,
  isAllowed,
  listPolicies,
  type AccessRule,
  type PolicyArea,
  type PolicySubject,
} from './access/policies.js';
export {
  API_KEY_SCOPES,
  API_KEY_SCOPE_DESCRIPTIONS,
  canHoldScope,
  scopesAvailableTo,
  type ApiKeyScope,
} from './access/api-key-scopes.js';
// The one dictionary people read codes through (portal and exports).
export {
  WORDS,
  wordFor,
  codesOf,
  dictionaryCodes,
  CODE_SHAPE,
  NOTIFICATION_KIND_DESCRIPTION,
  type Vocabulary,
} from './words/words.js';
export {
  describeAuditAction,
  describeRecordType,
  knownAuditActions,
  knownRecordTypes,
} from './words/audit-words.js';
export {
  formatPounds,
  formatDayInWords,
  formatHourlyPay,
  formatPerson,
  explainInWords,
} from './words/render.js';
