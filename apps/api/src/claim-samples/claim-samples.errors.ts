import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum ClaimSampleError {
  EMPTY_POPULATION = 'SAMPLE_EMPTY_POPULATION',
  SIZE_TOO_LARGE = 'SAMPLE_SIZE_TOO_LARGE',
  NOT_COMPLETE = 'SAMPLE_NOT_COMPLETE',
  CLOSED = 'SAMPLE_CLOSED',
}

export function claimSampleProblem(code: ClaimSampleError): ProblemMapping {
  switch (code) {
    case ClaimSampleError.EMPTY_POPULATION:
      return { status: 422, title: 'No approved or paid claims in that contract and period' };
    case ClaimSampleError.SIZE_TOO_LARGE:
      return { status: 422, title: 'The sample is larger than the population' };
    case ClaimSampleError.NOT_COMPLETE:
      return { status: 409, title: 'Every sampled claim must be checked first' };
    case ClaimSampleError.CLOSED:
      return { status: 409, title: 'The sample is closed' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    claimSamples: ClaimSampleError;
  }
}
registerErrorCodes('claimSamples', ClaimSampleError, claimSampleProblem);
