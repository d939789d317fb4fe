import type { Metadata } from 'next';
import {
  ANALYTICS_TABS,
  AsOf,
  ExportLinks,
  formatBp,
  penceToPounds,
  SLICE_FILTERS,
  SliceFilters,
  sliceQuery,
  Tabs,
} from '@/components/analytics/shared';
import { loadWithChain } from '@/components/analytics/load-with-chain';
import { BarChart } from '@/components/data/bar-chart';
import { DataTable } from '@/components/data/data-table';
import { FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { ErrorState } from '@/components/error-state';
import { cursorOf, pickParams, type SearchParams } from '@/components/money/shared';
import { unwrapWithFreshness } from '@/lib/api';
import { formatMoney, formatMonth } from '@/lib/format';
import { wordFor } from '@/lib/words';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Spend' };
export const dynamic = 'force-dynamic';

const BY = [
  { value: 'prime', label: 'Prime' },
  { value: 'subcontractor', label: 'Subcontractor' },
  { value: 'paymentGroup', label: 'Payment group' },
  { value: 'milestoneType', label: 'Milestone type' },
] as const;
type By = (typeof BY)[number]['value'];

export default async function SpendPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requireSection('analytics');
  if (!access) return null;
  const params = pickParams(await searchParams, [...SLICE_FILTERS, 'by', 'cursor']);
  const by: By = BY.some((option) => option.value === params.by)
    ? (params.by as By)
    : 'subcontractor';
  const query = { ...sliceQuery(params), by };
  const loaded = await loadWithChain((client) =>
    client
      .GET('/analytics/spend', {
        params: { query: { ...query, cursor: params.cursor, limit: 48 } },
      })
      .then(unwrapWithFreshness),
  );
  if ('error' in loaded) {
    return (
      <ErrorState title="Spend could not be loaded">
        <p>{loaded.error}</p>
      </ErrorState>
    );
  }
  const { chain } = loaded;
  const { spend } = loaded.result.data;
  const totals = spend.totals;
  // The chart reads the API's per-key totals over the whole filter, never the page of monthly rows below it.
  const chart = totals.byKey.map((entry) => ({
    name: entry.label,
    remitted: penceToPounds(entry.remittedPence),
    passedDown: penceToPounds(entry.passedDownPence),
  }));
  const byLabel = BY.find((option) => option.value === by)?.label ?? 'Subcontractor';

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Oversight"
        title="Where the money went"
        description="Money paid to primes and passed down to subcontractors, per month, with the share that reached the voluntary sector and small organisations."
        actions={<ExportLinks apiPath="/analytics/spend" query={query} label="spend" />}
      />
      <Tabs label="Oversight views" tabs={ANALYTICS_TABS} current="/analytics/spend" />
      <SliceFilters
        action="/analytics/spend"
        chain={chain}
        params={params}
        label="Filter spend"
        extra={
          <FilterSelect
            name="by"
            label="Break down by"
            value={by}
            options={BY.map((option) => ({ value: option.value, label: option.label }))}
          />
        }
      />
      <AsOf asOf={spend.asOf} freshness={loaded.result.freshness} />
      <div className="grid gap-4 sm:grid-cols-2">
        <StatCard
          label="Paid to primes"
          value={formatMoney(totals.remittedPence)}
          hint="Remittances paid in the period"
        />
        <StatCard
          label="Passed down to subcontractors"
          value={formatMoney(totals.passedDownPence)}
          hint={`${formatBp(totals.passedDownShareBp)} of what primes were paid`}
        />
        <StatCard
          label="Reached the voluntary sector"
          value={formatBp(totals.voluntarySectorShareBp)}
          hint={formatMoney(totals.voluntarySectorPence)}
          tone={totals.voluntarySectorShareBp < 2000 ? 'attention' : 'neutral'}
        />
        <StatCard
          label="Reached small organisations"
          value={formatBp(totals.smallOrganisationShareBp)}
          hint={`${formatMoney(totals.smallOrganisationPence)} to micro and small`}
          tone={totals.smallOrganisationShareBp < 1000 ? 'attention' : 'neutral'}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <BarChart
            title={`Paid and passed down by ${byLabel.toLowerCase()}`}
            data={chart}
            categoryKey="name"
            categoryLabel={byLabel}
            format="pounds"
            series={[
              { key: 'remitted', label: 'Paid to primes (£)' },
              { key: 'passedDown', label: 'Passed down (£)' },
            ]}
          />
        </div>
        <section
          aria-labelledby="bands-title"
          className="rounded-lg border border-slate-200 bg-white p-4"
        >
          <h2 id="bands-title" className="font-semibold text-navy-900">
            Passed down by turnover band
          </h2>
          <table className="mt-3 w-full text-sm">
            <caption className="sr-only">
              Money passed down by subcontractor turnover band, and its share of what primes were
              paid
            </caption>
            <thead>
              <tr className="text-left text-slate-700">
                <th scope="col" className="py-1">
                  Band
                </th>
                <th scope="col" className="py-1 text-right">
                  Passed down
                </th>
                <th scope="col" className="py-1 text-right">
                  Share
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {totals.byTurnoverBand.map((band) => (
                <tr key={band.turnoverBand}>
                  <th scope="row" className="py-1.5 text-left font-normal">
                    {wordFor('turnoverBand', band.turnoverBand)}
                  </th>
                  <td className="py-1.5 text-right tabular-nums">
                    {formatMoney(band.passedDownPence)}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">
                    {formatBp(band.shareOfRemittedBp)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <DataTable
        caption={`Spend per month by ${byLabel.toLowerCase()}`}
        rows={spend.rows}
        rowKey={(row) => `${row.month}-${row.key}`}
        state={{ path: '/analytics/spend', params: { ...params, by } }}
        nextCursor={cursorOf(spend.nextCursor)}
        emptyMessage="No money was paid in this slice and period."
        totalsRow={{
          label: 'Total for the whole filter',
          cells: {
            remitted: formatMoney(totals.remittedPence),
            passedDown: formatMoney(totals.passedDownPence),
            fee: formatMoney(totals.managementFeePence),
          },
        }}
        columns={[
          { key: 'month', header: 'Month', cell: (row) => formatMonth(row.month) },
          { key: 'label', header: byLabel, cell: (row) => row.label },
          {
            key: 'remitted',
            header: 'Paid to prime',
            isNumeric: true,
            cell: (row) => formatMoney(row.remittedPence),
          },
          {
            key: 'passedDown',
            header: 'Passed down',
            isNumeric: true,
            cell: (row) => formatMoney(row.passedDownPence),
          },
          {
            key: 'fee',
            header: 'Management fee kept',
            isNumeric: true,
            cell: (row) => formatMoney(row.managementFeePence),
          },
        ]}
      />
    </div>
  );
}
