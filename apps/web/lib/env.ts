// The one place the portal reads its environment (read at request time, not
// at build time, so one build runs against any API).
const DEFAULT_API_URL = 'http://127.0.0.1:3001';

export interface PortalEnv {
  /** Base URL of the Waymark API, reached server-side only; the browser goes through /api. */
  apiUrl: string;
  /** `next dev`: the page policy allows eval, which React's development tooling needs. */
  isDevelopment: boolean;
}

export function readEnv(): PortalEnv {
  const raw = process.env.API_URL?.trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`API_URL must be an absolute http(s) URL, got "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`API_URL must use http or https, got "${raw}".`);
  }
  return { apiUrl: raw.replace(/\/+$/, ''), isDevelopment: process.env.NODE_ENV !== 'production' };
}
