import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum SubcontractError {
  SUBCONTRACT_TRANSITION_NOT_ALLOWED = 'SUBCONTRACT_TRANSITION_NOT_ALLOWED',
  SUBCONTRACTOR_UNKNOWN = 'SUBCONTRACTOR_UNKNOWN',
  SUBCONTRACT_ALREADY_LIVE = 'SUBCONTRACT_ALREADY_LIVE',
  SUBCONTRACT_OUTSIDE_CONTRACT = 'SUBCONTRACT_OUTSIDE_CONTRACT',
  SUBCONTRACT_NOT_STARTED = 'SUBCONTRACT_NOT_STARTED',
  TERMS_VARIATION_PENDING = 'TERMS_VARIATION_PENDING',
  TERMS_VARIATION_NOT_PENDING = 'TERMS_VARIATION_NOT_PENDING',
  TERMS_VARIATION_DATE_INVALID = 'TERMS_VARIATION_DATE_INVALID',
}

export function subcontractProblem(code: SubcontractError): ProblemMapping {
  switch (code) {
    case SubcontractError.SUBCONTRACT_TRANSITION_NOT_ALLOWED:
      return {
        status: 409,
        title: 'The subcontract cannot make that move from its current status',
      };
    case SubcontractError.SUBCONTRACTOR_UNKNOWN:
      return { status: 422, title: 'Not a subcontractor organisation' };
    case SubcontractError.SUBCONTRACT_ALREADY_LIVE:
      return {
        status: 409,
        title: 'The subcontractor already has a subcontract under this prime contract',
      };
    case SubcontractError.SUBCONTRACT_OUTSIDE_CONTRACT:
      return { status: 422, title: 'The subcontract dates fall outside the prime contract' };
    case SubcontractError.SUBCONTRACT_NOT_STARTED:
      return { status: 409, title: 'The subcontract has not reached its start date' };
    case SubcontractError.TERMS_VARIATION_PENDING:
      return { status: 409, title: 'A variation is already awaiting the subcontractor' };
    case SubcontractError.TERMS_VARIATION_NOT_PENDING:
      return { status: 409, title: 'That terms version is not awaiting a decision' };
    case SubcontractError.TERMS_VARIATION_DATE_INVALID:
      return {
        status: 422,
        title: 'A variation takes effect after the terms in force began, within the subcontract',
      };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    subcontracts: SubcontractError;
  }
}
registerErrorCodes('subcontracts', SubcontractError, subcontractProblem);
