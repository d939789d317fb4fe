import { type ErrorCode } from './error-codes';

export interface FieldError {
  /** Dotted path of the offending field, prefixed by where it came from: body.amountPence, query.limit. */
  field: string;
  message: string;
}

/** The one error class the API throws on purpose; the problem filter renders it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
    /** RFC 9457 extension members with machine-readable context (e.g. `dueDate`, `allowedTransitions`). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}
