import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum ReferralsError {
  REFERRAL_TRANSITION_NOT_ALLOWED = 'REFERRAL_TRANSITION_NOT_ALLOWED',
  IF_MATCH_REQUIRED = 'IF_MATCH_REQUIRED',
  REFERRAL_VERSION_STALE = 'REFERRAL_VERSION_STALE',
  DUPLICATE_LIVE_REFERRAL = 'DUPLICATE_LIVE_REFERRAL',
  PARTICIPANT_IN_OTHER_CONTRACT = 'PARTICIPANT_IN_OTHER_CONTRACT',
  REFERRAL_INELIGIBLE = 'REFERRAL_INELIGIBLE',
  SUBCONTRACT_AT_CAPACITY = 'SUBCONTRACT_AT_CAPACITY',
  NO_ELIGIBLE_SUBCONTRACTOR = 'NO_ELIGIBLE_SUBCONTRACTOR',
  NEEDS_ASSESSMENT_REQUIRED = 'NEEDS_ASSESSMENT_REQUIRED',
  PAYMENT_GROUP_NOT_CONFIGURED = 'PAYMENT_GROUP_NOT_CONFIGURED',
  REFERRAL_CLOSED = 'REFERRAL_CLOSED',
  CONTRACT_NOT_OPEN_TO_PARTNER = 'CONTRACT_NOT_OPEN_TO_PARTNER',
  RECORDING_DATE_REFUSED = 'RECORDING_DATE_REFUSED',
}

export function referralsProblem(code: ReferralsError): ProblemMapping {
  switch (code) {
    case ReferralsError.REFERRAL_TRANSITION_NOT_ALLOWED:
      return { status: 409, title: 'Referral transition not allowed' };
    case ReferralsError.IF_MATCH_REQUIRED:
      return { status: 428, title: 'If-Match header required' };
    case ReferralsError.REFERRAL_VERSION_STALE:
      return { status: 412, title: 'The referral has changed since you read it' };
    case ReferralsError.DUPLICATE_LIVE_REFERRAL:
      return { status: 409, title: 'Participant already has a live referral' };
    case ReferralsError.PARTICIPANT_IN_OTHER_CONTRACT:
      return { status: 409, title: 'Participant belongs to another prime contract' };
    case ReferralsError.REFERRAL_INELIGIBLE:
      return { status: 422, title: 'Participant is not eligible for the programme' };
    case ReferralsError.SUBCONTRACT_AT_CAPACITY:
      return { status: 409, title: 'Subcontract is at capacity' };
    case ReferralsError.NO_ELIGIBLE_SUBCONTRACTOR:
      return { status: 409, title: 'No subcontract can take this referral' };
    case ReferralsError.NEEDS_ASSESSMENT_REQUIRED:
      return { status: 422, title: 'A needs assessment is required first' };
    case ReferralsError.PAYMENT_GROUP_NOT_CONFIGURED:
      return { status: 422, title: 'Payment group not configured for the programme' };
    case ReferralsError.REFERRAL_CLOSED:
      return { status: 409, title: 'Referral is rejected or exited' };
    case ReferralsError.CONTRACT_NOT_OPEN_TO_PARTNER:
      return { status: 403, title: 'This prime contract does not take referrals from your office' };
    case ReferralsError.RECORDING_DATE_REFUSED:
      return { status: 422, title: 'That date cannot be recorded for this referral' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    referrals: ReferralsError;
  }
}
registerErrorCodes('referrals', ReferralsError, referralsProblem);
