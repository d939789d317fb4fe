import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { VERSION_STATUS_WORDS, type Definition } from '@/components/programmes/describe';
import { RulesView } from '@/components/programmes/rules-view';
import { Simulator } from '@/components/programmes/simulator';
import { VersionActions } from '@/components/programmes/version-actions';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDate, formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Payment model version' };
export const dynamic = 'force-dynamic';

export default async function VersionPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('programmes');
  if (!access) return null;
  const { id } = await params;
  let data;
  try {
    const client = await createServerClient();
    const version = unwrap(
      await client.GET('/payment-model-versions/{id}', { params: { path: { id } } }),
    ).version;
    const model = unwrap(
      await client.GET('/payment-models/{id}', {
        params: { path: { id: version.paymentModelId } },
      }),
    ).paymentModel;
    data = { version, model };
  } catch (error) {
    if (error instanceof ApiProblemError && error.problem.status === 404) notFound();
    return (
      <ErrorState title="The payment model version could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { version, model } = data;
  const me = access.user;
  const isOwnAdmin = can(me, POLICIES.programmes.manage);
  const isConsistent = version.problems.length === 0;
  const others = model.versions
    .filter((v) => v.id !== version.id)
    .map((v) => ({
      id: v.id,
      label: `Version ${v.version} (${VERSION_STATUS_WORDS[v.status].toLowerCase()}, from ${formatDate(v.effectiveFrom)})`,
    }));
  return (
    <div className="space-y-10">
      <PageHeader
        eyebrow={`${model.programmeName} · ${model.name}`}
        title={`Version ${version.version}: ${VERSION_STATUS_WORDS[version.status]}`}
        description={
          <>
            <p>
              In force from {formatDate(version.effectiveFrom)}
              {version.effectiveTo
                ? ` to ${formatDate(version.effectiveTo)}`
                : ' until a later version replaces it'}
              .{version.changeNote ? ` ${version.changeNote}.` : ''}
            </p>
            <p className="mt-1 text-sm">
              Drafted by {version.createdBy?.name ?? 'the seed'}
              {version.submittedBy
                ? `; submitted by ${version.submittedBy.name} ${formatDateTime(version.submittedAt)}`
                : ''}
              {version.publishedBy
                ? `; published by ${version.publishedBy.name} ${formatDateTime(version.publishedAt)}`
                : version.publishedAt
                  ? `; published ${formatDateTime(version.publishedAt)}`
                  : ''}
              .{' '}
              <Link href={`/programmes/${version.programmeId}`} className="text-teal-800 underline">
                Back to the programme
              </Link>
            </p>
          </>
        }
      />

      {!isConsistent && (
        <section
          aria-labelledby="problems-heading"
          className="rounded-md border-4 border-amber-600 bg-white p-4"
        >
          <h2 id="problems-heading" className="text-xl font-semibold text-navy-900">
            {version.problems.length} thing{version.problems.length === 1 ? '' : 's'} to fix before
            it can be submitted
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-6">
            {version.problems.map((p) => (
              <li key={`${p.path}-${p.message}`}>
                <code className="rounded bg-slate-100 px-1">{p.path}</code>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      {isOwnAdmin && (
        <VersionActions
          version={{
            id: version.id,
            version: version.version,
            status: version.status,
            effectiveFrom: version.effectiveFrom,
            effectiveTo: version.effectiveTo,
            definition: version.definition,
            submittedByUserId: version.submittedBy?.userId ?? null,
          }}
          paymentModelId={model.id}
          userId={me.id}
        />
      )}

      {isConsistent && (
        <section aria-labelledby="rules-heading" className="space-y-4">
          <h2 id="rules-heading" className="text-2xl font-semibold text-navy-900">
            The rules
          </h2>
          <RulesView definition={version.definition as Definition} />
        </section>
      )}

      {isConsistent && (
        <Simulator
          versionId={version.id}
          effectiveFrom={version.effectiveFrom}
          others={others}
          definition={version.definition as Definition}
        />
      )}
    </div>
  );
}
