// Tells server components which path is being rendered (Next gives layouts no
// pathname), so a page that finds the session expired can send the browser
// through /session/refresh and back to the same place.
import { NextResponse, type NextRequest } from 'next/server';
import { PATHNAME_HEADER } from '@/lib/next-path';

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API proxy, the refresh handler or static files.
  matcher: ['/((?!api/|session/|_next/|icon.svg|robots.txt).*)'],
};
