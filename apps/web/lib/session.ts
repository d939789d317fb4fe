// Who is signed in, for server components. Cached per request so the layout
// and the page share one GET /auth/me.
import { cache } from 'react';
import { ApiProblemError, fetchCurrentUser, type SessionUser } from './api';
import { createServerClient } from './server-api';

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
