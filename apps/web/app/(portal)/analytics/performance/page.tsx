import type { Metadata } from 'next';
import {
  ANALYTICS_TABS,
  AsOf,
  ExportLinks,
  Flag,
  formatBp,
  SLICE_FILTERS,
  SliceFilters,
  sliceQuery,
  Tabs,
} from '@/components/analytics/shared';
import { loadWithChain } from '@/components/analytics/load-with-chain';
import { DataTable } from '@/components/data/data-table';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { unwrapWithFreshness } from '@/lib/api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Minimum performance levels' };
export const dynamic = 'force-dynamic';

export default async function PerformancePage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('analytics');
  if (!access) return null;
  const params = pickParams(await searchParams, SLICE_FILTERS);
  const query = sliceQuery(params);
  const loaded = await loadWithChain((client) =>
    client.GET('/analytics/performance', { params: { query } }).then(unwrapWithFreshness),
  );
  if ('error' in loaded) {
    return (
      <ErrorState title="Performance could not be loaded">
        <p>{loaded.error}</p>
      </ErrorState>
    );
  }
  const { chain } = loaded;
  const { performance } = loaded.result.data;
  const missed = performance.rows.filter((row) => row.meetsMinimum === false);
  const attached = performance.rows.reduce((sum, row) => sum + row.attached, 0);
  const outcomes = performance.rows.reduce((sum, row) => sum + row.jobOutcomes, 0);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Oversight"
        title="Minimum performance levels"
        description="Job outcomes per monthly attachment cohort against each prime contract's minimum performance level. Young cohorts show low rates: outcomes come 13–26 weeks after a job start."
        actions={
          <ExportLinks
            apiPath="/analytics/performance"
            query={query}
            label="performance against minimum levels"
          />
        }
      />
      <Tabs label="Oversight views" tabs={ANALYTICS_TABS} current="/analytics/performance" />
      <SliceFilters
        action="/analytics/performance"
        chain={chain}
        params={params}
        label="Filter performance"
        showSubcontractor={false}
      />
      <AsOf asOf={performance.asOf} freshness={loaded.result.freshness} />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard label="Attached" value={attached.toLocaleString('en-GB')} />
        <StatCard
          label="Job outcome rate"
          value={attached > 0 ? formatBp(Math.round((outcomes * 10000) / attached)) : '—'}
          hint={`${outcomes.toLocaleString('en-GB')} job outcomes`}
        />
        <StatCard
          label="Cohorts below minimum"
          value={missed.length}
          tone={missed.length > 0 ? 'attention' : 'good'}
        />
      </div>
      <DataTable
        caption="Job outcome rate per attachment cohort against the minimum performance level"
        rows={performance.rows}
        rowKey={(row) => `${row.primeContractId}-${row.cohortMonth}`}
        state={{ path: '/analytics/performance', params }}
        emptyMessage="No attachments in this slice and period."
        columns={[
          {
            key: 'contract',
            header: 'Prime contract',
            cell: (row) => (
              <span>
                {row.primeContractReference}
                <span className="block text-xs text-slate-600">{row.primeName}</span>
              </span>
            ),
          },
          { key: 'cohort', header: 'Cohort', cell: (row) => row.cohortMonth },
          { key: 'attached', header: 'Attached', isNumeric: true, cell: (row) => row.attached },
          {
            key: 'outcomes',
            header: 'Job outcomes',
            isNumeric: true,
            cell: (row) => row.jobOutcomes,
          },
          {
            key: 'rate',
            header: 'Rate',
            isNumeric: true,
            cell: (row) => formatBp(row.outcomeRateBp),
          },
          {
            key: 'mpl',
            header: 'Minimum',
            isNumeric: true,
            cell: (row) => formatBp(row.minimumPerformanceLevelBp),
          },
          {
            key: 'status',
            header: 'Against minimum',
            cell: (row) =>
              row.meetsMinimum === null ? (
                'No minimum set'
              ) : row.meetsMinimum ? (
                'Meets minimum'
              ) : (
                <Flag>{row.outcomesShort} outcomes short</Flag>
              ),
          },
        ]}
      />
    </div>
  );
}
