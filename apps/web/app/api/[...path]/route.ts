// Same-origin proxy: the browser only ever talks to the portal, and this
// handler forwards /api/<path> to the API at API_URL — read per request, so a
// built portal can point at any API (next.config rewrites are frozen at build).
import { type NextRequest } from 'next/server';
import { readEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

// x-forwarded-for lets the API rate-limit sign-in per client rather than per portal: server.mjs
// sets it to the address the portal saw, whatever the client sent.
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

/**
 * The largest body passed on: a referral file (the API's 100 MB limit) plus its multipart framing;
 * anything else is JSON, which the API caps at 1 MB. Bodies stream through, never buffered whole.
 */
const MAX_MULTIPART_BYTES = 101 * 1024 * 1024;
const MAX_OTHER_BYTES = 1024 * 1024;

class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
  }
}

function problem(status: number, code: string, title: string, detail: string): Response {
  return Response.json(
    { type: 'about:blank', title, status, code, detail },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

const tooLarge = (maxBytes: number) =>
  problem(
    413,
    'PAYLOAD_TOO_LARGE',
    'The request is too large',
    `The portal passes on bodies of at most ${Math.round(maxBytes / 1024 / 1024)} MB.`,
  );

/** The body as a stream that fails once more than `maxBytes` have passed. */
function bounded(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new BodyTooLargeError(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
}

function causedByTooLarge(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause)
    if (cause instanceof BodyTooLargeError) return true;
  return false;
}

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

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  const maxBytes = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data')
    ? MAX_MULTIPART_BYTES
    : MAX_OTHER_BYTES;
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (hasBody && declared > maxBytes) return tooLarge(maxBytes);
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody && request.body ? bounded(request.body, maxBytes) : undefined,
      // A streamed request body (Node's fetch needs to be told).
      ...(hasBody ? { duplex: 'half' } : {}),
      cache: 'no-store',
      redirect: 'manual',
      signal: request.signal,
    });
  } catch (error) {
    if (causedByTooLarge(error)) return tooLarge(maxBytes);
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
