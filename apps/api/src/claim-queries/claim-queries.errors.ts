import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum ClaimQueryError {
  RESOLVED = 'CLAIM_QUERY_RESOLVED',
  NOT_RAISED_BY_YOU = 'CLAIM_QUERY_NOT_RAISED_BY_YOU',
}

export function claimQueryProblem(code: ClaimQueryError): ProblemMapping {
  switch (code) {
    case ClaimQueryError.RESOLVED:
      return { status: 409, title: 'The query is already resolved' };
    case ClaimQueryError.NOT_RAISED_BY_YOU:
      return { status: 403, title: 'Only the party that raised a query resolves it' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    claimQueries: ClaimQueryError;
  }
}
registerErrorCodes('claimQueries', ClaimQueryError, claimQueryProblem);
