import Link from 'next/link';
import type { ReactNode } from 'react';

/** A full-width message for pages that cannot show their content. */
export function ErrorState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="error-state-title"
      className="mx-auto max-w-2xl rounded-lg border border-red-200 bg-white p-6 shadow-sm sm:p-8"
    >
      <div className="flex items-start gap-4">
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="mt-0.5 h-7 w-7 shrink-0 text-red-700"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="12" cy="12" r="10" />
          <path d="M12 7v6M12 16.5v.5" strokeLinecap="round" />
        </svg>
        <div className="space-y-3">
          <h1 id="error-state-title" className="text-2xl font-semibold text-navy-900">
            {title}
          </h1>
          <div className="space-y-2 text-slate-700">{children}</div>
          <div className="flex flex-wrap items-center gap-4 pt-2">
            {action}
            <Link href="/status" className="text-teal-700 underline hover:text-teal-800">
              Check service status
            </Link>
          </div>
        </div>
      </div>
    </section>
  );
}
