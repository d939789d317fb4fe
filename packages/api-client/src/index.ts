// The portal (and any TypeScript caller) talks to the API only through this
// client. Types come from src/generated/schema.ts, generated from the API's
// committed openapi.json — never edit them by hand (`npm run generate`).
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './generated/schema';

export type { components, operations, paths };
export type WaymarkClient = Client<paths>;
export type ProblemDocument = components['schemas']['ProblemDocument'];

export interface WaymarkClientOptions {
  baseUrl: string;
  /** Bearer token for API callers; the portal uses httpOnly cookies instead. */
  accessToken?: string;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
}

export function createWaymarkClient(options: WaymarkClientOptions): WaymarkClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    credentials: 'include',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: {
      // The API refuses cookie-authenticated writes without it (CSRF defence); harmless elsewhere.
      'x-waymark-csrf': '1',
      ...options.headers,
      ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
    },
  });
}

/** Thrown by `unwrap` when the API answered with a problem document. */
export class ApiProblemError extends Error {
  constructor(readonly problem: ProblemDocument) {
    super(problem.detail);
    this.name = 'ApiProblemError';
  }

  /** The message for one field (`body.email`), for showing beside a form input. */
  messageFor(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

export function isProblemDocument(value: unknown): value is ProblemDocument {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'code' in value &&
    'detail' in value
  );
}

/** Returns the data of a successful call, or throws ApiProblemError with the API's problem document. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const problem = isProblemDocument(result.error)
      ? result.error
      : {
          type: 'about:blank',
          title: 'Unexpected response',
          status: result.response.status,
          code: 'UNEXPECTED_RESPONSE',
          detail: `The API answered ${result.response.status} without a problem document.`,
        };
    throw new ApiProblemError(problem);
  }
  return result.data as T;
}
