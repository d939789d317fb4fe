import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum SubcontractorPaymentError {
  PAYMENT_NOTHING_DUE = 'PAYMENT_NOTHING_DUE',
  PAYMENT_ALREADY_TAKEN = 'PAYMENT_ALREADY_TAKEN',
  PAYMENT_WRONG_STATUS = 'PAYMENT_WRONG_STATUS',
  PAYMENT_MAKER_CANNOT_APPROVE = 'PAYMENT_MAKER_CANNOT_APPROVE',
}

export function subcontractorPaymentProblem(code: SubcontractorPaymentError): ProblemMapping {
  switch (code) {
    case SubcontractorPaymentError.PAYMENT_NOTHING_DUE:
      return { status: 409, title: 'Nothing is due to pass down for the period' };
    case SubcontractorPaymentError.PAYMENT_ALREADY_TAKEN:
      return { status: 409, title: 'Another payment run has already taken these claims' };
    case SubcontractorPaymentError.PAYMENT_WRONG_STATUS:
      return { status: 409, title: 'The payment is not in a state that allows this' };
    case SubcontractorPaymentError.PAYMENT_MAKER_CANNOT_APPROVE:
      return { status: 403, title: 'Maker-checker: the user who ran a payment cannot approve it' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    subcontractorPayments: SubcontractorPaymentError;
  }
}
registerErrorCodes('subcontractorPayments', SubcontractorPaymentError, subcontractorPaymentProblem);
