import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum SupplyChainError {
  BID_SHARES_OVER_WHOLE = 'BID_SHARES_OVER_WHOLE',
  BID_COMMITMENT_PENDING = 'BID_COMMITMENT_PENDING',
  BID_COMMITMENT_NOT_PENDING = 'BID_COMMITMENT_NOT_PENDING',
}

export function supplyChainProblem(code: SupplyChainError): ProblemMapping {
  switch (code) {
    case SupplyChainError.BID_SHARES_OVER_WHOLE:
      return { status: 422, title: 'Bid commitments would promise more than the whole contract' };
    case SupplyChainError.BID_COMMITMENT_PENDING:
      return {
        status: 409,
        title: 'A proposal for this subcontractor already awaits the commissioner',
      };
    case SupplyChainError.BID_COMMITMENT_NOT_PENDING:
      return { status: 409, title: 'That bid commitment version is not awaiting a decision' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    supplyChain: SupplyChainError;
  }
}
registerErrorCodes('supplyChain', SupplyChainError, supplyChainProblem);
