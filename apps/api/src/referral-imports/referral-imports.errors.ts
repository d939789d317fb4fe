import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum ReferralImportError {
  IMPORT_FILE_REQUIRED = 'IMPORT_FILE_REQUIRED',
  IMPORT_FILE_EMPTY = 'IMPORT_FILE_EMPTY',
  IMPORT_NOT_FINISHED = 'IMPORT_NOT_FINISHED',
}

export function referralImportProblem(code: ReferralImportError): ProblemMapping {
  switch (code) {
    case ReferralImportError.IMPORT_FILE_REQUIRED:
      return { status: 400, title: 'A referral file is required' };
    case ReferralImportError.IMPORT_FILE_EMPTY:
      return { status: 400, title: 'The referral file is empty' };
    case ReferralImportError.IMPORT_NOT_FINISHED:
      return { status: 409, title: 'The import has not finished' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    referralImports: ReferralImportError;
  }
}
registerErrorCodes('referralImports', ReferralImportError, referralImportProblem);
