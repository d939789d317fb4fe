import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { PrimeContractsTable } from '@/components/programmes/prime-contracts-table';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Prime contracts' };
export const dynamic = 'force-dynamic';

export default async function PrimeContractsPage() {
  const access = await requireSection('prime-contracts');
  if (!access) return null;
  let programmes;
  try {
    const client = await createServerClient();
    const list = unwrap(await client.GET('/programmes')).programmes.filter((p) => p.isOwn);
    programmes = await Promise.all(
      list.map(
        async (p) =>
          unwrap(await client.GET('/programmes/{id}', { params: { path: { id: p.id } } }))
            .programme,
      ),
    );
  } catch (error) {
    return (
      <ErrorState title="Prime contracts could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const contracts = programmes.flatMap((p) =>
    p.primeContracts.map((c) => ({ ...c, programme: { id: p.id, name: p.name } })),
  );
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="Prime contracts"
        description="Every prime you have contracted, by programme. Contract a new prime from the programme’s page."
      />
      {contracts.length === 0 ? (
        <p className="rounded-md border border-slate-300 bg-white p-4">
          No prime is contracted yet. Open a{' '}
          <Link href="/programmes" className="text-teal-800 underline">
            programme
          </Link>{' '}
          to contract one.
        </p>
      ) : (
        <PrimeContractsTable contracts={contracts} />
      )}
    </div>
  );
}
