'use client';

// Query threads on a claim: messages, a reply box, and resolve for the
// organisation that raised the query.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { buttonClass, FieldError, readText, SubmitButton } from '@/components/form';
import type { Schemas } from '@/components/money/shared';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';

type Query = Schemas['ClaimQueryListDto']['queries'][number];

function Thread({ query, organisationId }: { query: Query; organisationId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const replyId = `reply-${query.id}`;

  async function reply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = readText(new FormData(form), 'body').trim();
    if (!body) {
      setError('Enter a reply');
      return;
    }
    setIsBusy(true);
    try {
      unwrap(
        await createBrowserClient().POST('/claim-queries/{id}/messages', {
          params: { path: { id: query.id } },
          body: { body },
        }),
      );
      form.reset();
      setError(undefined);
      toast('Reply sent.');
      router.refresh();
    } catch (problem) {
      setError(describeError(problem));
    } finally {
      setIsBusy(false);
    }
  }

  async function resolve() {
    try {
      unwrap(
        await createBrowserClient().POST('/claim-queries/{id}/resolve', {
          params: { path: { id: query.id } },
        }),
      );
      toast('Query resolved.');
      router.refresh();
    } catch (problem) {
      toast(describeError(problem), 'error');
    }
  }

  return (
    <article className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="font-semibold text-navy-900">{query.subject}</h3>
        <span className="text-sm text-slate-700">
          {query.resolvedAt ? `Resolved ${formatDateTime(query.resolvedAt)}` : 'Open'}
        </span>
      </header>
      <ol className="space-y-2">
        {query.messages.map((message) => (
          <li
            key={message.id}
            className={`rounded-md p-3 text-sm ${message.authorOrganisationId === organisationId ? 'bg-teal-50' : 'bg-slate-100'}`}
          >
            <p className="text-xs text-slate-700">
              {message.authorOrganisationId === organisationId
                ? 'Your organisation'
                : 'Other party'}{' '}
              · {formatDateTime(message.sentAt)}
            </p>
            <p className="text-slate-900">{message.body}</p>
          </li>
        ))}
      </ol>
      {!query.resolvedAt && (
        <form onSubmit={(event) => void reply(event)} className="space-y-2" noValidate>
          <label htmlFor={replyId} className="block text-sm font-semibold text-navy-900">
            Reply
          </label>
          <FieldError id={`${replyId}-error`} error={error} />
          <textarea
            id={replyId}
            name="body"
            rows={2}
            className="block w-full rounded-md border-2 border-slate-500 px-3 py-2"
            aria-describedby={error ? `${replyId}-error` : undefined}
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton isBusy={isBusy} busyLabel="Sending…" variant="secondary">
              Send reply
            </SubmitButton>
            {query.raisedByOrganisationId === organisationId && (
              <button
                type="button"
                className={buttonClass('primary', 'sm')}
                onClick={() => void resolve()}
              >
                Resolve query
              </button>
            )}
          </div>
        </form>
      )}
    </article>
  );
}

export function QueryThread({
  queries,
  organisationId,
}: {
  queries: Query[];
  organisationId: string;
}) {
  return (
    <section aria-labelledby="queries-title" className="space-y-3">
      <h2 id="queries-title" className="text-xl font-semibold text-navy-900">
        Queries
      </h2>
      {queries.length === 0 ? (
        <p className="text-slate-700">No queries on this claim.</p>
      ) : (
        queries.map((query) => (
          <Thread key={query.id} query={query} organisationId={organisationId} />
        ))
      )}
    </section>
  );
}
