// Small HTTP helpers for end-to-end tests: JSON calls and signing in.
export interface CallResult<T = unknown> {
  status: number;
  body: T;
  /** The body as sent, for byte-for-byte comparisons (idempotent replays). */
  text: string;
  headers: Headers;
}

export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  // JSON and problem+json are parsed; CSV, PDF and other exports come back as text.
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    body: (text && isJson ? JSON.parse(text) : text || undefined) as T,
    text,
    headers: response.headers,
  };
}

export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ accessToken: string; refreshToken: string; cookies: string[] }> {
  const response = await fetch(`${baseUrl}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string };
  const cookies = response.headers.getSetCookie();
  const refreshCookie = cookies.find((cookie) => cookie.startsWith('waymark_refresh='));
  const refreshToken = decodeURIComponent(refreshCookie?.split(';')[0]?.split('=')[1] ?? '');
  return { accessToken: body.accessToken, refreshToken, cookies };
}
