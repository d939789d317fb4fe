'use client';

import { ErrorState } from './error-state';

/** The body of error.tsx boundaries: what happened, a reference, and a retry. */
export function UnexpectedError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorState
      title="Something went wrong"
      action={
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-navy-900 px-4 py-2 font-semibold text-white hover:bg-navy-800"
        >
          Try again
        </button>
      }
    >
      <p>This page could not be shown. Your data has not been changed by this error.</p>
      {error.digest && (
        <p className="text-sm text-slate-600">
          If it keeps happening, quote reference{' '}
          <code className="rounded bg-slate-100 px-1.5 py-0.5">{error.digest}</code> to support.
        </p>
      )}
    </ErrorState>
  );
}
