'use client';

// A list page's saved filters: the signed-in user's own named filters for the
// page, to apply or delete, and "Save this filter" for what the page shows
// now (its address's query, less the page position). Self-contained: a page
// includes it with one line, <SavedFilters page="caseload" />.
import Link from 'next/link';
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { type components } from '@waymark/api-client';
import { createBrowserClient, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { readText } from '../form';
import { useToast } from '../toast';

type SavedFilter = components['schemas']['SavedFilterListDto']['savedFilters'][number];
type Page = SavedFilter['page'];

/** Query parameters that place you in the list rather than filter it. */
const NOT_A_FILTER = new Set(['cursor']);

function currentParams(): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(window.location.search))
    if (!NOT_A_FILTER.has(name) && value !== '') params[name] = value;
  return params;
}

const hrefOf = (filter: SavedFilter) =>
  `/${filter.page}${Object.keys(filter.params).length > 0 ? `?${new URLSearchParams(filter.params).toString()}` : ''}`;

export function SavedFilters({ page }: { page: Page }) {
  const toast = useToast();
  const nameId = useId();
  const [filters, setFilters] = useState<SavedFilter[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setFilters(
        unwrap(await createBrowserClient().GET('/saved-filters', { params: { query: { page } } }))
          .savedFilters,
      );
    } catch (error) {
      setProblem(describeError(error));
    }
  }, [page]);

  useEffect(() => {
    void load();
  }, [load]);

  async function handleSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = readText(new FormData(form), 'name').trim();
    if (!name) {
      setProblem('Enter a name for this filter');
      return;
    }
    setIsBusy(true);
    try {
      const { savedFilter } = unwrap(
        await createBrowserClient().POST('/saved-filters', {
          body: { page, name, params: currentParams() },
        }),
      );
      setProblem(null);
      form.reset();
      toast(`Filter “${savedFilter.name}” saved.`);
      await load();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setIsBusy(false);
    }
  }

  async function remove(filter: SavedFilter) {
    setIsBusy(true);
    try {
      unwrap(
        await createBrowserClient().DELETE('/saved-filters/{id}', {
          params: { path: { id: filter.id } },
        }),
      );
      setProblem(null);
      toast(`Filter “${filter.name}” deleted.`);
      await load();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section
      aria-label="Saved filters"
      data-testid="saved-filters"
      className="flex flex-wrap items-start gap-x-6 gap-y-3 text-sm"
    >
      <div className="min-w-0 flex-1 space-y-1">
        <h2 className="font-semibold text-navy-900">Your saved filters</h2>
        {filters === null ? null : filters.length === 0 ? (
          <p className="text-slate-600">
            None yet. Filter the list, then save the filter to come back to it.
          </p>
        ) : (
          <ul className="flex flex-wrap gap-2">
            {filters.map((filter) => (
              <li
                key={filter.id}
                className="flex items-center gap-1 rounded-full border border-slate-300 bg-white py-0.5 pr-1 pl-3"
              >
                <Link href={hrefOf(filter)} className="text-teal-800 underline underline-offset-4">
                  {filter.name}
                </Link>
                <button
                  type="button"
                  disabled={isBusy}
                  onClick={() => void remove(filter)}
                  aria-label={`Delete saved filter ${filter.name}`}
                  className="rounded-full px-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <form onSubmit={(event) => void handleSave(event)} className="flex flex-wrap items-end gap-2">
        <label htmlFor={nameId} className="flex flex-col gap-1">
          <span className="font-medium text-slate-700">Save this filter as</span>
          <input
            id={nameId}
            name="name"
            maxLength={80}
            className="rounded border border-slate-300 px-3 py-1.5"
          />
        </label>
        <button
          type="submit"
          disabled={isBusy}
          className="rounded border border-teal-700 px-3 py-1.5 font-semibold text-teal-800 hover:bg-teal-50"
        >
          Save this filter
        </button>
      </form>
      {problem && (
        <p role="alert" className="basis-full text-red-800">
          {problem}
        </p>
      )}
    </section>
  );
}
