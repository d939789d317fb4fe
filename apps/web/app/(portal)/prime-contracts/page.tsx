import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { unwrap } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Prime contracts' };
export const dynamic = 'force-dynamic';

const th = 'px-3 py-2 text-left font-semibold text-navy-900';
const td = 'px-3 py-2 align-top';

export default async function PrimeContractsPage() {
  const access = await requireSection('prime-contracts');
  if (!access) return null;
  let programmes;
  try {
    const client = await createServerClient();
    const list = unwrap(await client.GET('/programmes')).programmes.filter((p) => p.isOwn);
    programmes = await Promise.all(list.map(async (p) => unwrap(await client.GET('/programmes/{id}', { params: { path: { id: p.id } } })).programme));
  } catch (error) {
    return (
      <ErrorState title="Prime contracts could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const contracts = programmes.flatMap((p) => p.primeContracts.map((c) => ({ ...c, programmeId: p.id, programmeName: p.name })));
  return (
    <div className="space-y-6">
      <PageHeader eyebrow={access.user.organisation.name} title="Prime contracts" description="Every prime you have contracted, by programme. Contract a new prime from the programme’s page." />
      {contracts.length === 0 ? (
        <p className="rounded-md border border-slate-300 bg-white p-4">
          No prime is contracted yet. Open a <Link href="/programmes" className="text-teal-800 underline">programme</Link> to contract one.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-300 bg-white text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className={th}>Reference</th>
                <th scope="col" className={th}>Programme</th>
                <th scope="col" className={th}>Prime</th>
                <th scope="col" className={th}>Area</th>
                <th scope="col" className={th}>Payment model</th>
                <th scope="col" className={`${th} text-right`}>Value cap</th>
                <th scope="col" className={th}>Runs</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {contracts.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className={`${td} font-semibold`}>{c.reference}</th>
                  <td className={td}>
                    <Link href={`/programmes/${c.programmeId}`} className="text-teal-800 underline">
                      {c.programmeName}
                    </Link>
                  </td>
                  <td className={td}>{c.primeName}</td>
                  <td className={td}>{c.contractAreaName}</td>
                  <td className={td}>{c.paymentModelName}</td>
                  <td className={`${td} text-right tabular-nums`}>{formatMoney(c.valueCapPence)}</td>
                  <td className={td}>
                    {formatDate(c.startsOn)} to {formatDate(c.endsOn)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
