import { assertNever, type ProblemMapping } from '../common/errors/problem-mapping';
import { registerErrorCodes } from '../common/errors/error-codes';

export enum AlertError {
  ALREADY_ACKNOWLEDGED = 'ALERT_ALREADY_ACKNOWLEDGED',
  PROGRAMME_REQUIRED = 'ALERT_SCAN_PROGRAMME_REQUIRED',
}

export function alertProblem(code: AlertError): ProblemMapping {
  switch (code) {
    case AlertError.ALREADY_ACKNOWLEDGED:
      return { status: 409, title: 'The alert is already acknowledged' };
    case AlertError.PROGRAMME_REQUIRED:
      return { status: 422, title: 'Name the programme to scan' };
    default:
      return assertNever(code);
  }
}

declare module '../common/errors/error-codes' {
  interface ErrorCodesByArea {
    alerts: AlertError;
  }
}
registerErrorCodes('alerts', AlertError, alertProblem);
