// Runs before every page. Two jobs:
// - Tells server components which path is being rendered (Next gives layouts
//   no pathname), so a page that finds the session expired can send the
//   browser through /session/refresh and back to the same place.
// - Gives each page response a Content-Security-Policy with a fresh nonce:
//   only scripts carrying it (Next's bootstrap and hydration data, which Next
//   stamps with the nonce it reads from this request header) may run, so an
//   injected inline script cannot. Every page renders dynamically for this
//   (the root layout waits for the request).
import { NextResponse, type NextRequest } from 'next/server';
import { readEnv } from '@/lib/env';
import { PATHNAME_HEADER } from '@/lib/next-path';

function pageContentSecurityPolicy(nonce: string, isDevelopment: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced bootstrap loads (Next's chunks) are trusted too; 'self' for browsers without it.
    // 'unsafe-eval' only in development (React's dev tooling rebuilds server stacks with eval).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ''}`,
    // Styles stay 'unsafe-inline': charts and Next's style attributes set inline styles, which cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const policy = pageContentSecurityPolicy(nonce, readEnv().isDevelopment);
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Next reads the nonce for its own scripts from the request's policy header.
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: not the API proxy, the refresh handler or static files (next.config.ts gives those a policy).
  matcher: ['/((?!api/|session/|_next/|icon.svg|robots.txt).*)'],
};
