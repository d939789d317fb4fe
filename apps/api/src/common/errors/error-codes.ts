// Every error code the API can answer with. Each area declares its codes as a
// string enum beside its module, with an exhaustive code → status/title
// mapping (a new code without a mapping does not compile); this file only
// registers the areas. Adding an area: one import, one union member, one line
// in AREAS.
import { AuthError, authProblem } from '../../auth/auth.errors';
import { UserError, userProblem } from '../../users/users.errors';
import { ReferralsError, referralsProblem } from '../../referrals/referrals.errors';
import { JourneyError, journeyProblem } from '../../journeys/journeys.errors';
import { ClaimError, claimProblem } from '../../claims/claims.errors';
import { EvidenceError, evidenceProblem } from '../../evidence/evidence.errors';
import { ClaimQueryError, claimQueryProblem } from '../../claim-queries/claim-queries.errors';
import { DataMatchError, dataMatchProblem } from '../../data-matches/data-matches.errors';
import { ClaimSampleError, claimSampleProblem } from '../../claim-samples/claim-samples.errors';
import {
  ReferralImportError,
  referralImportProblem,
} from '../../referral-imports/referral-imports.errors';
import { IdempotencyError, idempotencyProblem } from '../idempotency/idempotency.errors';
import { RemittanceError, remittanceProblem } from '../../remittances/remittances.errors';
import {
  SubcontractorPaymentError,
  subcontractorPaymentProblem,
} from '../../subcontractor-payments/subcontractor-payments.errors';
import {
  ReconciliationRunError,
  reconciliationProblem,
} from '../../reconciliation/reconciliation.errors';
import {
  DataProtectionError,
  dataProtectionProblem,
} from '../../data-protection/data-protection.errors';
import { AlertError, alertProblem } from '../../alerts/alerts.errors';
import { SubcontractError, subcontractProblem } from '../../subcontracts/subcontracts.errors';
import { SupplyChainError, supplyChainProblem } from '../../supply-chain/supply-chain.errors';
import { ProgrammeError, programmeProblem } from '../../programmes/programmes.errors';
import { assertNever, type ProblemMapping } from './problem-mapping';

export { assertNever, type ProblemMapping };

/** Errors any route can produce. */
export enum CommonError {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_REQUEST = 'MALFORMED_REQUEST',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  NOT_READY = 'NOT_READY',
  INTERNAL = 'INTERNAL',
}

function commonProblem(code: CommonError): ProblemMapping {
  switch (code) {
    case CommonError.VALIDATION_FAILED:
      return { status: 400, title: 'The request is not valid' };
    case CommonError.MALFORMED_REQUEST:
      return { status: 400, title: 'The request body could not be read' };
    case CommonError.UNSUPPORTED_MEDIA_TYPE:
      return { status: 415, title: 'Unsupported content type' };
    case CommonError.PAYLOAD_TOO_LARGE:
      return { status: 413, title: 'The request is too large' };
    case CommonError.UNAUTHENTICATED:
      return { status: 401, title: 'Sign-in required' };
    case CommonError.FORBIDDEN:
      return { status: 403, title: 'Not allowed' };
    case CommonError.NOT_FOUND:
      return { status: 404, title: 'Not found' };
    case CommonError.ROUTE_NOT_FOUND:
      return { status: 404, title: 'No such route' };
    case CommonError.METHOD_NOT_ALLOWED:
      return { status: 405, title: 'Method not allowed' };
    case CommonError.CONFLICT:
      return { status: 409, title: 'Conflict' };
    case CommonError.RATE_LIMITED:
      return { status: 429, title: 'Too many requests' };
    case CommonError.NOT_READY:
      return { status: 503, title: 'Not ready' };
    case CommonError.INTERNAL:
      return { status: 500, title: 'Internal error' };
    default:
      return assertNever(code);
  }
}

export type ErrorCode =
  | CommonError
  | AlertError
  | AuthError
  | UserError
  | ReferralsError
  | JourneyError
  | ClaimError
  | EvidenceError
  | ClaimQueryError
  | DataMatchError
  | ClaimSampleError
  | ReferralImportError
  | IdempotencyError
  | RemittanceError
  | SubcontractorPaymentError
  | ReconciliationRunError
  | DataProtectionError
  | SubcontractError
  | SupplyChainError
  | ProgrammeError;

interface Area<T extends string> {
  codes: readonly string[];
  map(code: T): ProblemMapping;
}
const area = <T extends string>(
  codes: Record<string, T>,
  map: (code: T) => ProblemMapping,
): Area<T> => ({ codes: Object.values(codes), map });

const AREAS: Area<never>[] = [
  area(CommonError, commonProblem),
  area(AlertError, alertProblem),
  area(AuthError, authProblem),
  area(UserError, userProblem),
  area(ReferralsError, referralsProblem),
  area(JourneyError, journeyProblem),
  area(ClaimError, claimProblem),
  area(EvidenceError, evidenceProblem),
  area(ClaimQueryError, claimQueryProblem),
  area(DataMatchError, dataMatchProblem),
  area(ClaimSampleError, claimSampleProblem),
  area(ReferralImportError, referralImportProblem),
  area(IdempotencyError, idempotencyProblem),
  area(RemittanceError, remittanceProblem),
  area(SubcontractorPaymentError, subcontractorPaymentProblem),
  area(ReconciliationRunError, reconciliationProblem),
  area(DataProtectionError, dataProtectionProblem),
  area(SubcontractError, subcontractProblem),
  area(SupplyChainError, supplyChainProblem),
  area(ProgrammeError, programmeProblem),
] as Area<never>[];

/** A code appearing in two areas would make the mapping ambiguous: refuse at start-up. */
const seen = new Set<string>();
for (const { codes } of AREAS) {
  for (const code of codes) {
    if (seen.has(code)) throw new Error(`Error code ${code} is declared by two areas`);
    seen.add(code);
  }
}

/** Every registered code, for tests that check the whole table. */
export function allErrorCodes(): ErrorCode[] {
  return AREAS.flatMap((candidate) => candidate.codes) as ErrorCode[];
}

export function problemMappingFor(code: ErrorCode): ProblemMapping {
  const owner = AREAS.find((candidate) => candidate.codes.includes(code));
  if (!owner) throw new Error(`Error code ${code} belongs to no registered area`);
  return owner.map(code as never);
}

/** Stable problem `type` URI for a code (RFC 9457 §3.1.1). */
export function problemTypeFor(code: ErrorCode): string {
  return `https://waymark.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
