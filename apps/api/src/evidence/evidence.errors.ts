import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum EvidenceError {
  FILE_MISSING = 'EVIDENCE_FILE_MISSING',
  TOO_LARGE = 'EVIDENCE_TOO_LARGE',
  TYPE_NOT_ALLOWED = 'EVIDENCE_TYPE_NOT_ALLOWED',
}

export function evidenceProblem(code: EvidenceError): ProblemMapping {
  switch (code) {
    case EvidenceError.FILE_MISSING:
      return { status: 400, title: 'No file was sent' };
    case EvidenceError.TOO_LARGE:
      return { status: 413, title: 'The evidence file is too large' };
    case EvidenceError.TYPE_NOT_ALLOWED:
      return { status: 415, title: 'Evidence must be a PDF, PNG or JPEG' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    evidence: EvidenceError;
  }
}
registerErrorCodes('evidence', EvidenceError, evidenceProblem);
