import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

// The domain's claim codes (CLAIM_TRANSITION_NOT_ALLOWED, CLAIM_REASON_REQUIRED,
// CLAIM_MAKER_CANNOT_APPROVE) are reused verbatim so a caller sees one code per rule.
export enum ClaimError {
  NOT_CLAIMABLE = 'CLAIM_NOT_CLAIMABLE',
  NOT_PRICEABLE = 'CLAIM_NOT_PRICEABLE',
  NO_PAYMENT_GROUP = 'CLAIM_NO_PAYMENT_GROUP',
  MILESTONE_NOT_IN_PROGRAMME = 'CLAIM_MILESTONE_NOT_IN_PROGRAMME',
  ALREADY_LIVE = 'CLAIM_ALREADY_LIVE',
  NOT_DELIVERED_BY_YOU = 'CLAIM_NOT_DELIVERED_BY_YOU',
  TRANSITION_NOT_ALLOWED = 'CLAIM_TRANSITION_NOT_ALLOWED',
  ROLE_CANNOT_TRANSITION = 'CLAIM_ROLE_CANNOT_TRANSITION',
  REASON_REQUIRED = 'CLAIM_REASON_REQUIRED',
  MAKER_CANNOT_APPROVE = 'CLAIM_MAKER_CANNOT_APPROVE',
  SUBMITTER_CANNOT_APPROVE = 'CLAIM_SUBMITTER_CANNOT_APPROVE',
  IF_MATCH_REQUIRED = 'CLAIM_IF_MATCH_REQUIRED',
  VERSION_STALE = 'CLAIM_VERSION_STALE',
  BULK_REJECTED = 'CLAIM_BULK_REJECTED',
  SUBMISSION_REFERENCE_TAKEN = 'CLAIM_SUBMISSION_REFERENCE_TAKEN',
  DATA_MATCH_FLAGGED = 'CLAIM_DATA_MATCH_FLAGGED',
  EVIDENCE_MISSING = 'CLAIM_EVIDENCE_MISSING',
  EVIDENCE_OVERRIDE_NOT_NEEDED = 'CLAIM_EVIDENCE_OVERRIDE_NOT_NEEDED',
  EVIDENCE_OVERRIDE_NOT_WITHDRAWABLE = 'CLAIM_EVIDENCE_OVERRIDE_NOT_WITHDRAWABLE',
}

export function claimProblem(code: ClaimError): ProblemMapping {
  switch (code) {
    case ClaimError.NOT_CLAIMABLE:
      return { status: 422, title: 'The milestone is not claimable' };
    case ClaimError.NOT_PRICEABLE:
      return { status: 422, title: 'The milestone has no price' };
    case ClaimError.NO_PAYMENT_GROUP:
      return { status: 422, title: 'The participant has no payment group yet' };
    case ClaimError.MILESTONE_NOT_IN_PROGRAMME:
      return { status: 422, title: 'The programme has no such milestone' };
    case ClaimError.ALREADY_LIVE:
      return { status: 409, title: 'The milestone occurrence is already claimed' };
    case ClaimError.NOT_DELIVERED_BY_YOU:
      return { status: 403, title: 'Only the delivering provider can claim' };
    case ClaimError.TRANSITION_NOT_ALLOWED:
      return { status: 409, title: 'The claim cannot move to that status' };
    case ClaimError.ROLE_CANNOT_TRANSITION:
      return { status: 403, title: 'Your party or role cannot make this change' };
    case ClaimError.REASON_REQUIRED:
      return { status: 400, title: 'A reason is required' };
    case ClaimError.MAKER_CANNOT_APPROVE:
      return { status: 403, title: 'You cannot approve a claim you made' };
    case ClaimError.SUBMITTER_CANNOT_APPROVE:
      return { status: 403, title: 'You cannot approve a claim you submitted' };
    case ClaimError.IF_MATCH_REQUIRED:
      return { status: 428, title: 'If-Match required' };
    case ClaimError.VERSION_STALE:
      return { status: 412, title: 'The claim has changed since you read it' };
    case ClaimError.BULK_REJECTED:
      return { status: 409, title: 'Some claims could not be changed; none were' };
    case ClaimError.SUBMISSION_REFERENCE_TAKEN:
      return { status: 409, title: 'Submission reference already used' };
    case ClaimError.DATA_MATCH_FLAGGED:
      return { status: 409, title: 'The earnings data match flagged this claim' };
    case ClaimError.EVIDENCE_MISSING:
      return { status: 422, title: 'The evidence the milestone requires is missing' };
    case ClaimError.EVIDENCE_OVERRIDE_NOT_NEEDED:
      return { status: 409, title: 'No evidence override is needed or possible' };
    case ClaimError.EVIDENCE_OVERRIDE_NOT_WITHDRAWABLE:
      return { status: 409, title: 'The evidence override cannot be withdrawn' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    claims: ClaimError;
  }
}
registerErrorCodes('claims', ClaimError, claimProblem);
