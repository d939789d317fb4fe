import type { Metadata } from 'next';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { ErrorState } from '@/components/error-state';
import { currentMonth, pickParams, type SearchParams } from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Ledger' };
export const dynamic = 'force-dynamic';

export default async function LedgerPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('ledger');
  if (!access) return null;
  const params = pickParams(await searchParams, ['programmeId', 'periodStart', 'periodEnd']);
  const client = await createServerClient();
  let data;
  const period = { ...currentMonth(), ...params };
  try {
    const chain = unwrap(await client.GET('/supply-chain'));
    const programmeId = params.programmeId ?? chain.programmes[0]?.id;
    const balance = programmeId
      ? unwrap(
          await client.GET('/ledger/trial-balance', {
            params: {
              query: { programmeId, periodStart: period.periodStart, periodEnd: period.periodEnd },
            },
          }),
        )
      : null;
    data = { chain, programmeId, balance };
  } catch (error) {
    return (
      <ErrorState title="The ledger could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="Trial balance"
        description="Balances by account over the transfers you are party to or oversee. Every transfer is two equal and opposite entries, so the total is always zero."
      />
      <FilterForm action="/ledger" label="Choose programme and period">
        <FilterSelect
          name="programmeId"
          label="Programme"
          value={data.programmeId}
          options={data.chain.programmes.map((programme) => ({
            value: programme.id,
            label: programme.name,
          }))}
        />
        <FilterInput
          name="periodStart"
          label="Period from"
          type="date"
          value={period.periodStart}
        />
        <FilterInput name="periodEnd" label="Period to" type="date" value={period.periodEnd} />
      </FilterForm>
      {data.balance && (
        <>
          <div className="grid gap-4 sm:grid-cols-3">
            <StatCard label="Debits" value={formatMoney(data.balance.totals.debitPence)} />
            <StatCard label="Credits" value={formatMoney(data.balance.totals.creditPence)} />
            <StatCard
              label="Balance"
              value={formatMoney(data.balance.totals.balancePence)}
              tone={data.balance.totals.balancePence === '0' ? 'good' : 'attention'}
              hint={
                data.balance.totals.balancePence === '0'
                  ? 'Balanced'
                  : 'Out of balance — report this'
              }
            />
          </div>
          <DataTable
            caption="Trial balance by account"
            rows={data.balance.accounts}
            rowKey={(row) => row.accountId}
            state={{ path: '/ledger', params }}
            emptyMessage="No transfers in this period."
            columns={[
              { key: 'org', header: 'Organisation', cell: (row) => row.organisationName },
              { key: 'account', header: 'Account', cell: (row) => `${row.name} (${row.code})` },
              {
                key: 'debit',
                header: 'Debit',
                isNumeric: true,
                cell: (row) => formatMoney(row.debitPence),
              },
              {
                key: 'credit',
                header: 'Credit',
                isNumeric: true,
                cell: (row) => formatMoney(row.creditPence),
              },
              {
                key: 'balance',
                header: 'Balance',
                isNumeric: true,
                cell: (row) => formatMoney(row.balancePence),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
