import type { Metadata } from 'next';
import {
  ANALYTICS_TABS,
  AsOf,
  ExportLinks,
  Flag,
  formatBp,
  formatDays,
  SLICE_FILTERS,
  SliceFilters,
  sliceQuery,
  Tabs,
} from '@/components/analytics/shared';
import { loadWithChain } from '@/components/analytics/load-with-chain';
import { BarChart } from '@/components/data/bar-chart';
import { DataTable } from '@/components/data/data-table';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { unwrapWithFreshness } from '@/lib/api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Payment timeliness' };
export const dynamic = 'force-dynamic';

export default async function TimelinessPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('analytics');
  if (!access) return null;
  const params = pickParams(await searchParams, SLICE_FILTERS);
  const query = sliceQuery(params);
  const loaded = await loadWithChain((client) =>
    client.GET('/analytics/payment-timeliness', { params: { query } }).then(unwrapWithFreshness),
  );
  if ('error' in loaded) {
    return (
      <ErrorState title="Payment timeliness could not be loaded">
        <p>{loaded.error}</p>
      </ErrorState>
    );
  }
  const { chain } = loaded;
  const { timeliness } = loaded.result.data;
  const payments = timeliness.rows.reduce((sum, row) => sum + row.payments, 0);
  const late = timeliness.rows.reduce((sum, row) => sum + row.latePayments, 0);
  const overdue = timeliness.rows.reduce((sum, row) => sum + row.unpaidOverdue, 0);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Oversight"
        title="Payment timeliness"
        description="Days from the prime being paid to the subcontractor being paid, against each subcontract's payment SLA. Late pass-through spends the charity's working capital."
        actions={
          <ExportLinks
            apiPath="/analytics/payment-timeliness"
            query={query}
            label="payment timeliness"
          />
        }
      />
      <Tabs label="Oversight views" tabs={ANALYTICS_TABS} current="/analytics/timeliness" />
      <SliceFilters
        action="/analytics/timeliness"
        chain={chain}
        params={params}
        label="Filter payment timeliness"
      />
      <AsOf asOf={timeliness.asOf} freshness={loaded.result.freshness} />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard label="Subcontractor payments" value={payments.toLocaleString('en-GB')} />
        <StatCard
          label="Paid late"
          value={late.toLocaleString('en-GB')}
          hint={
            payments > 0
              ? `${formatBp(Math.round((late * 10000) / payments))} of payments`
              : undefined
          }
          tone={late > 0 ? 'attention' : 'good'}
        />
        <StatCard
          label="Unpaid and overdue"
          value={overdue.toLocaleString('en-GB')}
          tone={overdue > 0 ? 'attention' : 'good'}
        />
      </div>
      <BarChart
        title="Days from prime receipt to subcontractor payment"
        data={timeliness.distribution.map((bucket) => ({
          bucket: bucket.bucket,
          payments: bucket.payments,
        }))}
        categoryKey="bucket"
        series={[{ key: 'payments', label: 'Payments' }]}
        height={260}
      />
      <DataTable
        caption="Payment timeliness per subcontract"
        rows={timeliness.rows}
        rowKey={(row) => row.subcontractId}
        state={{ path: '/analytics/timeliness', params }}
        emptyMessage="No subcontractor payments in this slice and period."
        columns={[
          {
            key: 'subcontractor',
            header: 'Subcontractor',
            cell: (row) => (
              <span>
                {row.subcontractorName}
                {row.lateShareBp > 0 && <Flag>{formatBp(row.lateShareBp)} late</Flag>}
                <span className="block text-xs text-slate-600">{row.primeContractReference}</span>
              </span>
            ),
          },
          { key: 'sla', header: 'SLA', isNumeric: true, cell: (row) => formatDays(row.slaDays) },
          {
            key: 'payments',
            header: 'Payments (paid)',
            isNumeric: true,
            cell: (row) => `${row.payments} (${row.paidPayments})`,
          },
          { key: 'late', header: 'Late', isNumeric: true, cell: (row) => row.latePayments },
          {
            key: 'overdue',
            header: 'Unpaid overdue',
            isNumeric: true,
            cell: (row) => row.unpaidOverdue,
          },
          {
            key: 'median',
            header: 'Median',
            isNumeric: true,
            cell: (row) => formatDays(row.medianDaysToPay),
          },
          {
            key: 'p90',
            header: '90th percentile',
            isNumeric: true,
            cell: (row) => formatDays(row.p90DaysToPay),
          },
          {
            key: 'max',
            header: 'Longest',
            isNumeric: true,
            cell: (row) => formatDays(row.maxDaysToPay),
          },
        ]}
      />
    </div>
  );
}
