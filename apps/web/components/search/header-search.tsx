'use client';

// The query box in the portal header: one box for participants (reference or
// NI number), referrals, claims, payments and organisations. Results open on
// /search (components/search/search-results.tsx).
import { usePathname, useRouter } from 'next/navigation';
import { type FormEvent, useId } from 'react';
import { readText } from '../form';
import { SEARCH_EVENT, SEARCH_PATH, searchHref } from './search-location';

export function HeaderSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const inputId = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = readText(new FormData(event.currentTarget), 'q').trim();
    if (!query) return;
    if (pathname === SEARCH_PATH) {
      // Already on the results: a new history entry, and the results read it.
      window.history.pushState(null, '', searchHref(query));
      window.dispatchEvent(new Event(SEARCH_EVENT));
    } else {
      router.push(searchHref(query));
    }
  }

  return (
    <form
      role="search"
      aria-label="Search Waymark"
      onSubmit={handleSubmit}
      className="flex min-w-0 items-center gap-2"
    >
      <label htmlFor={inputId} className="sr-only">
        Search by participant reference, NI number, claim, payment or organisation
      </label>
      <input
        id={inputId}
        name="q"
        type="search"
        maxLength={100}
        autoComplete="off"
        placeholder="Reference, NI number, organisation…"
        data-testid="header-search"
        className="w-full min-w-0 rounded border border-navy-700 bg-white px-3 py-1.5 text-sm text-slate-900 placeholder:text-slate-500 sm:w-72"
      />
      <button
        type="submit"
        className="rounded bg-teal-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        Search
      </button>
    </form>
  );
}
