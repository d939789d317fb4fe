import { assertNever, type ProblemMapping } from '../errors/problem-mapping';
import { registerErrorCodes } from '../errors/error-codes';

export enum IdempotencyError {
  IDEMPOTENCY_KEY_REQUIRED = 'IDEMPOTENCY_KEY_REQUIRED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_REQUEST_IN_FLIGHT = 'IDEMPOTENCY_REQUEST_IN_FLIGHT',
}

export function idempotencyProblem(code: IdempotencyError): ProblemMapping {
  switch (code) {
    case IdempotencyError.IDEMPOTENCY_KEY_REQUIRED:
      return { status: 428, title: 'Idempotency-Key header required' };
    case IdempotencyError.IDEMPOTENCY_KEY_REUSED:
      return { status: 422, title: 'Idempotency-Key reused with a different request' };
    case IdempotencyError.IDEMPOTENCY_REQUEST_IN_FLIGHT:
      return { status: 409, title: 'The same request is still being processed' };
    default:
      return assertNever(code);
  }
}

declare module '../errors/error-codes' {
  interface ErrorCodesByArea {
    idempotency: IdempotencyError;
  }
}
registerErrorCodes('idempotency', IdempotencyError, idempotencyProblem);
