import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum DataMatchError {
  INVALID_FILE = 'DATA_MATCH_INVALID_FILE',
  DUPLICATE_FILE = 'DATA_MATCH_DUPLICATE_FILE',
}

export function dataMatchProblem(code: DataMatchError): ProblemMapping {
  switch (code) {
    case DataMatchError.INVALID_FILE:
      return { status: 400, title: 'The earnings file has invalid lines; nothing was imported' };
    case DataMatchError.DUPLICATE_FILE:
      return { status: 409, title: 'This file was already uploaded for the programme' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    dataMatches: DataMatchError;
  }
}
registerErrorCodes('dataMatches', DataMatchError, dataMatchProblem);
