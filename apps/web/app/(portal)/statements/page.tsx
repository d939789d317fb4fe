import type { Metadata } from 'next';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { DownloadLink } from '@/components/money/download-link';
import { PrintButton } from '@/components/money/print-button';
import {
  currentMonth,
  pickParams,
  subcontractOptions,
  type SearchParams,
} from '@/components/money/shared';
import { BROWSER_API_BASE, unwrap, unwrapWithFreshness } from '@/lib/api';
import { type DataFreshness, DataFreshnessNote } from '@/components/data/data-freshness';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Statements' };
export const dynamic = 'force-dynamic';

export default async function StatementsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('statements');
  if (!access) return null;
  const params = pickParams(await searchParams, ['subcontractId', 'periodStart', 'periodEnd']);
  const client = await createServerClient();
  let chain;
  try {
    chain = unwrap(await client.GET('/supply-chain'));
  } catch (error) {
    return (
      <ErrorState title="Statements could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const options = subcontractOptions(chain);
  const subcontractId = params.subcontractId ?? options[0]?.value;
  const period = { ...currentMonth(), ...pickParams(params, ['periodStart', 'periodEnd']) };
  let statement = null;
  let freshness: DataFreshness | undefined;
  let problem: string | null = null;
  if (subcontractId) {
    try {
      const loaded = unwrapWithFreshness(
        await client.GET('/statements/subcontracts/{id}', {
          params: { path: { id: subcontractId }, query: period },
        }),
      );
      statement = loaded.data.statement;
      freshness = loaded.freshness;
    } catch (error) {
      problem = describeError(error);
    }
  }
  const query = new URLSearchParams(period).toString();

  return (
    <div className="space-y-6 print:space-y-3">
      <PageHeader
        eyebrow={
          statement
            ? `${statement.primeName} → ${statement.subcontractorName}`
            : access.user.organisation.name
        }
        title="Statement"
        description={
          statement
            ? `${statement.primeContractReference} · ${formatDate(statement.periodStart)} – ${formatDate(statement.periodEnd)} · as of ${formatDate(statement.asOf)}`
            : 'Claimed, approved, received, owed and overdue per subcontract.'
        }
        actions={
          statement && subcontractId ? (
            <span className="flex flex-wrap gap-2 print:hidden">
              <DownloadLink
                variant="primary"
                href={`${BROWSER_API_BASE}/statements/subcontracts/${subcontractId}/csv?${query}`}
              >
                Download CSV
              </DownloadLink>
              <DownloadLink
                href={`${BROWSER_API_BASE}/statements/subcontracts/${subcontractId}/pdf?${query}`}
              >
                Download PDF
              </DownloadLink>
              <PrintButton />
            </span>
          ) : undefined
        }
      />
      <div className="print:hidden">
        <FilterForm action="/statements" label="Choose a statement">
          <FilterSelect
            name="subcontractId"
            label="Subcontract"
            value={subcontractId}
            options={options}
          />
          <FilterInput
            name="periodStart"
            label="Period from"
            type="date"
            value={period.periodStart}
          />
          <FilterInput name="periodEnd" label="Period to" type="date" value={period.periodEnd} />
        </FilterForm>
      </div>
      {statement && <DataFreshnessNote freshness={freshness} />}
      {problem && (
        <p role="alert" className="rounded-md border-l-4 border-red-700 bg-white p-4 text-red-800">
          {problem}
        </p>
      )}
      {!subcontractId && (
        <p className="text-slate-700">You have no subcontracts to show a statement for.</p>
      )}
      {statement && (
        <>
          <section
            aria-label="Summary"
            className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5 print:grid-cols-5"
          >
            <StatCard label="Claimed" value={formatMoney(statement.totals.claimedPence)} />
            <StatCard label="Approved" value={formatMoney(statement.totals.approvedPence)} />
            <StatCard
              label="Received"
              value={formatMoney(statement.totals.receivedPence)}
              tone="good"
            />
            <StatCard label="Owed" value={formatMoney(statement.totals.owedPence)} />
            <StatCard
              label="Overdue"
              value={formatMoney(statement.totals.overduePence)}
              tone={statement.totals.overduePence !== '0' ? 'attention' : 'neutral'}
            />
          </section>
          {/* Focusable, so keyboard users can scroll the wide table sideways. */}
          <div
            role="region"
            aria-label="Statement lines"
            tabIndex={0}
            className="overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 print:overflow-visible print:border-0"
          >
            <table className="min-w-full divide-y divide-slate-200 text-sm print:text-xs">
              <caption className="sr-only">Statement lines</caption>
              <thead className="bg-slate-50">
                <tr>
                  {[
                    'Line',
                    'Status',
                    'Due',
                    'Claimed',
                    'Approved',
                    'Entitled',
                    'Received',
                    'Owed',
                    'Overdue',
                  ].map((header, index) => (
                    <th
                      key={header}
                      scope="col"
                      className={`px-2 py-2 font-semibold text-slate-700 ${index > 2 ? 'text-right' : 'text-left'}`}
                    >
                      {header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {statement.lines.length === 0 && (
                  <tr>
                    <td colSpan={9} className="px-3 py-6 text-center text-slate-600">
                      Nothing in this period.
                    </td>
                  </tr>
                )}
                {statement.lines.map((line, index) => (
                  <tr
                    key={`${line.claimId ?? line.description}-${index}`}
                    className={
                      line.overduePence !== '0'
                        ? 'bg-amber-50'
                        : line.kind === 'CLAWBACK'
                          ? 'bg-slate-50 italic'
                          : undefined
                    }
                  >
                    {/* Milestone codes read as words and wrap between them, so the nine columns fit a 1280px page. */}
                    <td className="px-3 py-2">{line.description.replace(/_/g, ' ')}</td>
                    <td className="px-3 py-2">
                      <StatusBadge status={line.status} />
                    </td>
                    <td className="px-3 py-2">{line.dueOn ? formatDate(line.dueOn) : '—'}</td>
                    {[
                      line.claimedPence,
                      line.approvedPence,
                      line.entitledPence,
                      line.receivedPence,
                      line.owedPence,
                      line.overduePence,
                    ].map((value, column) => (
                      <td
                        key={column}
                        className="whitespace-nowrap px-2 py-2 text-right tabular-nums"
                      >
                        {formatMoney(value)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot className="bg-slate-50 font-semibold">
                <tr>
                  <th scope="row" colSpan={3} className="px-3 py-2 text-left">
                    Total
                  </th>
                  {[
                    statement.totals.claimedPence,
                    statement.totals.approvedPence,
                    statement.totals.entitledPence,
                    statement.totals.receivedPence,
                    statement.totals.owedPence,
                    statement.totals.overduePence,
                  ].map((value, column) => (
                    <td key={column} className="px-3 py-2 text-right tabular-nums">
                      {formatMoney(value)}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
