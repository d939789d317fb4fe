import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { humanise } from '@/components/data/status-badge';
import { canOpen, DataProtectionTabs } from '@/components/data-protection/shared';
import { ErrorState } from '@/components/error-state';
import { cursorOf, pickParams, type SearchParams } from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Records of processing' };
export const dynamic = 'force-dynamic';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export default async function RecordsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('data-protection');
  if (!access) return null;
  if (!canOpen(access.user, 'records')) notFound();
  const params = pickParams(await searchParams, ['programmeId', 'from', 'to', 'cursor']);
  const from = params.from && DAY.test(params.from) ? params.from : undefined;
  const to = params.to && DAY.test(params.to) ? params.to : undefined;
  const client = await createServerClient();
  let data;
  try {
    const chain = unwrap(await client.GET('/supply-chain'));
    const programme =
      chain.programmes.find((item) => item.id === params.programmeId) ?? chain.programmes[0];
    if (!programme) data = { chain, programme: null, records: null, reads: [], nextCursor: null };
    else {
      const [records, reads] = await Promise.all([
        client
          .GET('/programmes/{id}/records-of-processing', { params: { path: { id: programme.id } } })
          .then(unwrap),
        client
          .GET('/programmes/{id}/special-category-reads', {
            params: {
              path: { id: programme.id },
              query: { from, to, cursor: params.cursor, limit: 50 },
            },
          })
          .then(unwrap),
      ]);
      data = {
        chain,
        programme,
        records: records.recordsOfProcessing,
        reads: reads.reads,
        nextCursor: cursorOf(reads.nextCursor),
      };
    }
  } catch (error) {
    return (
      <ErrorState title="Records of processing could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { chain, programme, records, reads } = data;
  const csv = programme
    ? `/api/programmes/${programme.id}/special-category-reads/csv?${new URLSearchParams(Object.entries({ from, to }).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString()}`
    : undefined;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Data protection"
        title="Records of processing"
        description="Which party processes which categories of personal data, in what UK GDPR role and for what purpose (Art. 30), and who read special category data, from the audit trail."
      />
      <DataProtectionTabs user={access.user} current="records" />
      {!programme || !records ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700">
          No programmes yet.
        </p>
      ) : (
        <>
          <section aria-labelledby="records-title" className="space-y-3">
            <h2 id="records-title" className="text-xl font-semibold text-navy-900">
              Parties processing data for {records.programmeName}
            </h2>
            <DataTable
              caption={`Records of processing for ${records.programmeName}`}
              rows={records.records}
              rowKey={(record) => record.organisationId}
              state={{ path: '/data-protection/records', params }}
              columns={[
                {
                  key: 'party',
                  header: 'Party',
                  cell: (record) => (
                    <span>
                      {record.organisationName}
                      <span className="block text-xs text-slate-600">{record.relationship}</span>
                    </span>
                  ),
                },
                { key: 'role', header: 'UK GDPR role', cell: (record) => humanise(record.role) },
                {
                  key: 'categories',
                  header: 'Categories',
                  cell: (record) => record.categories.join(', '),
                },
                {
                  key: 'special',
                  header: 'Special category',
                  cell: (record) =>
                    record.specialCategories.length > 0
                      ? record.specialCategories.join(', ')
                      : 'None',
                },
                {
                  key: 'purposes',
                  header: 'Purposes',
                  cell: (record) => (
                    <span className="block max-w-xs">{record.purposes.join('; ')}</span>
                  ),
                },
              ]}
            />
          </section>
          <section aria-labelledby="reads-title" className="space-y-3">
            <h2 id="reads-title" className="text-xl font-semibold text-navy-900">
              Who read special category data
            </h2>
            <FilterForm action="/data-protection/records" label="Filter special category reads">
              {chain.programmes.length > 1 && (
                <FilterSelect
                  name="programmeId"
                  label="Programme"
                  value={programme.id}
                  options={chain.programmes.map((item) => ({ value: item.id, label: item.name }))}
                />
              )}
              <FilterInput name="from" label="From" type="date" value={from} />
              <FilterInput name="to" label="To" type="date" value={to} />
            </FilterForm>
            <DataTable
              caption="Reads of special category data, oldest first"
              rows={reads}
              rowKey={(read) => read.seq}
              state={{ path: '/data-protection/records', params }}
              nextCursor={data.nextCursor}
              exportHref={csv}
              emptyMessage="No one read special category data in this period."
              columns={[
                { key: 'at', header: 'When', cell: (read) => formatDateTime(read.occurredAt) },
                {
                  key: 'who',
                  header: 'Who',
                  cell: (read) => (
                    <span>
                      {read.actorName ?? 'System'}
                      <span className="block text-xs text-slate-600">
                        {read.actorOrganisationName}
                      </span>
                    </span>
                  ),
                },
                {
                  key: 'participant',
                  header: 'Participant',
                  cell: (read) => read.participantReference ?? '—',
                },
                {
                  key: 'fields',
                  header: 'Fields (never values)',
                  cell: (read) => read.fields.join(', '),
                },
                {
                  key: 'purpose',
                  header: 'Purpose',
                  cell: (read) =>
                    read.purpose ? humanise(read.purpose.replace(/-/g, '_')) : 'Delivering support',
                },
              ]}
            />
          </section>
        </>
      )}
    </div>
  );
}
