import Link from 'next/link';
import { ErrorState } from './error-state';

/**
 * Waymark (its API or database) cannot serve the page just now. Said plainly,
 * and without touching the session: the person is still signed in, and the
 * same page works again once the service is back — never a sign-in form.
 */
export function ServiceUnavailable({
  retryHref = '/',
  detail,
}: {
  retryHref?: string;
  detail?: string;
}) {
  return (
    <ErrorState
      title="Waymark is unavailable just now"
      action={
        <Link
          href={retryHref}
          className="rounded-md bg-navy-900 px-4 py-2 font-semibold text-white hover:bg-navy-800"
        >
          Try again
        </Link>
      }
    >
      <p>
        The service cannot load your work at the moment. Nothing you have saved is lost, and you are
        still signed in: try again in a minute.
      </p>
      {detail && <p className="text-sm text-slate-600">{detail}</p>}
    </ErrorState>
  );
}
