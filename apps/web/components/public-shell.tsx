import type { ReactNode } from 'react';
import { SiteHeader } from './site-header';

/** Header and main landmark for pages outside a session (sign-in, status, 404, errors). */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main
        id="main-content"
        tabIndex={-1}
        className="mx-auto w-full max-w-7xl flex-1 px-4 py-10 sm:px-6"
      >
        {children}
      </main>
    </>
  );
}
