import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum RemittanceError {
  REMITTANCE_NOTHING_TO_REMIT = 'REMITTANCE_NOTHING_TO_REMIT',
  REMITTANCE_ALREADY_PAID = 'REMITTANCE_ALREADY_PAID',
  REMITTANCE_CLAIMS_CHANGED = 'REMITTANCE_CLAIMS_CHANGED',
  REMITTANCE_NET_NEGATIVE = 'REMITTANCE_NET_NEGATIVE',
  REMITTANCE_CLAIM_FLAGGED = 'REMITTANCE_CLAIM_FLAGGED',
}

export function remittanceProblem(code: RemittanceError): ProblemMapping {
  switch (code) {
    case RemittanceError.REMITTANCE_NOTHING_TO_REMIT:
      return { status: 409, title: 'No approved, unremitted claims in the period' };
    case RemittanceError.REMITTANCE_ALREADY_PAID:
      return { status: 409, title: 'Remittance already paid' };
    case RemittanceError.REMITTANCE_CLAIMS_CHANGED:
      return { status: 409, title: 'A claim in the remittance is no longer approved' };
    case RemittanceError.REMITTANCE_NET_NEGATIVE:
      return { status: 409, title: 'Clawbacks exceed the claims remitted' };
    case RemittanceError.REMITTANCE_CLAIM_FLAGGED:
      return {
        status: 409,
        title: 'A claim in the remittance is flagged by the earnings data match',
      };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    remittances: RemittanceError;
  }
}
registerErrorCodes('remittances', RemittanceError, remittanceProblem);
