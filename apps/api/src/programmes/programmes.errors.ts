import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum ProgrammeError {
  DEFINITION_INVALID = 'PROGRAMME_DEFINITION_INVALID',
  VERSION_NOT_DRAFT = 'PROGRAMME_VERSION_NOT_DRAFT',
  VERSION_NOT_AWAITING_APPROVAL = 'PROGRAMME_VERSION_NOT_AWAITING_APPROVAL',
  MAKER_CANNOT_PUBLISH = 'PROGRAMME_MAKER_CANNOT_PUBLISH',
  VERSION_OVERLAPS = 'PROGRAMME_VERSION_OVERLAPS',
  NO_PUBLISHED_VERSION = 'PROGRAMME_NO_PUBLISHED_VERSION',
  NAME_TAKEN = 'PROGRAMME_NAME_TAKEN',
  CONTRACT_CONFLICT = 'PROGRAMME_CONTRACT_CONFLICT',
  NOT_A_PRIME = 'PROGRAMME_NOT_A_PRIME',
  DATES_OUT_OF_ORDER = 'PROGRAMME_DATES_OUT_OF_ORDER',
}

export function programmeProblem(code: ProgrammeError): ProblemMapping {
  switch (code) {
    case ProgrammeError.DEFINITION_INVALID:
      return { status: 422, title: 'The payment model definition is not consistent' };
    case ProgrammeError.VERSION_NOT_DRAFT:
      return { status: 409, title: 'Only a draft version can change' };
    case ProgrammeError.VERSION_NOT_AWAITING_APPROVAL:
      return { status: 409, title: 'The version is not awaiting approval' };
    case ProgrammeError.MAKER_CANNOT_PUBLISH:
      return { status: 403, title: 'Whoever submitted a version cannot publish it' };
    case ProgrammeError.VERSION_OVERLAPS:
      return { status: 409, title: 'The version overlaps a published one' };
    case ProgrammeError.NO_PUBLISHED_VERSION:
      return { status: 422, title: 'The payment model has no published version' };
    case ProgrammeError.NAME_TAKEN:
      return { status: 409, title: 'The name is already used' };
    case ProgrammeError.CONTRACT_CONFLICT:
      return { status: 409, title: 'The prime contract conflicts with an existing one' };
    case ProgrammeError.NOT_A_PRIME:
      return { status: 422, title: 'The organisation is not a prime provider' };
    case ProgrammeError.DATES_OUT_OF_ORDER:
      return { status: 422, title: 'The dates are out of order' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    programmes: ProgrammeError;
  }
}
registerErrorCodes('programmes', ProgrammeError, programmeProblem);
