import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';

export enum SubcontractorPaymentError {
  PAYMENT_NOTHING_DUE = 'PAYMENT_NOTHING_DUE',
  PAYMENT_WRONG_STATUS = 'PAYMENT_WRONG_STATUS',
}

export function subcontractorPaymentProblem(code: SubcontractorPaymentError): ProblemMapping {
  switch (code) {
    case SubcontractorPaymentError.PAYMENT_NOTHING_DUE:
      return { status: 409, title: 'Nothing is due to pass down for the period' };
    case SubcontractorPaymentError.PAYMENT_WRONG_STATUS:
      return { status: 409, title: 'The payment is not in a state that allows this' };
    default:
      return assertNever(code);
  }
}
