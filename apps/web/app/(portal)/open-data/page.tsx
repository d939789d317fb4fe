import type { Metadata } from 'next';
import { PageHeader } from '@/components/data/page-header';
import { isCommissionerAdmin } from '@/components/data-protection/shared';
import { ErrorState } from '@/components/error-state';
import { PublicationActions } from '@/components/open-data/publication-actions';
import { unwrap } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Open data' };
export const dynamic = 'force-dynamic';

export default async function OpenDataPage() {
  const access = await requireSection('open-data');
  if (!access) return null;
  const client = await createServerClient();
  const isAdmin = isCommissionerAdmin(access.user);
  let chain;
  let publications;
  try {
    chain = unwrap(await client.GET('/supply-chain'));
    const views = await Promise.all(
      chain.programmes.map(
        async (programme) =>
          unwrap(
            await client.GET('/open-data/programmes/{id}/publication', {
              params: { path: { id: programme.id } },
            }),
          ).publication,
      ),
    );
    publications = new Map(views.map((publication) => [publication.programmeId, publication]));
  } catch (error) {
    return (
      <ErrorState title="Programmes could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Transparency"
        title="Open data"
        description="Each programme as an Open Contracting Data Standard (OCDS 1.1) release package: the programme’s prime contracts as awards with their values, every subcontract as its own process, and the payments made under each. Publish it to let anyone read it without signing in; it holds nothing about participants or staff."
      />
      {chain.programmes.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700">
          No programmes yet.
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {chain.programmes.map((programme) => {
            const contracts = chain.primeContracts.filter(
              (contract) => contract.programme.id === programme.id,
            );
            const subcontracts = contracts.reduce(
              (sum, contract) => sum + contract.subcontracts.length,
              0,
            );
            const publication = publications.get(programme.id);
            return (
              <li
                key={programme.id}
                className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
              >
                <h2 className="text-lg font-semibold text-navy-900">{programme.name}</h2>
                <p className="mt-1 text-sm text-slate-700">
                  {contracts.length} prime {contracts.length === 1 ? 'contract' : 'contracts'},{' '}
                  {subcontracts} {subcontracts === 1 ? 'subcontract' : 'subcontracts'}
                </p>
                {publication?.isPublished ? (
                  <div className="mt-3 rounded-md border-l-4 border-teal-600 bg-teal-50 p-3 text-sm text-slate-800">
                    <p className="font-medium text-navy-900">
                      Published: anyone can read it without signing in.
                    </p>
                    {publication.publicUrl && (
                      <p className="mt-1 break-all">
                        <a className="text-teal-800 underline" href={publication.publicUrl}>
                          {publication.publicUrl}
                        </a>
                      </p>
                    )}
                    {publication.changedBy && publication.changedAt && (
                      <p className="mt-1 text-slate-700">
                        Published by {publication.changedBy.name} (
                        {publication.changedBy.organisationName}),{' '}
                        {formatDateTime(publication.changedAt)}
                      </p>
                    )}
                  </div>
                ) : (
                  <p className="mt-3 text-sm text-slate-700">
                    Not published: only your organisation can download it.
                    {publication?.changedBy && publication.changedAt
                      ? ` Withdrawn by ${publication.changedBy.name} (${publication.changedBy.organisationName}), ${formatDateTime(publication.changedAt)}.`
                      : ''}
                  </p>
                )}
                <div className="mt-4 flex flex-wrap items-center gap-3">
                  <a
                    className="inline-block rounded border border-teal-700 px-3 py-1.5 text-sm font-medium text-teal-800 hover:bg-teal-50"
                    href={`/api/open-data/programmes/${programme.id}/ocds`}
                    download={`ocds-${programme.id}.json`}
                  >
                    Download OCDS release package (JSON)
                    <span className="sr-only"> for {programme.name}</span>
                  </a>
                  {isAdmin && (
                    <PublicationActions
                      programmeId={programme.id}
                      programmeName={programme.name}
                      isPublished={publication?.isPublished ?? false}
                    />
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
