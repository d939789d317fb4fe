// Turning an API problem document into what a form shows: a message beside
// each field it names and the rest in the error summary.
import { ApiProblemError, RateLimitedError } from './api';

export interface FormErrors<Field extends string> {
  fields: Partial<Record<Field, string>>;
  /** Problems not tied to a field: the problem document's detail. */
  form: string[];
}

export const NO_ERRORS: FormErrors<never> = { fields: {}, form: [] };

export function hasErrors(errors: FormErrors<string>): boolean {
  return Object.keys(errors.fields).length > 0 || errors.form.length > 0;
}

/**
 * `fields` maps the API's field names (`body.password`) to the form's field
 * and its label. Messages that are fragments ("must be at least 12
 * characters") get the label in front so they read on their own in the summary.
 */
export function formErrorsFrom<Field extends string>(
  error: unknown,
  fields: Record<string, { name: Field; label: string }>,
): FormErrors<Field> {
  const result: FormErrors<Field> = { fields: {}, form: [] };
  if (error instanceof RateLimitedError) {
    result.form.push(error.problem.detail);
    return result;
  }
  if (!(error instanceof ApiProblemError)) {
    result.form.push('Waymark could not be reached. Check your connection and try again.');
    return result;
  }
  for (const { field, message } of error.problem.errors ?? []) {
    const target = fields[field];
    if (!target) {
      result.form.push(message);
      continue;
    }
    const startsLowercase = message.charAt(0) === message.charAt(0).toLowerCase();
    result.fields[target.name] ??= startsLowercase ? `${target.label} ${message}` : message;
  }
  if (!hasErrors(result)) result.form.push(error.problem.detail);
  return result;
}

export function describeError(error: unknown): string {
  if (error instanceof ApiProblemError) return error.problem.detail;
  return 'Waymark could not be reached. Check your connection and try again.';
}
