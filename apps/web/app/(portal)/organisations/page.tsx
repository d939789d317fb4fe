import type { Metadata } from 'next';
import { ErrorState } from '@/components/error-state';
import { OnboardOrganisation } from '@/components/onboard-organisation';
import { unwrap } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { describeOrganisationKind } from '@/lib/navigation';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { wordFor } from '@/lib/words';

export const metadata: Metadata = { title: 'Organisations' };
export const dynamic = 'force-dynamic';

export default async function OrganisationsPage() {
  const access = await requireSection('organisations');
  if (!access) return null;

  let organisations;
  try {
    organisations = unwrap(await (await createServerClient()).GET('/organisations')).organisations;
  } catch (error) {
    return (
      <ErrorState title="Organisations could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">Organisations</h1>
        <p className="max-w-prose text-slate-700">{access.section.summary}</p>
      </div>
      <section aria-labelledby="organisations-heading" className="space-y-4">
        <h2 id="organisations-heading" className="text-2xl font-semibold text-navy-900">
          On the platform
        </h2>
        {organisations.length === 0 ? (
          <p className="text-slate-700">No organisations yet. Onboard the first below.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <caption className="sr-only">Organisations on the platform</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-navy-900">
                <tr>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Name
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Kind
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Registered numbers
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Sector and size
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Onboarded
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {organisations.map((organisation) => (
                  <tr key={organisation.id}>
                    <th scope="row" className="px-4 py-3 font-semibold text-navy-900">
                      {organisation.name}
                      {organisation.specialisms.length > 0 && (
                        <span className="block text-xs font-normal text-slate-600">
                          {organisation.specialisms
                            .map((code) => wordFor('specialism', code))
                            .join(', ')}
                        </span>
                      )}
                    </th>
                    <td className="px-4 py-3 text-slate-700">
                      {describeOrganisationKind(organisation.kind)}
                    </td>
                    <td className="px-4 py-3 text-slate-700">
                      {[
                        organisation.companyNumber && `Company ${organisation.companyNumber}`,
                        organisation.charityNumber && `Charity ${organisation.charityNumber}`,
                      ]
                        .filter(Boolean)
                        .join(' · ') || '—'}
                    </td>
                    <td className="px-4 py-3 text-slate-700">
                      {[
                        organisation.sectorType && wordFor('sectorType', organisation.sectorType),
                        organisation.turnoverBand &&
                          wordFor('turnoverBand', organisation.turnoverBand),
                      ]
                        .filter(Boolean)
                        .join(' · ') || '—'}
                    </td>
                    <td className="px-4 py-3 text-slate-700">
                      {formatDate(organisation.createdAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <OnboardOrganisation />
    </div>
  );
}
