// Same-origin proxy: the browser only ever talks to the portal, and this
// handler forwards /api/<path> to the API at API_URL — read per request, so a
// built portal can point at any API (next.config rewrites are frozen at build).
import { type NextRequest } from 'next/server';
import { readEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

// x-forwarded-for lets the API rate-limit sign-in per client rather than per portal.
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'cookie',
  'authorization',
  'x-request-id',
  'idempotency-key',
  'if-match',
  'x-waymark-csrf',
  'user-agent',
  'x-forwarded-for',
];

// Hop-by-hop headers, and those fetch() has already acted on (the body is decoded).
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-encoding',
  'content-length',
  'set-cookie',
]);

interface RouteContext {
  params: Promise<{ path: string[] }>;
}

async function proxy(request: NextRequest, context: RouteContext): Promise<Response> {
  const { path } = await context.params;
  const target = `${readEnv().apiUrl}/${path.map(encodeURIComponent).join('/')}${request.nextUrl.search}`;

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      cache: 'no-store',
      redirect: 'manual',
      signal: request.signal,
    });
  } catch {
    return Response.json(
      {
        type: 'about:blank',
        title: 'API unreachable',
        status: 502,
        code: 'API_UNREACHABLE',
        detail:
          'The portal could not reach the Waymark API. It may be starting up or down; try again shortly.',
      },
      { status: 502, headers: { 'content-type': 'application/problem+json' } },
    );
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders.set(name, value);
  });
  // Each cookie separately: joining Set-Cookie headers with commas corrupts them.
  for (const cookie of upstream.headers.getSetCookie())
    responseHeaders.append('set-cookie', cookie);

  const isBodiless =
    request.method === 'HEAD' || upstream.status === 204 || upstream.status === 304;
  return new Response(isBodiless ? null : upstream.body, {
    status: upstream.status,
    headers: responseHeaders,
  });
}

export const GET = proxy;
export const HEAD = proxy;
export const POST = proxy;
export const PUT = proxy;
export const PATCH = proxy;
export const DELETE = proxy;
export const OPTIONS = proxy;
