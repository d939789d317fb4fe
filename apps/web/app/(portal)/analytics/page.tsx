import type { Metadata } from 'next';
import {
  ANALYTICS_TABS,
  AsOf,
  ExportLinks,
  Flag,
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
import { NumberedPager, pageOfRows } from '@/components/data/numbered-pager';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { unwrapWithFreshness } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Flow-down against bids' };
export const dynamic = 'force-dynamic';

const ROWS_PER_PAGE = 100;
const CHART_SUBCONTRACTORS = 30;
const BELOW_LISTED = 20;

export default async function FlowDownPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('analytics');
  if (!access) return null;
  const params = pickParams(await searchParams, [...SLICE_FILTERS, 'page']);
  const query = sliceQuery(params);
  const loaded = await loadWithChain((client) =>
    // The chart needs the months only: the per-subcontractor trend rows stay out (the export link asks for them).
    client
      .GET('/analytics/flow-down', { params: { query: { ...query, trend: 'false' } } })
      .then(unwrapWithFreshness),
  );
  if ('error' in loaded) {
    return (
      <ErrorState title="Flow-down could not be loaded">
        <p>{loaded.error}</p>
      </ErrorState>
    );
  }
  const { chain } = loaded;
  const { flowDown } = loaded.result.data;
  const below = flowDown.rows.filter((row) => row.isBelowThreshold);
  const nothing = flowDown.rows.filter((row) => row.referrals === 0 && row.passedDownPence === '0');
  const promised = flowDown.rows.reduce((sum, row) => sum + BigInt(row.promisedSpendPence), 0n);
  const passed = flowDown.rows.reduce((sum, row) => sum + BigInt(row.passedDownPence), 0n);

  // A commissioner's slice holds a row per subcontractor of every chain (over a thousand): the chart shows those furthest
  // short of their promise, the list the first of those below the threshold, the table a page at a time.
  const referralChart = [...flowDown.rows]
    .sort(
      (a, b) =>
        b.promisedReferrals - b.referrals - (a.promisedReferrals - a.referrals) ||
        a.subcontractorName.localeCompare(b.subcontractorName),
    )
    .slice(0, CHART_SUBCONTRACTORS)
    .map((row) => ({
      name: row.subcontractorName,
      promised: row.promisedReferrals,
      actual: row.referrals,
    }));
  const shown = pageOfRows(flowDown.rows, params.page, ROWS_PER_PAGE);
  // Trend: money passed down against what the primes were paid, per month (the API's totals for the slice).
  const trendChart = flowDown.months.map((month) => ({
    month: month.month,
    remitted: penceToPounds(month.remittedPence),
    passedDown: penceToPounds(month.passedDownPence),
  }));

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Oversight"
        title="Flow-down against bids"
        description="Referrals and money each subcontractor received against what the prime promised in its bid. Subcontractors below the programme threshold are flagged."
        actions={
          <ExportLinks
            apiPath="/analytics/flow-down"
            query={{ ...query, view: 'summary' }}
            label="flow-down against bids"
          />
        }
      />
      <Tabs label="Oversight views" tabs={ANALYTICS_TABS} current="/analytics" />
      <SliceFilters action="/analytics" chain={chain} params={params} label="Filter flow-down" />
      <AsOf asOf={flowDown.asOf} freshness={loaded.result.freshness} />
      <div className="grid gap-4 sm:grid-cols-2">
        <StatCard
          label="Below threshold"
          value={below.length}
          hint={`Actual ÷ promised share under ${formatBp(flowDown.thresholdBp)}`}
          tone={below.length > 0 ? 'attention' : 'good'}
        />
        <StatCard
          label="Got nothing"
          value={nothing.length}
          hint="No referrals and no money in the period"
          tone={nothing.length > 0 ? 'attention' : 'neutral'}
        />
        <StatCard
          label="Money promised in bids"
          value={formatMoney(promised.toString())}
          hint="Bid spend share × paid to the prime"
        />
        <StatCard
          label="Money passed down"
          value={formatMoney(passed.toString())}
          hint={
            promised > 0n
              ? `${formatBp(Number((passed * 10000n) / promised))} of promised`
              : undefined
          }
        />
      </div>
      {below.length > 0 && (
        <section
          aria-labelledby="below-title"
          className="rounded-lg border-l-4 border-amber-500 bg-amber-50 p-4"
        >
          <h2 id="below-title" className="font-semibold text-navy-900">
            Got less than promised
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-800">
            {below.slice(0, BELOW_LISTED).map((row) => (
              <li key={`${row.primeContractId}-${row.subcontractorId}`}>
                <strong>{row.subcontractorName}</strong> ({row.primeContractReference}):{' '}
                {row.referrals} of {row.promisedReferrals} promised referrals,{' '}
                {formatMoney(row.passedDownPence)} of {formatMoney(row.promisedSpendPence)} promised
              </li>
            ))}
          </ul>
          {below.length > BELOW_LISTED && (
            <p className="mt-2 text-sm text-slate-700">
              And {(below.length - BELOW_LISTED).toLocaleString('en-GB')} more below the threshold,
              flagged in the table.
            </p>
          )}
        </section>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <BarChart
          title={
            flowDown.rows.length > CHART_SUBCONTRACTORS
              ? `Referrals: promised against received, the ${CHART_SUBCONTRACTORS} furthest short of ${flowDown.rows.length}`
              : 'Referrals: promised against received'
          }
          data={referralChart}
          categoryKey="name"
          series={[
            { key: 'promised', label: 'Promised referrals' },
            { key: 'actual', label: 'Referrals received' },
          ]}
        />
        <BarChart
          title="Trend: paid to primes and passed down, per month"
          data={trendChart}
          categoryKey="month"
          format="pounds"
          series={[
            { key: 'remitted', label: 'Paid to primes (£)' },
            { key: 'passedDown', label: 'Passed down (£)' },
          ]}
        />
      </div>
      <DataTable
        caption="Flow-down against bid commitments per subcontractor"
        rows={shown.rows}
        rowKey={(row) => `${row.primeContractId}-${row.subcontractorId}`}
        state={{ path: '/analytics', params }}
        emptyMessage="No bid commitments or subcontracts in this slice."
        columns={[
          {
            key: 'subcontractor',
            header: 'Subcontractor',
            cell: (row) => (
              <span>
                <span className={row.isBelowThreshold ? 'font-semibold text-navy-900' : ''}>
                  {row.subcontractorName}
                </span>
                {row.isBelowThreshold && <Flag>Below threshold</Flag>}
                <span className="block text-xs text-slate-600">{row.primeContractReference}</span>
              </span>
            ),
          },
          {
            key: 'referrals',
            header: 'Referrals (promised)',
            isNumeric: true,
            cell: (row) =>
              `${row.referrals.toLocaleString('en-GB')} (${row.promisedReferrals.toLocaleString('en-GB')})`,
          },
          {
            key: 'referralShare',
            header: 'Referral share: actual / bid',
            isNumeric: true,
            cell: (row) =>
              `${formatBp(row.actualReferralShareBp)} / ${formatBp(row.plannedReferralShareBp)}`,
          },
          {
            key: 'referralRatio',
            header: 'Referrals vs promise',
            isNumeric: true,
            cell: (row) => formatBp(row.referralRatioBp),
          },
          {
            key: 'money',
            header: 'Passed down (promised)',
            isNumeric: true,
            cell: (row) =>
              `${formatMoney(row.passedDownPence)} (${formatMoney(row.promisedSpendPence)})`,
          },
          {
            key: 'spendRatio',
            header: 'Money vs promise',
            isNumeric: true,
            cell: (row) => formatBp(row.spendRatioBp),
          },
        ]}
      />
      <NumberedPager
        path="/analytics"
        params={params}
        page={shown.page}
        pageSize={ROWS_PER_PAGE}
        total={flowDown.rows.length}
        noun={['subcontractor', 'subcontractors']}
      />
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
        <span>Monthly trend rows:</span>
        <ExportLinks
          apiPath="/analytics/flow-down"
          query={{ ...query, view: 'trend' }}
          label="the flow-down trend"
        />
      </div>
    </div>
  );
}
