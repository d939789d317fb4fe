import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum UserError {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  LAST_ADMIN = 'LAST_ADMIN',
  ORGANISATION_NAME_TAKEN = 'ORGANISATION_NAME_TAKEN',
}

export function userProblem(code: UserError): ProblemMapping {
  switch (code) {
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

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    users: UserError;
  }
}
registerErrorCodes('users', UserError, userProblem);
