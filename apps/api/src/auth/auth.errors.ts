import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum AuthError {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  WRONG_CURRENT_PASSWORD = 'WRONG_CURRENT_PASSWORD',
  INVITATION_INVALID = 'INVITATION_INVALID',
}

export function authProblem(code: AuthError): ProblemMapping {
  switch (code) {
    case AuthError.INVALID_CREDENTIALS:
      return { status: 401, title: 'Sign-in failed' };
    case AuthError.SESSION_EXPIRED:
      return { status: 401, title: 'Session ended' };
    case AuthError.REFRESH_TOKEN_REUSED:
      return { status: 401, title: 'Session ended for safety' };
    case AuthError.WEAK_PASSWORD:
      return { status: 400, title: 'Password not acceptable' };
    case AuthError.WRONG_CURRENT_PASSWORD:
      return { status: 400, title: 'Current password not right' };
    case AuthError.INVITATION_INVALID:
      return { status: 410, title: 'Invitation no longer valid' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    auth: AuthError;
  }
}
registerErrorCodes('auth', AuthError, authProblem);
