import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { currentMonth, cursorOf, pickParams, type SearchParams } from '@/components/money/shared';
import { ApiProblemError, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Commissioner to prime' };
export const dynamic = 'force-dynamic';

const STATUSES = ['MATCHED', 'SHORT', 'OVER', 'REMITTED_NOT_PAID', 'NOT_REMITTED'] as const;

// Commissioner → prime, as a party view: the claims the commissioner approved
// in the period against the remittances recorded as paid for them. Computed by
// the API on request (GET /reconciliation/commissioner-prime), nothing stored.
export default async function CommissionerPrimePage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('reconciliation');
  if (!access) return null;
  if (access.user.organisation.kind !== 'COMMISSIONER' && access.user.organisation.kind !== 'PRIME')
    notFound();
  const params = pickParams(await searchParams, [
    'primeContractId',
    'periodStart',
    'periodEnd',
    'status',
    'cursor',
  ]);
  const client = await createServerClient();
  let data;
  try {
    const chain = unwrap(await client.GET('/supply-chain'));
    const period = currentMonth();
    const filters = {
      primeContractId: params.primeContractId ?? chain.primeContracts[0]?.id ?? '',
      periodStart: params.periodStart ?? period.periodStart,
      periodEnd: params.periodEnd ?? period.periodEnd,
      status: params.status,
    };
    const view = filters.primeContractId
      ? unwrap(
          await client.GET('/reconciliation/commissioner-prime', {
            params: {
              query: {
                ...filters,
                status: filters.status as (typeof STATUSES)[number] | undefined,
                cursor: params.cursor,
                limit: 100,
              },
            },
          }),
        )
      : null;
    data = { chain, filters, view };
  } catch (error) {
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 400)
    )
      notFound();
    return (
      <ErrorState title="This reconciliation could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { view, filters } = data;

  return (
    <div className="space-y-6">
      <p>
        <Link href="/reconciliation" className="text-teal-800 underline underline-offset-4">
          ← Reconciliation
        </Link>
      </p>
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="Commissioner to prime"
        description="Claims the commissioner approved in the period against the remittances recorded as paid for them."
      />
      <FilterForm action="/reconciliation/commissioner-prime" label="Choose contract and period">
        <FilterSelect
          name="primeContractId"
          label="Prime contract"
          value={filters.primeContractId}
          options={data.chain.primeContracts.map((c) => ({ value: c.id, label: c.reference }))}
        />
        <FilterInput
          name="periodStart"
          label="Approved from"
          type="date"
          value={filters.periodStart}
        />
        <FilterInput name="periodEnd" label="Approved to" type="date" value={filters.periodEnd} />
        <FilterSelect
          name="status"
          label="State"
          value={filters.status}
          options={STATUSES.map((value) => ({ value, label: humanise(value) }))}
        />
      </FilterForm>
      {view && (
        <>
          <div className="grid gap-4 sm:grid-cols-3">
            <StatCard label="Approved" value={formatMoney(view.approvedPence)} />
            <StatCard
              label="Paid by remittance"
              value={formatMoney(view.paidPence)}
              tone={view.paidPence === view.approvedPence ? 'good' : 'neutral'}
            />
            <StatCard
              label="Not yet paid"
              value={formatMoney(BigInt(view.approvedPence) - BigInt(view.paidPence))}
              tone={view.paidPence === view.approvedPence ? 'neutral' : 'attention'}
            />
          </div>
          <ul className="grid gap-3 sm:grid-cols-5" aria-label="Claims by state">
            {STATUSES.map((status) => {
              const found = view.statuses.find((item) => item.status === status);
              return (
                <li key={status} className="rounded-lg border border-slate-200 bg-white p-3">
                  <StatusBadge status={status} />
                  <span className="mt-1 block text-2xl font-semibold tabular-nums text-navy-900">
                    {found?.count ?? 0}
                  </span>
                  <span className="block text-sm text-slate-700">
                    {formatMoney(found?.approvedPence ?? '0')} approved
                  </span>
                </li>
              );
            })}
          </ul>
          <DataTable
            caption="Remittances"
            rows={view.remittances}
            rowKey={(row) => row.id}
            state={{ path: '/reconciliation/commissioner-prime', params: {} }}
            emptyMessage="No remittance holds these claims yet."
            columns={[
              {
                key: 'remittance',
                header: 'Remittance',
                cell: (row) => (
                  <Link
                    href={`/remittances/${row.id}`}
                    className="text-teal-800 underline underline-offset-4"
                  >
                    {formatDate(row.periodStart)} – {formatDate(row.periodEnd)}
                  </Link>
                ),
              },
              {
                key: 'status',
                header: 'Status',
                cell: (row) => <StatusBadge status={row.status} />,
              },
              { key: 'claims', header: 'Claims', isNumeric: true, cell: (row) => row.claimCount },
              {
                key: 'net',
                header: 'Net',
                isNumeric: true,
                cell: (row) => formatMoney(row.netPence),
              },
              {
                key: 'received',
                header: 'Received',
                isNumeric: true,
                cell: (row) => formatMoney(row.receivedPence),
              },
              {
                key: 'difference',
                header: 'Short (−) / over',
                isNumeric: true,
                cell: (row) =>
                  row.differencePence === null || row.differencePence === '0'
                    ? '—'
                    : formatMoney(row.differencePence),
              },
              {
                key: 'posted',
                header: 'Posted to ledger',
                isNumeric: true,
                cell: (row) => formatMoney(row.postedPence),
              },
              {
                key: 'paid',
                header: 'Paid',
                cell: (row) =>
                  row.paidOn ? `${formatDate(row.paidOn)} · ${row.paidReference ?? ''}` : 'not yet',
              },
            ]}
          />
          <DataTable
            caption="Claims"
            rows={view.lines}
            rowKey={(row) => row.claimId}
            state={{
              path: '/reconciliation/commissioner-prime',
              params: { ...filters, status: filters.status },
            }}
            nextCursor={cursorOf(view.nextCursor)}
            emptyMessage="No approved claims in this state."
            columns={[
              {
                key: 'claim',
                header: 'Claim',
                cell: (row) => (
                  <Link
                    href={`/claims/${row.claimId}`}
                    className="text-teal-800 underline underline-offset-4"
                  >
                    {row.participantReference} · {humanise(row.milestoneCode)}
                    {row.occurrence > 1 ? ` #${row.occurrence}` : ''}
                  </Link>
                ),
              },
              { key: 'decided', header: 'Approved', cell: (row) => formatDate(row.decidedOn) },
              { key: 'state', header: 'State', cell: (row) => <StatusBadge status={row.status} /> },
              {
                key: 'approved',
                header: 'Approved amount',
                isNumeric: true,
                cell: (row) => formatMoney(row.approvedPence),
              },
              {
                key: 'paid',
                header: 'Paid',
                isNumeric: true,
                cell: (row) => formatMoney(row.paidPence),
              },
              {
                key: 'paidOn',
                header: 'Paid on',
                cell: (row) => (row.paidOn ? formatDate(row.paidOn) : '—'),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
