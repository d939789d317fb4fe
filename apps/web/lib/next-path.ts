// Where to go after signing in or refreshing: only a path on this origin, so
// a crafted link (?next=https://evil.example or //evil.example) cannot turn
// the sign-in page into an open redirect.

/** Request header set by proxy.ts: the path and query being rendered. */
export const PATHNAME_HEADER = 'x-waymark-pathname';

export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2_000) return fallback;
  // One leading slash, then not a second slash or backslash (protocol-relative URLs).
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Control characters can smuggle a different target past some parsers.
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    return fallback;
  }
  try {
    const url = new URL(value, 'http://portal.invalid');
    if (url.origin !== 'http://portal.invalid') return fallback;
    // Never bounce back into the session machinery itself.
    if (url.pathname.startsWith('/session/') || url.pathname === '/sign-in') return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}

export function signInPath(next?: string): string {
  const path = safeNextPath(next, '');
  return path && path !== '/' ? `/sign-in?next=${encodeURIComponent(path)}` : '/sign-in';
}
