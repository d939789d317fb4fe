import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum JourneyError {
  REFERRAL_NOT_IN_DELIVERY = 'REFERRAL_NOT_IN_DELIVERY',
  NO_OPEN_JOB_SPELL = 'NO_OPEN_JOB_SPELL',
  MILESTONE_NOT_RECORDABLE = 'MILESTONE_NOT_RECORDABLE',
  /** A milestone of the journey falls before the prime contract's start, so no contract year prices it. */
  TARIFF_DATE_BEFORE_CONTRACT_START = 'TARIFF_DATE_BEFORE_CONTRACT_START',
}

export function journeyProblem(code: JourneyError): ProblemMapping {
  switch (code) {
    case JourneyError.REFERRAL_NOT_IN_DELIVERY:
      return { status: 409, title: 'Referral is not being delivered' };
    case JourneyError.NO_OPEN_JOB_SPELL:
      return { status: 409, title: 'No job to leave' };
    case JourneyError.MILESTONE_NOT_RECORDABLE:
      return { status: 422, title: 'The milestone is not one a caseworker records' };
    case JourneyError.TARIFF_DATE_BEFORE_CONTRACT_START:
      return { status: 422, title: 'A milestone falls before the contract starts' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    journeys: JourneyError;
  }
}
registerErrorCodes('journeys', JourneyError, journeyProblem);
