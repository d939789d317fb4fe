import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { PageHeader } from '@/components/data/page-header';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { RunRemittance } from '@/components/money/run-remittance';
import {
  currentMonth,
  pickParams,
  primeContractOptions,
  type SearchParams,
} from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';
import { wordFor } from '@/lib/words';

export const metadata: Metadata = { title: 'Remittances' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;
/** Columns the API sorts the whole filter by (the table's column keys); anything else falls back to newest first. */
const SORTS = ['contract', 'periodStart', 'net', 'status'] as const;
type Sort = (typeof SORTS)[number] | `-${(typeof SORTS)[number]}`;
const sortFrom = (value: string | undefined): Sort | undefined =>
  SORTS.some((column) => value === column || value === `-${column}`) ? (value as Sort) : undefined;

export default async function RemittancesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('remittances');
  if (!access) return null;
  const params = pickParams(await searchParams, ['primeContractId', 'status', 'sort', 'page']);
  const page = pageFrom(params.page);
  const isCommissioner = access.user.organisation.kind === 'COMMISSIONER';
  const canRun = can(access.user, POLICIES.remittances.run);
  const client = await createServerClient();
  let data;
  try {
    const [chain, list] = await Promise.all([
      client.GET('/supply-chain').then(unwrap),
      client
        .GET('/remittances', {
          params: {
            query: {
              primeContractId: params.primeContractId,
              status: params.status as 'DRAFT' | 'EXPORTED' | 'PAID' | undefined,
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
      <ErrorState title="Remittances could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const contracts = primeContractOptions(data.chain);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="Remittances"
        description={
          isCommissioner
            ? 'Batches of approved claims paid to your prime providers.'
            : 'What the commissioner has remitted to you, claim by claim.'
        }
      />
      {canRun && <RunRemittance contracts={contracts} period={currentMonth()} />}
      <FilterForm action="/remittances" label="Filter remittances">
        <FilterSelect
          name="primeContractId"
          label="Prime contract"
          value={params.primeContractId}
          options={contracts}
        />
        <FilterSelect
          name="status"
          label="Status"
          value={params.status}
          options={['DRAFT', 'EXPORTED', 'PAID'].map((value) => ({
            value,
            label: wordFor('status', value),
          }))}
        />
      </FilterForm>
      <DataTable
        caption="Remittances"
        rows={data.list.remittances}
        rowKey={(row) => row.id}
        state={{ path: '/remittances', params }}
        emptyMessage="No remittances yet."
        totalsRow={{
          label: `Total, all ${data.list.total.toLocaleString('en-GB')} ${data.list.total === 1 ? 'remittance' : 'remittances'}`,
          cells: {
            net: <span data-testid="remittances-total">{formatMoney(data.list.totalPence)}</span>,
          },
        }}
        columns={[
          {
            key: 'contract',
            header: 'Prime contract',
            isSortable: true,
            cell: (row) => (
              <Link
                href={`/remittances/${row.id}`}
                className="font-semibold text-teal-800 underline underline-offset-4"
              >
                {row.primeContractReference}
              </Link>
            ),
          },
          {
            key: 'periodStart',
            header: 'Period',
            isSortable: true,
            cell: (row) => `${formatDate(row.periodStart)} – ${formatDate(row.periodEnd)}`,
          },
          { key: 'claims', header: 'Claims', isNumeric: true, cell: (row) => row.claimCount },
          {
            key: 'clawback',
            header: 'Clawbacks',
            isNumeric: true,
            cell: (row) => formatMoney(row.clawbackPence),
          },
          {
            key: 'net',
            header: 'Net paid',
            isSortable: true,
            isNumeric: true,
            cell: (row) => formatMoney(row.netPence),
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
            cell: (row) =>
              row.paidOn ? `${formatDate(row.paidOn)} · ${row.paidReference ?? ''}` : '—',
          },
        ]}
      />
      <NumberedPager
        path="/remittances"
        params={params}
        page={page}
        pageSize={PAGE_SIZE}
        total={data.list.total}
        noun={['remittance', 'remittances']}
      />
    </div>
  );
}
