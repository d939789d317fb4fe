import type { Metadata } from 'next';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { wordFor } from '@/lib/words';

export const metadata: Metadata = { title: 'Email outbox' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;
const STATES = ['QUEUED', 'SENT', 'FAILED', 'KEPT'] as const;
const STATE_WORDS: Record<(typeof STATES)[number], string> = {
  QUEUED: 'Waiting to send',
  SENT: 'Sent',
  FAILED: 'Failed',
  KEPT: 'Kept here (no mail server)',
};

export default async function EmailOutboxPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('email-outbox');
  if (!access) return null;
  const params = pickParams(await searchParams, ['state', 'page']);
  const state = STATES.find((value) => value === params.state);
  const page = pageFrom(params.page);

  const client = await createServerClient();
  let outbox;
  try {
    outbox = await client
      .GET('/notifications/outbox', { params: { query: { state, page, pageSize: PAGE_SIZE } } })
      .then(unwrap);
  } catch (error) {
    return (
      <ErrorState title="The email outbox could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Platform"
        title="Email outbox"
        description={
          outbox.isSmtpConfigured
            ? 'Notification emails go out through the configured mail server. Failed ones stay here with the reason.'
            : 'No mail server is configured (SMTP_URL), so notification emails are kept here instead of being sent. People still see them in their in-app inbox.'
        }
      />
      <FilterForm action="/email-outbox" label="Filter emails">
        <FilterSelect
          name="state"
          label="State"
          value={state}
          options={STATES.map((value) => ({ value, label: STATE_WORDS[value] }))}
        />
      </FilterForm>
      <DataTable
        caption="Notification emails, newest first"
        rows={outbox.emails}
        rowKey={(email) => email.id}
        state={{ path: '/email-outbox', params }}
        emptyMessage="No emails."
        columns={[
          {
            key: 'created',
            header: 'Written',
            cell: (email) => (
              <span className="whitespace-nowrap">{formatDateTime(email.createdAt)}</span>
            ),
          },
          {
            key: 'to',
            header: 'To',
            cell: (email) => (
              <span className="block max-w-xs break-words">
                {email.recipientName}, {email.recipientOrganisationName}
                <span className="block text-xs text-slate-600">{email.toAddress}</span>
              </span>
            ),
          },
          {
            key: 'message',
            header: 'Message',
            cell: (email) => (
              <details className="max-w-md">
                <summary className="cursor-pointer">
                  <span className="font-medium">{email.subject}</span>
                  <span className="block text-xs text-slate-600">
                    {wordFor('notificationKind', email.kind)}
                  </span>
                </summary>
                <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-sm text-slate-800">
                  {email.body}
                </pre>
              </details>
            ),
          },
          {
            key: 'state',
            header: 'State',
            cell: (email) => (
              <span>
                {STATE_WORDS[email.state]}
                {email.sentAt && (
                  <span className="block text-xs text-slate-600">
                    {formatDateTime(email.sentAt)}
                  </span>
                )}
                {email.lastError && (
                  <span className="block text-xs text-red-800">{email.lastError}</span>
                )}
              </span>
            ),
          },
        ]}
      />
      <NumberedPager
        path="/email-outbox"
        params={params}
        page={page}
        pageSize={PAGE_SIZE}
        total={outbox.total}
        noun={['email', 'emails']}
      />
    </div>
  );
}
