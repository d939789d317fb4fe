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
  [extension: string]: unknown;
}

/** Members an extension may not overwrite. */
const RESERVED = new Set([
  'type',
  'title',
  'status',
  'detail',
  'code',
  'instance',
  'requestId',
  'errors',
]);

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function buildProblem(options: {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  instance?: string;
  requestId?: string;
  extensions?: Record<string, unknown>;
}): ProblemDocument {
  const mapping = problemMappingFor(options.code);
  const extensions = Object.fromEntries(
    Object.entries(options.extensions ?? {}).filter(([key]) => !RESERVED.has(key)),
  );
  return {
    ...extensions,
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
