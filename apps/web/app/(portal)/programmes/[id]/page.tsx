import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { VERSION_STATUS_WORDS } from '@/components/programmes/describe';
import { PrimeContractsTable } from '@/components/programmes/prime-contracts-table';
import {
  AddContractAreaForm,
  LateRecordingDaysForm,
  NewPaymentModelForm,
  NewPrimeContractForm,
} from '@/components/programmes/programme-forms';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { notFound } from 'next/navigation';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Programme' };
export const dynamic = 'force-dynamic';

const th = 'px-3 py-2 text-left font-semibold text-navy-900';
const td = 'px-3 py-2 align-top';

export default async function ProgrammePage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('programmes');
  if (!access) return null;
  const { id } = await params;
  const isAdmin = can(access.user, POLICIES.programmes.manage);
  let data;
  try {
    const client = await createServerClient();
    const programme = unwrap(
      await client.GET('/programmes/{id}', { params: { path: { id } } }),
    ).programme;
    const canSetUp = programme.isOwn && isAdmin;
    const [primes, templates] = canSetUp
      ? await Promise.all([
          client.GET('/programmes/prime-candidates').then((r) => unwrap(r).primes),
          client.GET('/payment-model-templates').then((r) => unwrap(r).templates),
        ])
      : [[], []];
    data = { programme, primes, templates };
  } catch (error) {
    if (error instanceof ApiProblemError && error.problem.status === 404) notFound();
    return (
      <ErrorState title="The programme could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { programme, primes, templates } = data;
  const canChange = programme.isOwn && isAdmin;
  const publishedModels = programme.paymentModels.filter((m) =>
    m.versions.some((v) => v.status === 'PUBLISHED'),
  );
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={`Commissioned by ${programme.isOwn ? 'you' : programme.commissionerName}`}
        title={programme.name}
        description={`From ${formatDate(programme.startsOn)}${programme.endsOn ? ` to ${formatDate(programme.endsOn)}` : ''}; each participant is supported for ${programme.supportPeriodWeeks} weeks.`}
      />

      <section aria-labelledby="areas-heading" className="space-y-3">
        <h2 id="areas-heading" className="text-2xl font-semibold text-navy-900">
          Contract areas
        </h2>
        <ul className="list-disc pl-6">
          {programme.contractAreas.map((a) => (
            <li key={a.id}>
              {a.name}
              {a.region ? ` (${a.region})` : ''}
            </li>
          ))}
        </ul>
        {canChange && <AddContractAreaForm programmeId={programme.id} />}
      </section>

      <section aria-labelledby="recording-heading" className="space-y-3">
        <h2 id="recording-heading" className="text-2xl font-semibold text-navy-900">
          Recording rules
        </h2>
        <p className="max-w-prose text-slate-700" data-testid="late-recording-days">
          An activity or job start may be recorded up to {programme.lateRecordingDays}{' '}
          {programme.lateRecordingDays === 1 ? 'day' : 'days'} after it happened; later than the day
          itself, it is flagged as recorded late.
        </p>
        {canChange && (
          <LateRecordingDaysForm programmeId={programme.id} current={programme.lateRecordingDays} />
        )}
      </section>

      <section aria-labelledby="models-heading" className="space-y-3">
        <h2 id="models-heading" className="text-2xl font-semibold text-navy-900">
          Payment models
        </h2>
        {programme.paymentModels.length === 0 && (
          <p>
            No payment model yet
            {canChange ? ': start one below, from a template or your own definition.' : '.'}
          </p>
        )}
        {programme.paymentModels.map((model) => (
          <div key={model.id} className="rounded-md border border-slate-300 bg-white p-4">
            <h3 className="text-xl font-semibold">{model.name}</h3>
            {model.description && <p className="text-slate-700">{model.description}</p>}
            <div className="mt-2 overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-300 text-sm">
                <caption className="sr-only">Versions of {model.name}</caption>
                <thead className="bg-slate-100">
                  <tr>
                    <th scope="col" className={th}>
                      Version
                    </th>
                    <th scope="col" className={th}>
                      State
                    </th>
                    <th scope="col" className={th}>
                      In force
                    </th>
                    <th scope="col" className={th}>
                      Change
                    </th>
                    <th scope="col" className={th}>
                      Published by
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {model.versions.map((v) => (
                    <tr key={v.id}>
                      <th scope="row" className={td}>
                        <Link
                          href={`/programmes/versions/${v.id}`}
                          className="font-semibold text-teal-800 underline"
                        >
                          Version {v.version}
                        </Link>
                      </th>
                      <td className={td}>{VERSION_STATUS_WORDS[v.status]}</td>
                      <td className={td}>
                        from {formatDate(v.effectiveFrom)}
                        {v.effectiveTo ? ` to ${formatDate(v.effectiveTo)}` : ''}
                      </td>
                      <td className={td}>{v.changeNote ?? '—'}</td>
                      <td className={td}>
                        {v.publishedBy
                          ? `${v.publishedBy.name}, ${formatDate(v.publishedAt!.slice(0, 10))}`
                          : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
        {canChange && (
          <NewPaymentModelForm
            programmeId={programme.id}
            startsOn={programme.startsOn}
            templates={templates}
          />
        )}
      </section>

      <section aria-labelledby="contracts-heading" className="space-y-3">
        <h2 id="contracts-heading" className="text-2xl font-semibold text-navy-900">
          Prime contracts
        </h2>
        {programme.primeContracts.length === 0 ? (
          <p>No prime is contracted yet.</p>
        ) : (
          <PrimeContractsTable contracts={programme.primeContracts} />
        )}
        {canChange &&
          (publishedModels.length === 0 ? (
            <p className="rounded-md border-l-4 border-amber-600 bg-amber-50 p-3">
              Publish a payment model version before contracting a prime on it.
            </p>
          ) : (
            <NewPrimeContractForm
              programmeId={programme.id}
              areas={programme.contractAreas}
              models={publishedModels.map((m) => ({ id: m.id, name: m.name }))}
              primes={primes}
              startsOn={programme.startsOn}
            />
          ))}
      </section>
    </div>
  );
}
