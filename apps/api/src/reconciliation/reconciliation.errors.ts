import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum ReconciliationRunError {
  DISPUTE_WRONG_STATUS = 'DISPUTE_WRONG_STATUS',
  DISPUTE_WRONG_PARTY = 'DISPUTE_WRONG_PARTY',
  BANK_STATEMENT_INVALID = 'BANK_STATEMENT_INVALID',
}

export function reconciliationProblem(code: ReconciliationRunError): ProblemMapping {
  switch (code) {
    case ReconciliationRunError.DISPUTE_WRONG_STATUS:
      return { status: 409, title: 'The dispute is not in a state that allows this' };
    case ReconciliationRunError.DISPUTE_WRONG_PARTY:
      return { status: 403, title: 'The other party must do this' };
    case ReconciliationRunError.BANK_STATEMENT_INVALID:
      return { status: 400, title: 'The bank statement file is not valid' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    reconciliation: ReconciliationRunError;
  }
}
registerErrorCodes('reconciliation', ReconciliationRunError, reconciliationProblem);
