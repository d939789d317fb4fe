'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { createBrowserClient, refreshSession } from '@/lib/api';

// The access cookie lives 15 minutes; refresh at 10 so a slow request or a
// sleeping laptop still has margin.
const REFRESH_EVERY_MS = 10 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 1000;
const LOCK_NAME = 'waymark-session-refresh';
/** When any tab last refreshed (or signed in), in epoch milliseconds. */
export const LAST_REFRESH_KEY = 'waymark:session-refreshed-at';

function readLastRefresh(): number {
  try {
    return Number(window.localStorage.getItem(LAST_REFRESH_KEY)) || 0;
  } catch {
    return 0;
  }
}

export function recordSessionRefreshed(): void {
  try {
    window.localStorage.setItem(LAST_REFRESH_KEY, String(Date.now()));
  } catch {
    // Storage disabled: each tab refreshes on its own schedule.
  }
}

/**
 * Keeps the session alive while a portal tab is open. Refresh tokens rotate
 * and a reused one ends the whole session by design, so tabs must never
 * refresh at the same time: a Web Lock serialises them and the shared
 * timestamp lets every tab but the first see the work is already done.
 */
export function SessionKeeper() {
  const router = useRouter();

  useEffect(() => {
    let isActive = true;

    async function refreshIfDue(): Promise<void> {
      if (Date.now() - readLastRefresh() < REFRESH_EVERY_MS) return;
      const response = await refreshSession(createBrowserClient());
      if (response.ok) {
        recordSessionRefreshed();
      } else if (response.status === 401 && isActive) {
        // The session ended (signed out elsewhere, deactivated): the server sends us to sign-in.
        router.refresh();
      }
    }

    function check(): void {
      const run = async () => {
        try {
          if ('locks' in navigator) await navigator.locks.request(LOCK_NAME, refreshIfDue);
          else await refreshIfDue();
        } catch {
          // Offline or the API is down: try again at the next check.
        }
      };
      void run();
    }

    check();
    const timer = window.setInterval(check, CHECK_EVERY_MS);
    // Timers are throttled in background tabs and stop while asleep: check on return.
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      isActive = false;
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [router]);

  return null;
}
