import { AuthError } from '../../auth/auth.errors';
import { UserError } from '../../users/users.errors';

// Every error code the API can answer with, and the one table that maps a
// code to its HTTP status and problem title. A new code without a mapping is
// a compile error (assertNever in the exhaustive switch).

/** Errors any route can produce. Areas add their own enums beside their module. */
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

export type ErrorCode = CommonError | AuthError | UserError;

export interface ProblemMapping {
  status: number;
  title: string;
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}

export function problemMappingFor(code: ErrorCode): ProblemMapping {
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
    case AuthError.INVALID_CREDENTIALS:
      return { status: 401, title: 'Sign-in failed' };
    case AuthError.SESSION_EXPIRED:
      return { status: 401, title: 'Session ended' };
    case AuthError.REFRESH_TOKEN_REUSED:
      return { status: 401, title: 'Session ended for safety' };
    case AuthError.API_KEY_INVALID:
      return { status: 401, title: 'API key not valid' };
    case AuthError.WEAK_PASSWORD:
      return { status: 400, title: 'Password not acceptable' };
    case AuthError.WRONG_CURRENT_PASSWORD:
      return { status: 400, title: 'Current password not right' };
    case AuthError.INVITATION_INVALID:
      return { status: 410, title: 'Invitation no longer valid' };
    case UserError.EMAIL_TAKEN:
      return { status: 409, title: 'Email already registered' };
    case UserError.LAST_ADMIN:
      return { status: 409, title: 'An organisation needs an admin' };
    case UserError.ORGANISATION_NAME_TAKEN:
      return { status: 409, title: 'Organisation already exists' };
    default:
      return assertNever(code);
  }
}

/** Stable problem `type` URI for a code (RFC 9457 §3.1.1). */
export function problemTypeFor(code: ErrorCode): string {
  return `https://waymark.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
