// Building blocks shared by the oversight pages (analytics, parking, alerts,
// trace, open data): the slice filters every dashboard takes, the query they
// become, export links through the /api proxy, and basis-point formatting.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import type { SupplyChain } from '@/components/money/shared';
import { MonthYearInput } from '@/components/date-input';
import { type DataFreshness, DataFreshnessNote } from '@/components/data/data-freshness';

/** The filters every analytics route takes (docs/analytics.md "Scope and conventions"). */
export const SLICE_FILTERS = [
  'programmeId',
  'primeContractId',
  'subcontractorId',
  'from',
  'to',
] as const;

export type Params = Record<string, string | undefined>;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The slice as the API's query: only known names, months only when well formed. */
export function sliceQuery(params: Params): Record<string, string | undefined> {
  return {
    programmeId: params.programmeId,
    primeContractId: params.primeContractId,
    subcontractorId: params.subcontractorId,
    from: params.from && MONTH.test(params.from) ? params.from : undefined,
    to: params.to && MONTH.test(params.to) ? params.to : undefined,
  };
}

/** A link to the same view as a file, through the portal's /api proxy (same-origin cookies). */
export function exportHref(
  apiPath: string,
  query: Record<string, string | number | undefined>,
  format: 'csv' | 'xlsx',
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(name, String(value));
  search.set('format', format);
  return `/api${apiPath}?${search.toString()}`;
}

export function ExportLinks({
  apiPath,
  query,
  label,
}: {
  apiPath: string;
  query: Record<string, string | number | undefined>;
  label: string;
}) {
  const linkClass =
    'rounded border border-teal-700 px-3 py-1.5 text-sm font-medium text-teal-800 hover:bg-teal-50 focus-visible:outline-2 focus-visible:outline-offset-2';
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label={`Export ${label}`}>
      <a className={linkClass} href={exportHref(apiPath, query, 'csv')} download>
        Download CSV<span className="sr-only"> of {label}</span>
      </a>
      <a className={linkClass} href={exportHref(apiPath, query, 'xlsx')} download>
        Download XLSX<span className="sr-only"> of {label}</span>
      </a>
    </div>
  );
}

/** Basis points as a percentage (7500 → "75.0 %"). */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  return `${(bp / 100).toFixed(1)} %`;
}

export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  return `${days.toLocaleString('en-GB')} ${days === 1 ? 'day' : 'days'}`;
}

/** Pence → pounds with pence as a number, for charts only (figures people read go through formatMoney). */
export function penceToPounds(pence: string): number {
  return Number(pence) / 100;
}

export function MonthInput({
  name,
  label,
  value,
}: {
  name: string;
  label: string;
  value?: string;
}) {
  return <MonthYearInput id={`filter-${name}`} name={name} label={label} defaultValue={value} />;
}

function uniqueSubcontractors(chain: SupplyChain): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const contract of chain.primeContracts)
    for (const sub of contract.subcontracts) seen.set(sub.subcontractorId, sub.subcontractorName);
  return [...seen]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The slice filters as a GET form; `extra` adds the view's own controls. */
export function SliceFilters({
  action,
  chain,
  params,
  label,
  extra,
  showSubcontractor = true,
}: {
  action: string;
  chain: SupplyChain;
  params: Params;
  label: string;
  extra?: ReactNode;
  showSubcontractor?: boolean;
}) {
  return (
    <FilterForm action={action} label={label}>
      {chain.programmes.length > 1 && (
        <FilterSelect
          name="programmeId"
          label="Programme"
          value={params.programmeId}
          options={chain.programmes.map((programme) => ({
            value: programme.id,
            label: programme.name,
          }))}
        />
      )}
      <FilterSelect
        name="primeContractId"
        label="Prime contract"
        value={params.primeContractId}
        options={chain.primeContracts.map((contract) => ({
          value: contract.id,
          label: `${contract.reference} — ${contract.prime.name}`,
        }))}
      />
      {showSubcontractor && (
        <FilterSelect
          name="subcontractorId"
          label="Subcontractor"
          value={params.subcontractorId}
          options={uniqueSubcontractors(chain)}
        />
      )}
      <MonthInput name="from" label="From month" value={params.from} />
      <MonthInput name="to" label="To month" value={params.to} />
      {extra}
    </FilterForm>
  );
}

export interface Tab {
  href: string;
  label: string;
}

/** Sub-navigation between the views of one section. */
export function Tabs({ label, tabs, current }: { label: string; tabs: Tab[]; current: string }) {
  return (
    <nav aria-label={label} className="-mx-1 flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const isActive = tab.href === current;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={isActive ? 'page' : undefined}
            className={`rounded-t-md border-b-4 px-3 py-2 text-sm font-semibold sm:px-4 ${isActive ? 'border-teal-700 text-navy-900' : 'border-transparent text-slate-700 hover:text-navy-900'}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

export const ANALYTICS_TABS: Tab[] = [
  { href: '/analytics', label: 'Flow-down against bids' },
  { href: '/analytics/spend', label: 'Spend' },
  { href: '/analytics/timeliness', label: 'Payment timeliness' },
  { href: '/analytics/performance', label: 'Minimum performance' },
];

/**
 * "Facts as of …" — every analytics answer says how fresh its summary tables
 * are, and (when the API says) how fresh the copy it read them from is.
 */
export function AsOf({ asOf, freshness }: { asOf: string | null; freshness?: DataFreshness }) {
  return (
    <div>
      <p className="text-sm text-slate-600">
        {asOf
          ? `Summary tables refreshed ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(asOf))}.`
          : 'The summary tables have not been refreshed yet: run the alert scan to build them.'}
      </p>
      <DataFreshnessNote freshness={freshness} />
    </div>
  );
}

/** An amber flag that says what it means in words, never by colour alone. */
export function Flag({ children }: { children: ReactNode }) {
  return (
    <span className="ml-2 inline-flex rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-amber-400 ring-inset">
      {children}
    </span>
  );
}
