// One claim's or referral's audit trail, for anyone who may see the record
// (the API answers 404 otherwise, and so does this page).
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AuditEventTable } from '@/components/audit/audit-event-table';
import { PageHeader } from '@/components/data/page-header';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { ErrorState } from '@/components/error-state';
import { ApiProblemError, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';

const PAGE_SIZE = 50;

export async function RecordTrail({
  entityType,
  entityId,
  page: pageParam,
  back,
}: {
  entityType: 'claim' | 'referral';
  entityId: string;
  page: string | undefined;
  back: { href: string; label: string };
}) {
  const page = pageFrom(pageParam);
  const client = await createServerClient();
  let trail;
  try {
    trail = await client
      .GET('/audit/records/{entityType}/{entityId}', {
        params: { path: { entityType, entityId }, query: { page, pageSize: PAGE_SIZE } },
      })
      .then(unwrap);
  } catch (error) {
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 400)
    )
      notFound();
    return (
      <ErrorState title="The audit trail could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const path = `${back.href}/audit`;
  const subject = trail.events.find((event) => event.record && event.entityId === entityId)?.record;
  return (
    <div className="space-y-6">
      <p>
        <Link href={back.href} className="text-teal-800 underline underline-offset-4">
          ← {back.label}
        </Link>
      </p>
      <PageHeader
        eyebrow="Audit trail"
        title={subject ?? (entityType === 'claim' ? 'This claim' : 'This referral')}
        description={trail.scope}
      />
      <AuditEventTable
        events={trail.events}
        path={path}
        params={{}}
        caption="Events about this record, newest first"
      />
      <NumberedPager
        path={path}
        params={{}}
        page={page}
        pageSize={PAGE_SIZE}
        total={trail.total}
        noun={['event', 'events']}
      />
    </div>
  );
}
