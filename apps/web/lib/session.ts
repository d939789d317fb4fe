// Who is signed in, for server components. Cached per request so the layout
// and the page share one GET /auth/me.
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { ApiProblemError, fetchCurrentUser, type SessionUser } from './api';
import { findSection, type Section, type SectionSlug } from './navigation';
import { PATHNAME_HEADER, safeNextPath, signInPath } from './next-path';
import { createServerClient } from './server-api';
import { REFRESH_COOKIE } from './session-cookies';

export type Session =
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'signed-out' }
  | { status: 'unavailable'; detail: string };

export const getSession = cache(async (): Promise<Session> => {
  try {
    const user = await fetchCurrentUser(await createServerClient());
    return { status: 'signed-in', user };
  } catch (error) {
    if (error instanceof ApiProblemError) {
      if (error.problem.status === 401) return { status: 'signed-out' };
      return { status: 'unavailable', detail: error.problem.detail };
    }
    // fetch throws TypeError on refused connections and TimeoutError on a hung API.
    return {
      status: 'unavailable',
      detail: 'The Waymark API could not be reached. It may be starting up or down.',
    };
  }
});

/**
 * The API said 401. With a refresh cookie the access token has probably just
 * expired (it lives 15 minutes): go through /session/refresh, which rotates
 * the tokens and comes straight back. Without one, sign in and come back.
 */
export async function redirectSignedOut(): Promise<never> {
  const [cookieStore, incoming] = await Promise.all([cookies(), headers()]);
  const next = safeNextPath(incoming.get(PATHNAME_HEADER));
  if (cookieStore.has(REFRESH_COOKIE)) {
    redirect(`/session/refresh?next=${encodeURIComponent(next)}`);
  }
  redirect(signInPath(next));
}

/**
 * For a page in a section: the signed-in user, or a 404 when the section is not
 * theirs (as with the API, invisible means not found). Null when the API is
 * unavailable — the portal layout shows that state instead of the page.
 */
export async function requireSection(
  slug: SectionSlug,
): Promise<{ user: SessionUser; section: Section } | null> {
  const session = await getSession();
  // Layout and page render in parallel: both take the same exit when signed out.
  if (session.status === 'signed-out') return redirectSignedOut();
  if (session.status === 'unavailable') return null;
  const section = findSection(session.user, slug);
  if (!section) notFound();
  return { user: session.user, section };
}
