// Server components call the API directly at API_URL, forwarding the incoming
// request's cookies so the API sees the same session as the browser.
import { cookies, headers } from 'next/headers';
import { createWaymarkClient, type WaymarkClient } from './api';
import { readEnv } from './env';

// A hung API must not hang the page: fail fast and show the error state.
const API_TIMEOUT_MS = 8_000;

export async function createServerClient(): Promise<WaymarkClient> {
  const [cookieStore, incoming] = await Promise.all([cookies(), headers()]);
  const forwarded: Record<string, string> = {};
  const cookieHeader = cookieStore.toString();
  if (cookieHeader) forwarded.cookie = cookieHeader;
  const requestId = incoming.get('x-request-id');
  if (requestId) forwarded['x-request-id'] = requestId;

  return createWaymarkClient({
    baseUrl: readEnv().apiUrl,
    headers: forwarded,
    fetch: (input, init) =>
      fetch(input, { ...init, cache: 'no-store', signal: AbortSignal.timeout(API_TIMEOUT_MS) }),
  });
}
