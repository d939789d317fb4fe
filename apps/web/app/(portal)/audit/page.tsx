import type { Metadata } from 'next';
import { AuditEventTable } from '@/components/audit/audit-event-table';
import { DayMonthYearFilter, dayFromParts } from '@/components/data/day-month-year-filter';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { VerifyAuditTrail } from '@/components/verify-audit-trail';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Audit' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requireSection('audit');
  if (!access) return null;
  const params = pickParams(await searchParams, [
    'actorUserId',
    'action',
    'entityType',
    'fromDay',
    'fromMonth',
    'fromYear',
    'toDay',
    'toMonth',
    'toYear',
    'page',
  ]);
  const filters = {
    actorUserId: params.actorUserId,
    action: params.action,
    entityType: params.entityType,
    from: dayFromParts(params, 'from'),
    to: dayFromParts(params, 'to'),
  };
  const page = pageFrom(params.page);
  const canVerify = ['COMMISSIONER', 'PLATFORM'].includes(access.user.organisation.kind);

  const client = await createServerClient();
  let data;
  try {
    const [events, vocabulary] = await Promise.all([
      client
        .GET('/audit/events', { params: { query: { ...filters, page, pageSize: PAGE_SIZE } } })
        .then(unwrap),
      client.GET('/audit/vocabulary').then(unwrap),
    ]);
    data = { events, vocabulary };
  } catch (error) {
    return (
      <ErrorState title="The audit trail could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { events, vocabulary } = data;
  const exportQuery = new URLSearchParams(
    Object.entries(filters).filter((entry): entry is [string, string] => !!entry[1]),
  );

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">Audit</h1>
        <p className="max-w-prose text-slate-700">
          Every change in Waymark, and every read of special category data, is written to an
          append-only audit trail. Each event stores a hash of the one before it, so altering or
          removing any event breaks every link after it.
        </p>
        <p className="max-w-prose text-sm text-slate-700" data-testid="audit-scope">
          You see: {events.scope}
        </p>
      </div>
      <section aria-labelledby="browse-heading" className="space-y-4">
        <h2 id="browse-heading" className="text-2xl font-semibold text-navy-900">
          Browse the trail
        </h2>
        <FilterForm action="/audit" label="Filter the audit trail">
          <FilterSelect
            name="actorUserId"
            label="Person"
            value={filters.actorUserId}
            options={vocabulary.actors.map((actor) => ({
              value: actor.userId,
              label: `${actor.name} (${actor.organisationName})`,
            }))}
          />
          <FilterSelect
            name="action"
            label="Action"
            value={filters.action}
            options={vocabulary.actions.map((item) => ({
              value: item.action,
              label: item.description,
            }))}
          />
          <FilterSelect
            name="entityType"
            label="Record type"
            value={filters.entityType}
            options={vocabulary.recordTypes.map((item) => ({
              value: item.entityType,
              label: item.description,
            }))}
          />
          <DayMonthYearFilter name="from" legend="From" day={filters.from} />
          <DayMonthYearFilter name="to" legend="To" day={filters.to} />
        </FilterForm>
        <AuditEventTable
          events={events.events}
          path="/audit"
          params={params}
          caption="Audit events, newest first"
          exportHref={`/api/audit/events/export?${exportQuery.toString()}`}
        />
        <NumberedPager
          path="/audit"
          params={params}
          page={page}
          pageSize={PAGE_SIZE}
          total={events.total}
          noun={['event', 'events']}
        />
      </section>
      {canVerify && <VerifyAuditTrail />}
    </div>
  );
}
