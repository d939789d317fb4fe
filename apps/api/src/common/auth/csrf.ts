// CSRF defence for cookie-authenticated writes: the browser must send a
// custom header, which a cross-site form or script cannot add without a CORS
// preflight that our CORS policy refuses. Bearer tokens and API keys are not
// sent automatically by browsers, so requests without the cookie need no
// header. A request that carries the cookie always does, whatever else it
// sends: an Authorization header the bearer strategy does not read (Basic …)
// leaves the cookie to authenticate, so it must not switch the check off.
// (The SameSite=Lax access cookie is the first layer; this is the second.)
import { type FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';
import { ACCESS_COOKIE } from './cookies';

export const CSRF_HEADER = 'x-waymark-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function assertCsrfSafe(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!request.cookies?.[ACCESS_COOKIE]) return;
  if (request.headers[CSRF_HEADER] !== '1') {
    throw new AppError(
      CommonError.FORBIDDEN,
      `Cookie-authenticated writes must send the ${CSRF_HEADER}: 1 header (cross-site request forgery protection).`,
    );
  }
}
