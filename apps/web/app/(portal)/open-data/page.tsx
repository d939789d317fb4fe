import type { Metadata } from 'next';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Open data' };
export const dynamic = 'force-dynamic';

export default async function OpenDataPage() {
  const access = await requireSection('open-data');
  if (!access) return null;
  const client = await createServerClient();
  let chain;
  try {
    chain = unwrap(await client.GET('/supply-chain'));
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
        description="Each programme as an Open Contracting Data Standard (OCDS 1.1) release package: the programme, every prime contract and every subcontract, linked through related processes, with payments as implementation transactions and milestones."
      />
      {chain.programmes.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700">No programmes yet.</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {chain.programmes.map((programme) => {
            const contracts = chain.primeContracts.filter((contract) => contract.programme.id === programme.id);
            const subcontracts = contracts.reduce((sum, contract) => sum + contract.subcontracts.length, 0);
            return (
              <li key={programme.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <h2 className="text-lg font-semibold text-navy-900">{programme.name}</h2>
                <p className="mt-1 text-sm text-slate-700">
                  {contracts.length} prime {contracts.length === 1 ? 'contract' : 'contracts'}, {subcontracts} {subcontracts === 1 ? 'subcontract' : 'subcontracts'}
                </p>
                <a className="mt-4 inline-block rounded border border-teal-700 px-3 py-1.5 text-sm font-medium text-teal-800 hover:bg-teal-50" href={`/api/open-data/programmes/${programme.id}/ocds`} download={`ocds-${programme.id}.json`}>
                  Download OCDS release package (JSON)<span className="sr-only"> for {programme.name}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
