import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { DisputeControls } from '@/components/money/reconciliation-forms';
import { cursorOf, pickParams, type SearchParams } from '@/components/money/shared';
import { ApiProblemError, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Reconciliation run' };
export const dynamic = 'force-dynamic';

const OUTCOMES = ['MATCHED', 'SHORT', 'OVER', 'LATE', 'UNMATCHED'] as const;

export default async function ReconciliationRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('reconciliation');
  if (!access) return null;
  const { id } = await params;
  const filters = pickParams(await searchParams, ['outcome', 'cursor']);
  const client = await createServerClient();
  let data;
  try {
    const [run, results, disputes] = await Promise.all([
      client.GET('/reconciliation/runs/{id}', { params: { path: { id } } }).then(unwrap),
      client
        .GET('/reconciliation/runs/{id}/results', {
          params: {
            path: { id },
            query: {
              outcome: filters.outcome as (typeof OUTCOMES)[number] | undefined,
              cursor: filters.cursor,
              limit: 100,
            },
          },
        })
        .then(unwrap),
      client.GET('/reconciliation/runs/{id}/disputes', { params: { path: { id } } }).then(unwrap),
    ]);
    data = {
      run: run.run,
      results: results.results,
      nextCursor: cursorOf(results.nextCursor),
      disputes: disputes.disputes,
    };
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
  const { run } = data;
  const canDispute = can(access.user, POLICIES.reconciliation.dispute);
  const latestDispute = (resultId: string) =>
    data.disputes.filter((dispute) => dispute.resultId === resultId).at(-1);

  return (
    <div className="space-y-6">
      <p>
        <Link href="/reconciliation" className="text-teal-800 underline underline-offset-4">
          ← Reconciliation
        </Link>
      </p>
      <PageHeader
        eyebrow={`Run ${formatDateTime(run.runAt)}`}
        title={`Reconciliation: ${run.partyName}`}
        description={`${formatDate(run.periodStart)} – ${formatDate(run.periodEnd)}`}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard label="Expected (due)" value={formatMoney(run.expectedPence)} />
        <StatCard label="Recorded" value={formatMoney(run.recordedPence)} />
        <StatCard
          label="Difference"
          value={formatMoney(BigInt(run.recordedPence) - BigInt(run.expectedPence))}
          tone={run.recordedPence === run.expectedPence ? 'good' : 'attention'}
        />
      </div>
      <ul className="grid gap-3 sm:grid-cols-5" aria-label="Outcomes">
        {OUTCOMES.map((outcome) => {
          const found = run.outcomes.find((item) => item.outcome === outcome);
          return (
            <li key={outcome}>
              <Link
                href={`/reconciliation/${run.id}?outcome=${outcome}`}
                className={`block rounded-lg border p-3 ${outcome !== 'MATCHED' && (found?.count ?? 0) > 0 ? 'border-amber-400 bg-amber-50' : 'border-slate-200 bg-white'}`}
              >
                <StatusBadge status={outcome} />
                <span className="mt-1 block text-2xl font-semibold tabular-nums text-navy-900">
                  {found?.count ?? 0}
                </span>
                <span className="block text-sm text-slate-700">
                  {formatMoney(found?.differencePence ?? '0')} difference
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      <FilterForm action={`/reconciliation/${run.id}`} label="Filter results">
        <FilterSelect
          name="outcome"
          label="Outcome"
          value={filters.outcome}
          options={OUTCOMES.map((value) => ({ value, label: humanise(value) }))}
        />
      </FilterForm>
      <DataTable
        caption="Reconciliation results"
        rows={data.results}
        rowKey={(row) => row.id}
        state={{ path: `/reconciliation/${run.id}`, params: filters }}
        nextCursor={data.nextCursor}
        emptyMessage="No lines with this outcome."
        columns={[
          {
            key: 'line',
            header: 'Line',
            cell: (row) =>
              row.claimId ? (
                <Link
                  href={`/claims/${row.claimId}`}
                  className="text-teal-800 underline underline-offset-4"
                >
                  {row.participantReference} · {humanise(row.milestoneCode ?? '')}
                  {row.occurrence && row.occurrence > 1 ? ` #${row.occurrence}` : ''}
                </Link>
              ) : (
                (row.description ?? 'Scheduled fee')
              ),
          },
          {
            key: 'outcome',
            header: 'Outcome',
            cell: (row) => <StatusBadge status={row.outcome} />,
          },
          {
            key: 'expected',
            header: 'Expected',
            isNumeric: true,
            cell: (row) =>
              row.clawbackPence && row.clawbackPence !== '0' ? (
                <span>
                  {formatMoney(row.expectedPence)}
                  <span className="block text-sm text-slate-600">
                    after {formatMoney(row.clawbackPence.replace(/^-/, ''))} clawed back
                  </span>
                </span>
              ) : (
                formatMoney(row.expectedPence)
              ),
          },
          {
            key: 'recorded',
            header: 'Recorded',
            isNumeric: true,
            cell: (row) => formatMoney(row.recordedPence),
          },
          {
            key: 'difference',
            header: 'Difference',
            isNumeric: true,
            cell: (row) => (
              <span
                className={row.differencePence !== '0' ? 'font-semibold text-amber-900' : undefined}
              >
                {formatMoney(row.differencePence)}
              </span>
            ),
          },
          {
            key: 'due',
            header: 'Due / paid',
            cell: (row) =>
              `${row.dueOn ? formatDate(row.dueOn) : '—'} / ${row.paidOn ? formatDate(row.paidOn) : 'unpaid'}`,
          },
          {
            key: 'dispute',
            header: 'Dispute',
            cell: (row) =>
              canDispute && row.outcome !== 'MATCHED' ? (
                <DisputeControls
                  resultId={row.id}
                  dispute={latestDispute(row.id)}
                  organisationId={access.user.organisation.id}
                />
              ) : (
                (latestDispute(row.id)?.status ?? '—')
              ),
          },
        ]}
      />
    </div>
  );
}
