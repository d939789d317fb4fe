import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum DataProtectionError {
  RETENTION_POLICY_NOT_SET = 'RETENTION_POLICY_NOT_SET',
  NOT_DATA_CONTROLLER = 'NOT_DATA_CONTROLLER',
  SUBJECT_ACCESS_NOT_ALLOWED = 'SUBJECT_ACCESS_NOT_ALLOWED',
  REQUEST_TRANSITION_NOT_ALLOWED = 'DATA_SUBJECT_REQUEST_TRANSITION_NOT_ALLOWED',
  MAKER_CANNOT_CHECK = 'DATA_SUBJECT_REQUEST_MAKER_CANNOT_CHECK',
  REQUEST_VERSION_STALE = 'DATA_SUBJECT_REQUEST_VERSION_STALE',
  PARTICIPANT_PSEUDONYMISED = 'PARTICIPANT_PSEUDONYMISED',
}

export function dataProtectionProblem(code: DataProtectionError): ProblemMapping {
  switch (code) {
    case DataProtectionError.RETENTION_POLICY_NOT_SET:
      return { status: 409, title: 'The programme has no retention policy' };
    case DataProtectionError.NOT_DATA_CONTROLLER:
      return {
        status: 403,
        title: 'Only the programme’s commissioner (the data controller) may do this',
      };
    case DataProtectionError.SUBJECT_ACCESS_NOT_ALLOWED:
      return {
        status: 403,
        title:
          'Subject access exports are for the commissioner’s admins and auditors or the prime’s admins',
      };
    case DataProtectionError.REQUEST_TRANSITION_NOT_ALLOWED:
      return { status: 409, title: 'The request cannot move to that state from its current one' };
    case DataProtectionError.MAKER_CANNOT_CHECK:
      return { status: 403, title: 'Whoever recorded a request cannot also decide it' };
    case DataProtectionError.REQUEST_VERSION_STALE:
      return { status: 409, title: 'The request changed while it was being updated' };
    case DataProtectionError.PARTICIPANT_PSEUDONYMISED:
      return {
        status: 409,
        title: 'The participant’s personal data has already been pseudonymised',
      };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    dataProtection: DataProtectionError;
  }
}
registerErrorCodes('dataProtection', DataProtectionError, dataProtectionProblem);
