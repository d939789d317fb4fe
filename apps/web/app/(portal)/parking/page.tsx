import type { Metadata } from 'next';
import {
  AsOf,
  ExportLinks,
  Flag,
  formatBp,
  formatDays,
  SLICE_FILTERS,
  SliceFilters,
  sliceQuery,
} from '@/components/analytics/shared';
import { BarChart } from '@/components/data/bar-chart';
import { DataTable } from '@/components/data/data-table';
import { FilterInput } from '@/components/data/filter-form';
import { NumberedPager, pageOfRows } from '@/components/data/numbered-pager';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { unwrap, unwrapWithFreshness } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Creaming and parking' };
export const dynamic = 'force-dynamic';

// An outcome rate this far below the group's across all providers reads as a provider leaving that group behind.
const OUTCOME_GAP_FLAG_BP = -1000;
// A commissioner's slice holds thousands of group and provider pairs: a page of them, flagged first, and the chart's
// most parked providers, not a table and a bar for every one (the cards still count them all).
const PAIRS_PER_PAGE = 100;
const CHART_PROVIDERS = 30;

export default async function ParkingPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('parking');
  if (!access) return null;
  const params = pickParams(await searchParams, [...SLICE_FILTERS, 'inactiveDays', 'page']);
  const inactiveDays =
    params.inactiveDays && /^\d{1,3}$/.test(params.inactiveDays) && Number(params.inactiveDays) > 0
      ? Number(params.inactiveDays)
      : undefined;
  const query = { ...sliceQuery(params), inactiveDays };
  const client = await createServerClient();
  let data;
  try {
    // The signals do not depend on the chain; only the thresholds wait for it (for the default programme).
    const loadChainAndThresholds = async () => {
      const chain = await client.GET('/supply-chain').then(unwrap);
      const programmeId = params.programmeId ?? chain.programmes[0]?.id;
      const thresholds =
        programmeId && access.user.organisation.kind !== 'SUBCONTRACTOR'
          ? await client
              .GET('/alerts/thresholds/{programmeId}', { params: { path: { programmeId } } })
              .then(unwrap)
              .catch(() => null)
          : null;
      return { chain, thresholds };
    };
    const [result, { chain, thresholds }] = await Promise.all([
      client.GET('/analytics/parking', { params: { query } }).then(unwrapWithFreshness),
      loadChainAndThresholds(),
    ]);
    data = {
      chain,
      parking: result.data.parking,
      freshness: result.freshness,
      maxShareBp: thresholds?.thresholds.parkingMaxShareBp ?? 2000,
    };
  } catch (error) {
    return (
      <ErrorState title="Parking signals could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { chain, parking, maxShareBp, freshness } = data;
  const open = parking.rows.reduce((sum, row) => sum + row.openCaseload, 0);
  const inactive = parking.rows.reduce((sum, row) => sum + row.inactive, 0);
  const exited = parking.rows.reduce((sum, row) => sum + row.exited, 0);
  const exitedWithout = parking.rows.reduce((sum, row) => sum + row.exitedWithoutOutcome, 0);
  const isFlagged = (row: (typeof parking.rows)[number]) =>
    row.inactiveShareBp > maxShareBp || row.outcomeRateGapBp <= OUTCOME_GAP_FLAG_BP;
  const flagged = parking.rows.filter(isFlagged);
  // Flagged pairs first, then the most parked: who is parking whom reads from the top.
  const rows = [...parking.rows].sort(
    (a, b) => Number(isFlagged(b)) - Number(isFlagged(a)) || b.inactiveShareBp - a.inactiveShareBp,
  );

  // Parked share per provider (all groups), for the chart.
  const byProvider = new Map<string, { provider: string; open: number; inactive: number }>();
  for (const row of parking.rows) {
    const entry = byProvider.get(row.providerId) ?? {
      provider: row.providerName,
      open: 0,
      inactive: 0,
    };
    entry.open += row.openCaseload;
    entry.inactive += row.inactive;
    byProvider.set(row.providerId, entry);
  }
  const chart = [...byProvider.values()]
    .map((entry) => ({
      provider: entry.provider,
      share: entry.open > 0 ? Math.round((entry.inactive * 1000) / entry.open) / 10 : 0,
    }))
    .sort((a, b) => b.share - a.share || a.provider.localeCompare(b.provider))
    .slice(0, CHART_PROVIDERS);
  const shown = pageOfRows(rows, params.page, PAIRS_PER_PAGE);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Oversight"
        title="Creaming and parking"
        description={`Per payment group and provider: how fast participants are first seen, how many open cases have had no activity for ${parking.inactiveDays} days, how many leave without an outcome, and outcome rates against the group's tariff. Creaming shows as high outcome rates in low-tariff groups with low ones in high-tariff groups.`}
        actions={<ExportLinks apiPath="/analytics/parking" query={query} label="parking signals" />}
      />
      <SliceFilters
        action="/parking"
        chain={chain}
        params={params}
        label="Filter parking signals"
        extra={
          <FilterInput
            name="inactiveDays"
            label="Inactive after (days)"
            type="number"
            value={params.inactiveDays}
          />
        }
      />
      <AsOf asOf={parking.asOf} freshness={freshness} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard label="Open caseload" value={open.toLocaleString('en-GB')} />
        <StatCard
          label={`No activity in ${parking.inactiveDays} days`}
          value={inactive.toLocaleString('en-GB')}
          hint={
            open > 0
              ? `${formatBp(Math.round((inactive * 10000) / open))} of open cases`
              : undefined
          }
          tone={inactive > 0 ? 'attention' : 'good'}
        />
        <StatCard
          label="Exited without an outcome"
          value={exitedWithout.toLocaleString('en-GB')}
          hint={
            exited > 0
              ? `${formatBp(Math.round((exitedWithout * 10000) / exited))} of exits`
              : undefined
          }
        />
        <StatCard
          label="Group and provider pairs flagged"
          value={flagged.length}
          hint={`Parked share above ${formatBp(maxShareBp)} or outcome rate 10 points below the group`}
          tone={flagged.length > 0 ? 'attention' : 'good'}
        />
      </div>
      <BarChart
        title={`Share of open caseload with no activity in ${parking.inactiveDays} days: the ${byProvider.size > CHART_PROVIDERS ? `${CHART_PROVIDERS} most parked of ${byProvider.size} providers` : 'providers'} (%)`}
        data={chart}
        categoryKey="provider"
        format="percent"
        series={[{ key: 'share', label: 'Parked share (%)', color: '#b45309' }]}
      />
      <DataTable
        caption="Creaming and parking signals per payment group and provider"
        rows={shown.rows}
        rowKey={(row) => `${row.paymentGroupId ?? 'none'}-${row.providerId}`}
        state={{ path: '/parking', params }}
        emptyMessage="No referrals in this slice and period."
        columns={[
          {
            key: 'group',
            header: 'Payment group',
            cell: (row) => (
              <span>
                {row.paymentGroupName ?? 'Not assessed'}
                <span className="block text-xs text-slate-600">
                  Job outcome tariff {formatMoney(row.jobOutcomeTariffPence)}
                </span>
              </span>
            ),
          },
          {
            key: 'provider',
            header: 'Provider',
            cell: (row) => (
              <span>
                {row.providerName}
                {row.isPrimeDelivered && (
                  <span className="block text-xs text-slate-600">Prime, delivering itself</span>
                )}
                {row.inactiveShareBp > maxShareBp && <Flag>Parking</Flag>}
                {row.outcomeRateGapBp <= OUTCOME_GAP_FLAG_BP && <Flag>Outcomes behind group</Flag>}
              </span>
            ),
          },
          { key: 'referrals', header: 'Referrals', isNumeric: true, cell: (row) => row.referrals },
          {
            key: 'contact',
            header: 'First contact (median)',
            isNumeric: true,
            cell: (row) => formatDays(row.medianDaysToFirstContact),
          },
          {
            key: 'inactive',
            header: 'Inactive / open',
            isNumeric: true,
            cell: (row) =>
              `${row.inactive} / ${row.openCaseload} (${formatBp(row.inactiveShareBp)})`,
          },
          {
            key: 'exited',
            header: 'Exited without outcome',
            isNumeric: true,
            cell: (row) =>
              `${row.exitedWithoutOutcome} / ${row.exited} (${formatBp(row.exitedWithoutOutcomeShareBp)})`,
          },
          {
            key: 'outcomes',
            header: 'Outcome rate (group)',
            isNumeric: true,
            cell: (row) => `${formatBp(row.outcomeRateBp)} (${formatBp(row.groupOutcomeRateBp)})`,
          },
          {
            key: 'gap',
            header: 'Gap to group',
            isNumeric: true,
            cell: (row) =>
              `${row.outcomeRateGapBp > 0 ? '+' : ''}${(row.outcomeRateGapBp / 100).toFixed(1)} pts`,
          },
        ]}
      />
      <NumberedPager
        path="/parking"
        params={params}
        page={shown.page}
        pageSize={PAIRS_PER_PAGE}
        total={rows.length}
        noun={['group and provider pair', 'group and provider pairs']}
      />
    </div>
  );
}
