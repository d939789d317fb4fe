import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { RequestDecisions } from '@/components/data-protection/request-actions';
import {
  canOpen,
  DataProtectionTabs,
  isCommissionerAdmin,
} from '@/components/data-protection/shared';
import { ErrorState } from '@/components/error-state';
import { cursorOf, pickParams, type SearchParams } from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { formatDate, formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Erasure and rectification requests' };
export const dynamic = 'force-dynamic';

const STATUSES = ['REQUESTED', 'APPROVED', 'REFUSED', 'EXECUTED'] as const;

export default async function RequestsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('data-protection');
  if (!access) return null;
  if (!canOpen(access.user, 'requests')) notFound();
  const params = pickParams(await searchParams, ['status', 'participant', 'cursor']);
  const status = STATUSES.find((value) => value === params.status);
  const canDecide = isCommissionerAdmin(access.user);
  const client = await createServerClient();
  let data;
  try {
    const list = unwrap(
      await client.GET('/data-subject-requests', {
        params: { query: { status, cursor: params.cursor, limit: 50 } },
      }),
    );
    data = { requests: list.dataSubjectRequests, nextCursor: cursorOf(list.nextCursor) };
  } catch (error) {
    return (
      <ErrorState title="Requests could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const requests = params.participant
    ? data.requests.filter((request) => request.participantReference === params.participant)
    : data.requests;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Data protection"
        title="Erasure and rectification requests"
        description="Requests participants made, recorded by an admin and decided by another commissioner admin (the data controller). An approved erasure pseudonymises the participant; the money and audit trails are kept."
        actions={
          canOpen(access.user, 'subject-access') ? (
            <Link
              href="/data-protection/subject-access"
              className="rounded-md border-2 border-slate-500 bg-white px-4 py-2 font-semibold text-navy-900 hover:bg-slate-100"
            >
              Record a request
            </Link>
          ) : undefined
        }
      />
      <DataProtectionTabs user={access.user} current="requests" />
      <FilterForm action="/data-protection/requests" label="Filter requests">
        <FilterSelect
          name="status"
          label="Status"
          value={status}
          options={STATUSES.map((value) => ({ value, label: humanise(value) }))}
        />
      </FilterForm>
      {params.participant && (
        <p className="text-sm text-slate-700">
          Showing requests for {params.participant}.{' '}
          <Link className="text-teal-800 underline" href="/data-protection/requests">
            Show all
          </Link>
        </p>
      )}
      <DataTable
        caption="Data subject requests, newest first"
        rows={requests}
        rowKey={(request) => request.id}
        state={{ path: '/data-protection/requests', params }}
        nextCursor={data.nextCursor}
        emptyMessage="No requests."
        columns={[
          {
            key: 'participant',
            header: 'Participant',
            cell: (request) => (
              <span className="font-semibold">{request.participantReference}</span>
            ),
          },
          { key: 'kind', header: 'Kind', cell: (request) => humanise(request.kind) },
          {
            key: 'received',
            header: 'Received',
            cell: (request) => formatDate(request.receivedOn),
          },
          {
            key: 'request',
            header: 'Request',
            cell: (request) => (
              <span className="block max-w-sm">
                {request.description}
                {request.lawfulBasisNotes && (
                  <span className="mt-1 block text-xs text-slate-600">
                    Lawful basis: {request.lawfulBasisNotes}
                  </span>
                )}
                {request.decisionReason && (
                  <span className="mt-1 block text-xs text-slate-600">
                    Decision: {request.decisionReason} ({formatDateTime(request.decidedAt)})
                  </span>
                )}
              </span>
            ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (request) => <StatusBadge status={request.status} />,
          },
          {
            key: 'actions',
            header: 'Actions',
            cell: (request) =>
              canDecide ? (
                <RequestDecisions
                  id={request.id}
                  status={request.status}
                  reference={request.participantReference}
                  kind={request.kind}
                />
              ) : null,
          },
        ]}
      />
    </div>
  );
}
