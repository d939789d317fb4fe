import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { RunPayments } from '@/components/money/run-payments';
import {
  currentMonth,
  cursorOf,
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

export const metadata: Metadata = { title: 'Payments' };
export const dynamic = 'force-dynamic';

export default async function PaymentsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('payments');
  if (!access) return null;
  const params = pickParams(await searchParams, ['subcontractId', 'status', 'isLate', 'cursor']);
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
              cursor: params.cursor,
              limit: 50,
            },
          },
        })
        .then(unwrap),
    ]);
    data = { chain, payments: list.payments, nextCursor: cursorOf(list.nextCursor) };
  } catch (error) {
    return (
      <ErrorState title="Payments could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const sum = (rows: typeof data.payments) =>
    rows.reduce((total, payment) => total + BigInt(payment.amountPence), 0n);
  const unpaid = data.payments.filter((payment) => payment.status !== 'PAID');
  const late = data.payments.filter((payment) => payment.isLate);

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
          value={formatMoney(sum(unpaid))}
          hint={`${unpaid.length} payments on this page`}
        />
        <StatCard
          label="Paid"
          value={formatMoney(sum(data.payments.filter((payment) => payment.status === 'PAID')))}
          tone="good"
        />
        <StatCard
          label="Late"
          value={late.length}
          tone={late.length > 0 ? 'attention' : 'neutral'}
          hint="Past the SLA due date, or paid after it"
          href="/payments?isLate=true"
        />
      </div>
      {canRun && <RunPayments contracts={data.chain.primeContracts} period={currentMonth()} />}
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
          options={[
            { value: 'DRAFT', label: 'Draft' },
            { value: 'APPROVED', label: 'Approved' },
            { value: 'PAID', label: 'Paid' },
          ]}
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
        rows={data.payments}
        rowKey={(row) => row.id}
        state={{ path: '/payments', params }}
        nextCursor={data.nextCursor}
        emptyMessage="No payments match."
        columns={[
          {
            key: 'subcontractor',
            header: 'Subcontractor',
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
            key: 'net',
            header: 'Net',
            isNumeric: true,
            cell: (row) => formatMoney(row.amountPence),
          },
          {
            key: 'due',
            header: 'Due',
            cell: (row) => (
              <span className="flex flex-wrap items-center gap-1">
                {formatDate(row.dueOn)}
                {row.isLate && <StatusBadge status="LATE" />}
              </span>
            ),
          },
          { key: 'status', header: 'Status', cell: (row) => <StatusBadge status={row.status} /> },
          {
            key: 'paid',
            header: 'Paid on',
            cell: (row) => (row.paidOn ? formatDate(row.paidOn) : '—'),
          },
        ]}
      />
    </div>
  );
}
