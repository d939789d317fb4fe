// Server-side session refresh. A page that finds the access token expired
// (401) while a refresh cookie exists sends the browser here: we rotate the
// tokens with the API, hand the new cookies to the browser and go back to the
// page — or to sign-in when the session has ended (revoked, deactivated user,
// reused refresh token; the API clears its cookies itself then). When Waymark
// itself is down (the API unreachable, or answering 5xx such as 503 while its
// database is), the session has not ended: the cookies stay and the browser
// goes to a page that says the service is unavailable, not to sign-in.
import { type NextRequest } from 'next/server';
import { createWaymarkClient, refreshSession } from '@/lib/api';
import { readEnv } from '@/lib/env';
import { safeNextPath, signInPath } from '@/lib/next-path';

export const dynamic = 'force-dynamic';

const API_TIMEOUT_MS = 8_000;

function unavailablePath(next: string): string {
  return `/unavailable?next=${encodeURIComponent(next)}`;
}

export async function GET(request: NextRequest): Promise<Response> {
  const next = safeNextPath(request.nextUrl.searchParams.get('next'));
  const forwarded: Record<string, string> = {};
  for (const name of ['cookie', 'user-agent', 'x-forwarded-for', 'x-request-id']) {
    const value = request.headers.get(name);
    if (value) forwarded[name] = value;
  }

  const headers = new Headers({ 'cache-control': 'no-store' });
  let location = `${signInPath(next)}${next === '/' ? '?' : '&'}reason=session-ended`;
  try {
    const upstream = await refreshSession(
      createWaymarkClient({
        baseUrl: readEnv().apiUrl,
        headers: forwarded,
        fetch: (input, init) =>
          fetch(input, { ...init, cache: 'no-store', signal: AbortSignal.timeout(API_TIMEOUT_MS) }),
      }),
    );
    // Each cookie separately: joining Set-Cookie headers with commas corrupts them.
    for (const cookie of upstream.headers.getSetCookie()) headers.append('set-cookie', cookie);
    if (upstream.ok) location = next;
    else if (upstream.status >= 500) location = unavailablePath(next);
  } catch {
    location = unavailablePath(next);
  }
  // 303: the browser follows with a GET whatever the original method.
  headers.set('location', location);
  return new Response(null, { status: 303, headers });
}
