import type { Metadata } from 'next';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import {
  EditRetentionPolicy,
  RetentionRunButton,
} from '@/components/data-protection/retention-actions';
import { DataProtectionTabs, isCommissionerAdmin } from '@/components/data-protection/shared';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDate, formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Retention' };
export const dynamic = 'force-dynamic';

export default async function RetentionPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('data-protection');
  if (!access) return null;
  const params = pickParams(await searchParams, ['programmeId']);
  const isAdmin = isCommissionerAdmin(access.user);
  const client = await createServerClient();
  let data;
  try {
    const chain = unwrap(await client.GET('/supply-chain'));
    const programme =
      chain.programmes.find((item) => item.id === params.programmeId) ?? chain.programmes[0];
    if (!programme) {
      data = { chain, programme: null, policy: null, runs: [] };
    } else {
      const [policy, runs] = await Promise.all([
        client
          .GET('/programmes/{id}/retention-policy', { params: { path: { id: programme.id } } })
          .then(unwrap),
        isAdmin
          ? client
              .GET('/programmes/{id}/retention-runs', { params: { path: { id: programme.id } } })
              .then(unwrap)
          : Promise.resolve({ retentionRuns: [] }),
      ]);
      data = { chain, programme, policy: policy.retentionPolicy, runs: runs.retentionRuns };
    }
  } catch (error) {
    return (
      <ErrorState
        title={
          error instanceof ApiProblemError && error.problem.status === 404
            ? 'Programme not found'
            : 'The retention policy could not be loaded'
        }
      >
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { chain, programme, policy, runs } = data;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Data protection"
        title="Retention"
        description="How long participants’ personal data and evidence files are kept. After that, people are pseudonymised and files deleted — the money trail and the audit trail stay, and still verify."
      />
      <DataProtectionTabs user={access.user} current="retention" />
      {chain.programmes.length > 1 && (
        <FilterForm action="/data-protection" label="Choose programme">
          <FilterSelect
            name="programmeId"
            label="Programme"
            value={programme?.id}
            options={chain.programmes.map((item) => ({ value: item.id, label: item.name }))}
          />
        </FilterForm>
      )}
      {!programme || !policy ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700">
          You are not part of any programme yet.
        </p>
      ) : (
        <>
          <section
            aria-labelledby="policy-title"
            className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
          >
            <div className="flex flex-wrap items-start justify-between gap-4">
              <h2 id="policy-title" className="text-xl font-semibold text-navy-900">
                Retention policy for {programme.name}
              </h2>
              {isAdmin && <EditRetentionPolicy programmeId={programme.id} policy={policy} />}
            </div>
            {policy.isSet ? (
              <dl className="grid gap-4 sm:grid-cols-2">
                <div className="rounded-md bg-slate-50 p-4">
                  <dt className="text-sm text-slate-700">Personal data kept for</dt>
                  <dd className="text-2xl font-semibold text-navy-900">
                    {policy.personalDataYearsAfterExit} years after exit
                  </dd>
                </div>
                <div className="rounded-md bg-slate-50 p-4">
                  <dt className="text-sm text-slate-700">Evidence files kept for</dt>
                  <dd className="text-2xl font-semibold text-navy-900">
                    {policy.evidenceYearsAfterContractEnd} years after the contract ends
                  </dd>
                </div>
                {policy.notes && (
                  <div className="sm:col-span-2">
                    <dt className="text-sm text-slate-700">Why</dt>
                    <dd>{policy.notes}</dd>
                  </div>
                )}
                <div className="text-sm text-slate-600 sm:col-span-2">
                  Set {formatDateTime(policy.setAt)} by the commissioner (the data controller).
                </div>
              </dl>
            ) : (
              <p className="rounded-md border-l-4 border-amber-500 bg-amber-50 p-4 text-slate-800">
                No retention policy is set: nothing is ever removed, and the nightly job leaves this
                programme alone.{isAdmin ? ' Set one to start applying retention.' : ''}
              </p>
            )}
          </section>
          {isAdmin && (
            <section aria-labelledby="runs-title" className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <h2 id="runs-title" className="text-xl font-semibold text-navy-900">
                  Retention runs
                </h2>
                <RetentionRunButton programmeId={programme.id} isPolicySet={policy.isSet} />
              </div>
              <DataTable
                caption="Retention runs, newest first"
                rows={runs}
                rowKey={(run) => run.id}
                state={{ path: '/data-protection', params }}
                emptyMessage="No runs yet. The nightly job runs at 02:30 once a policy is set."
                columns={[
                  {
                    key: 'started',
                    header: 'Started',
                    cell: (run) => formatDateTime(run.startedAt),
                  },
                  {
                    key: 'trigger',
                    header: 'Trigger',
                    cell: (run) =>
                      `${run.trigger === 'SCHEDULE' ? 'Nightly job' : 'Run by an admin'}${run.isDryRun ? ' (dry run)' : ''}`,
                  },
                  { key: 'asOf', header: 'As of', cell: (run) => formatDate(run.asOf) },
                  {
                    key: 'people',
                    header: 'Participants pseudonymised',
                    isNumeric: true,
                    cell: (run) => run.participantsPseudonymised,
                  },
                  {
                    key: 'files',
                    header: 'Evidence files deleted',
                    isNumeric: true,
                    cell: (run) => run.evidenceFilesPurged,
                  },
                ]}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}
