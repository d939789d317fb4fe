import Link from 'next/link';
import type { SessionUser } from '@/lib/api';
import { describeOrganisationKind, describeRoles } from '@/lib/navigation';
import { HeaderSearch } from './search/header-search';
import { SignOutButton } from './sign-out-button';
import { Wordmark } from './wordmark';

/** `unread`: the signed-in person's unread notifications (null when the count could not be read). */
export function SiteHeader({
  user,
  unread = null,
}: {
  user?: SessionUser;
  unread?: number | null;
}) {
  return (
    <header className="bg-navy-900 text-white">
      <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Wordmark />
        {user && <HeaderSearch />}
        {user && (
          <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
            <dl
              aria-label="Signed-in user"
              className="grid gap-0.5 text-sm leading-tight sm:text-right"
            >
              <dt className="sr-only">Signed in as</dt>
              <dd className="font-semibold" data-testid="header-user">
                {user.displayName}
              </dd>
              <dt className="sr-only">Organisation</dt>
              <dd className="text-navy-100" data-testid="header-organisation">
                {user.organisation.name}
                <span className="ml-2 rounded-full bg-teal-800 px-2 py-0.5 text-xs font-medium text-teal-50">
                  {describeOrganisationKind(user.organisation.kind)}
                </span>
              </dd>
              <dt className="sr-only">Roles</dt>
              <dd className="text-xs text-navy-100" data-testid="header-roles">
                {describeRoles(user.roles)}
              </dd>
            </dl>
            <Link
              href="/notifications"
              className="rounded-md px-2 py-1 text-sm font-semibold text-white underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-white"
              data-testid="header-notifications"
            >
              Notifications
              {unread !== null && unread > 0 && ' '}
              {unread !== null && unread > 0 && (
                <span className="ml-2 rounded-full bg-amber-300 px-2 py-0.5 text-xs font-bold text-navy-900">
                  {unread.toLocaleString('en-GB')}
                  <span className="sr-only"> unread</span>
                </span>
              )}
            </Link>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
