import { type ErrorCode, problemMappingFor, problemTypeFor } from './error-codes';
import { type FieldError } from './app-error';

/** RFC 9457 problem details, with Waymark's `code` and field `errors` extensions. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function buildProblem(options: {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  instance?: string;
  requestId?: string;
}): ProblemDocument {
  const mapping = problemMappingFor(options.code);
  return {
    type: problemTypeFor(options.code),
    title: mapping.title,
    status: mapping.status,
    detail: options.detail,
    code: options.code,
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
    ...(options.errors && options.errors.length > 0 ? { errors: options.errors } : {}),
  };
}
