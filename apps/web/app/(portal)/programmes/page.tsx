import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { unwrap } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Programmes' };
export const dynamic = 'force-dynamic';

export default async function ProgrammesPage() {
  const access = await requireSection('programmes');
  if (!access) return null;
  let programmes;
  try {
    programmes = unwrap(await (await createServerClient()).GET('/programmes')).programmes;
  } catch (error) {
    return (
      <ErrorState title="Programmes could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const me = access.user;
  const canCreate = can(me, POLICIES.programmes.manage);
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={me.organisation.name}
        title="Programmes"
        description={
          me.organisation.kind === 'COMMISSIONER'
            ? 'The programmes you commission: contract areas, payment models and their versions, and the primes you contract.'
            : 'The programmes you hold contracts in, and the payment rules they run on.'
        }
        actions={
          canCreate ? (
            <Link
              href="/programmes/new"
              className="inline-flex items-center justify-center gap-2 rounded-md border-2 border-teal-700 bg-teal-700 px-5 py-2.5 text-base font-semibold text-white shadow-sm hover:bg-teal-800"
            >
              New programme
            </Link>
          ) : undefined
        }
      />
      {programmes.length === 0 ? (
        <p className="rounded-md border border-slate-300 bg-white p-4 text-slate-800">
          {canCreate
            ? 'You have no programmes yet. Start with “New programme”.'
            : 'You hold no contract in a programme yet.'}
        </p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {programmes.map((p) => (
            <li key={p.id} className="rounded-md border border-slate-300 bg-white p-4 shadow-sm">
              <h2 className="text-xl font-semibold">
                <Link
                  href={`/programmes/${p.id}`}
                  className="text-teal-800 underline hover:text-teal-900"
                >
                  {p.name}
                </Link>
              </h2>
              <p className="mt-1 text-slate-700">
                {p.isOwn ? 'Commissioned by you' : `Commissioned by ${p.commissionerName}`} · from{' '}
                {formatDate(p.startsOn)}
                {p.endsOn ? ` to ${formatDate(p.endsOn)}` : ''} · {p.supportPeriodWeeks} weeks of
                support per participant
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
