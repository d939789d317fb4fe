import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { RunPayments } from '@/components/money/run-payments';
import {
  contractChoices,
  currentMonth,
  pickParams,
  subcontractOptions,
  type SearchParams,
} from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';
import { wordFor } from '@/lib/words';

export const metadata: Metadata = { title: 'Payments' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;
/** Columns the API sorts the whole filter by (the table's column keys); anything else falls back to newest first. */
const SORTS = ['subcontractor', 'amount', 'dueOn', 'status'] as const;
type Sort = (typeof SORTS)[number] | `-${(typeof SORTS)[number]}`;
const sortFrom = (value: string | undefined): Sort | undefined =>
  SORTS.some((column) => value === column || value === `-${column}`) ? (value as Sort) : undefined;

export default async function PaymentsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('payments');
  if (!access) return null;
  const params = pickParams(await searchParams, [
    'subcontractId',
    'status',
    'isLate',
    'sort',
    'page',
  ]);
  const page = pageFrom(params.page);
  const isPrime = access.user.organisation.kind === 'PRIME';
  const canRun = can(access.user, POLICIES.payments.run);
  const client = await createServerClient();
  let data;
  try {
    const [chain, list] = await Promise.all([
      client.GET('/supply-chain').then(unwrap),
      client
        .GET('/subcontractor-payments', {
          params: {
            query: {
              subcontractId: params.subcontractId,
              status: params.status as 'DRAFT' | 'APPROVED' | 'PAID' | undefined,
              isLate: params.isLate as 'true' | 'false' | undefined,
              page,
              sort: sortFrom(params.sort),
              limit: PAGE_SIZE,
            },
          },
        })
        .then(unwrap),
    ]);
    data = { chain, list };
  } catch (error) {
    return (
      <ErrorState title="Payments could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  // Every figure is the API's, over the whole filter: never summed from the page in view.
  const { summary } = data.list;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title={isPrime ? 'Subcontractor payments' : 'Payments from your prime'}
        description={
          isPrime
            ? 'Pass money down the supply chain by each subcontract’s terms, within its payment SLA.'
            : 'What you are owed, what has been paid, and what is late.'
        }
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard
          label={isPrime ? 'Owed, not yet paid' : 'Owed to you'}
          value={formatMoney(summary.unpaidPence)}
          hint={`${summary.unpaidCount.toLocaleString('en-GB')} ${summary.unpaidCount === 1 ? 'payment' : 'payments'} not yet paid`}
        />
        <StatCard label="Paid" value={formatMoney(summary.paidPence)} tone="good" />
        <StatCard
          label="Late"
          value={summary.lateCount}
          tone={summary.lateCount > 0 ? 'attention' : 'neutral'}
          hint="Past the SLA due date, or paid after it"
          href="/payments?isLate=true"
        />
      </div>
      {canRun && <RunPayments contracts={contractChoices(data.chain)} period={currentMonth()} />}
      <FilterForm action="/payments" label="Filter payments">
        <FilterSelect
          name="subcontractId"
          label="Subcontract"
          value={params.subcontractId}
          options={subcontractOptions(data.chain)}
        />
        <FilterSelect
          name="status"
          label="Status"
          value={params.status}
          options={['DRAFT', 'APPROVED', 'PAID'].map((value) => ({
            value,
            label: wordFor('status', value),
          }))}
        />
        <FilterSelect
          name="isLate"
          label="Timeliness"
          value={params.isLate}
          options={[
            { value: 'true', label: 'Late only' },
            { value: 'false', label: 'On time only' },
          ]}
        />
      </FilterForm>
      <DataTable
        caption="Subcontractor payments"
        rows={data.list.payments}
        rowKey={(row) => row.id}
        state={{ path: '/payments', params }}
        emptyMessage="No payments match."
        totalsRow={{
          label: `Total, all ${data.list.total.toLocaleString('en-GB')} ${data.list.total === 1 ? 'payment' : 'payments'}`,
          cells: {
            amount: <span data-testid="payments-total">{formatMoney(data.list.totalPence)}</span>,
          },
        }}
        columns={[
          {
            key: 'subcontractor',
            header: 'Subcontractor',
            isSortable: true,
            cell: (row) => (
              <Link
                href={`/payments/${row.id}`}
                className="font-semibold text-teal-800 underline underline-offset-4"
              >
                {row.subcontractorName}
              </Link>
            ),
          },
          {
            key: 'period',
            header: 'Period',
            cell: (row) => `${formatDate(row.periodStart)} – ${formatDate(row.periodEnd)}`,
          },
          { key: 'lines', header: 'Lines', isNumeric: true, cell: (row) => row.lineCount },
          {
            key: 'amount',
            header: 'Net',
            isSortable: true,
            isNumeric: true,
            cell: (row) => formatMoney(row.amountPence),
          },
          {
            key: 'dueOn',
            header: 'Due',
            isSortable: true,
            cell: (row) => (
              <span className="flex flex-wrap items-center gap-1">
                {formatDate(row.dueOn)}
                {row.isLate && <StatusBadge status="LATE" />}
              </span>
            ),
          },
          {
            key: 'status',
            header: 'Status',
            isSortable: true,
            cell: (row) => <StatusBadge status={row.status} />,
          },
          {
            key: 'paid',
            header: 'Paid on',
            cell: (row) => (row.paidOn ? formatDate(row.paidOn) : '—'),
          },
        ]}
      />
      <NumberedPager
        path="/payments"
        params={params}
        page={page}
        pageSize={PAGE_SIZE}
        total={data.list.total}
        noun={['payment', 'payments']}
      />
    </div>
  );
}
