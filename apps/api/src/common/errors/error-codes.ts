// Every error code the API can answer with. Each area declares its codes as a
// string enum in its own <area>.errors.ts, with an exhaustive code → status/title
// mapping (a new code without a mapping does not compile), and registers them
// here: it adds its enum to ErrorCodesByArea (declaration merging, so ErrorCode
// stays a closed union the compiler checks) and calls registerErrorCodes. This
// file imports no area (W16: common/ depends on no area); apps/api/src/error-areas.ts
// loads them all at start-up.
import { assertNever, type ProblemMapping } from './problem-mapping';

export { assertNever, type ProblemMapping };

/** Errors any route can produce. */
export enum CommonError {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_REQUEST = 'MALFORMED_REQUEST',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  NOT_READY = 'NOT_READY',
  INTERNAL = 'INTERNAL',
}

function commonProblem(code: CommonError): ProblemMapping {
  switch (code) {
    case CommonError.VALIDATION_FAILED:
      return { status: 400, title: 'The request is not valid' };
    case CommonError.MALFORMED_REQUEST:
      return { status: 400, title: 'The request body could not be read' };
    case CommonError.UNSUPPORTED_MEDIA_TYPE:
      return { status: 415, title: 'Unsupported content type' };
    case CommonError.PAYLOAD_TOO_LARGE:
      return { status: 413, title: 'The request is too large' };
    case CommonError.UNAUTHENTICATED:
      return { status: 401, title: 'Sign-in required' };
    case CommonError.FORBIDDEN:
      return { status: 403, title: 'Not allowed' };
    case CommonError.NOT_FOUND:
      return { status: 404, title: 'Not found' };
    case CommonError.ROUTE_NOT_FOUND:
      return { status: 404, title: 'No such route' };
    case CommonError.METHOD_NOT_ALLOWED:
      return { status: 405, title: 'Method not allowed' };
    case CommonError.CONFLICT:
      return { status: 409, title: 'Conflict' };
    case CommonError.RATE_LIMITED:
      return { status: 429, title: 'Too many requests' };
    case CommonError.NOT_READY:
      return { status: 503, title: 'Not ready' };
    case CommonError.INTERNAL:
      return { status: 500, title: 'Internal error' };
    default:
      return assertNever(code);
  }
}

/** Each area's error enum, by area name; areas add themselves (`declare module` in their *.errors.ts). */
export interface ErrorCodesByArea {
  common: CommonError;
}

export type ErrorCode = ErrorCodesByArea[keyof ErrorCodesByArea];

interface Area {
  name: string;
  codes: readonly string[];
  map(code: never): ProblemMapping;
}
const AREAS: Area[] = [];
const OWNER = new Map<string, Area>();

/**
 * Registers an area's codes and their mapping. A code declared by two areas would make the mapping ambiguous, so it is
 * refused when the second area loads (at start-up).
 */
export function registerErrorCodes<A extends keyof ErrorCodesByArea>(
  name: A,
  codes: Record<string, ErrorCodesByArea[A]>,
  map: (code: ErrorCodesByArea[A]) => ProblemMapping,
): void {
  if (AREAS.some((registered) => registered.name === name)) return;
  const area: Area = {
    name,
    codes: Object.values(codes),
    map,
  };
  for (const code of area.codes) {
    const owner = OWNER.get(code);
    if (owner) throw new Error(`Error code ${code} is declared by ${owner.name} and ${name}`);
  }
  AREAS.push(area);
  for (const code of area.codes) OWNER.set(code, area);
}

registerErrorCodes('common', CommonError, commonProblem);

/** Every registered code, for tests that check the whole table. */
export function allErrorCodes(): ErrorCode[] {
  return AREAS.flatMap((candidate) => candidate.codes) as ErrorCode[];
}

export function problemMappingFor(code: ErrorCode): ProblemMapping {
  const owner = OWNER.get(code);
  if (!owner) throw new Error(`Error code ${code} belongs to no registered area`);
  return owner.map(code as never);
}

/** Stable problem `type` URI for a code (RFC 9457 §3.1.1). */
export function problemTypeFor(code: ErrorCode): string {
  return `https://waymark.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
