import type { ReactNode } from 'react';
import { PortalNav } from '@/components/portal-nav';
import { PublicShell } from '@/components/public-shell';
import { ServiceUnavailable } from '@/components/service-unavailable';
import { SessionKeeper } from '@/components/session-keeper';
import { SiteHeader } from '@/components/site-header';
import { ToastProvider } from '@/components/toast';
import { sectionsFor } from '@/lib/navigation';
import { unwrap } from '@/lib/api';
import { createServerClient } from '@/lib/server-api';
import { getSession, redirectSignedOut } from '@/lib/session';

/** The header badge: best effort, so a slow count never blocks the page. */
async function unreadNotifications(): Promise<number | null> {
  try {
    const client = await createServerClient();
    return (await client.GET('/notifications/unread-count').then(unwrap)).unread;
  } catch {
    return null;
  }
}

export const dynamic = 'force-dynamic';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  // The badge needs only the forwarded cookies, not the user: asked beside GET /auth/me, not after it.
  const [session, unread] = await Promise.all([getSession(), unreadNotifications()]);

  if (session.status === 'signed-out') return redirectSignedOut();

  if (session.status === 'unavailable') {
    return (
      <PublicShell>
        <ServiceUnavailable detail={session.detail} />
      </PublicShell>
    );
  }

  return (
    <ToastProvider>
      <SessionKeeper />
      <SiteHeader user={session.user} unread={unread} />
      <div className="flex w-full flex-1 flex-col md:flex-row">
        <div className="border-b border-slate-200 bg-white md:w-60 md:shrink-0 md:border-r md:border-b-0">
          <PortalNav sections={sectionsFor(session.user)} />
        </div>
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 px-4 py-8 sm:px-6 md:px-10">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </ToastProvider>
  );
}
