import type { Metadata } from 'next';
import Link from 'next/link';
import { NumberedPager, pageOfRows } from '@/components/data/numbered-pager';
import { PageHeader } from '@/components/data/page-header';
import { StatusBadge } from '@/components/data/status-badge';
import { FlowChart } from '@/components/dashboard/dashboards';
import { ErrorState } from '@/components/error-state';
import { FlowTable } from '@/components/referrals/flow-table';
import { formatBp, type Flow } from '@/components/referrals/shared';
import { unwrap } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';
import { wordFor } from '@/lib/words';

export const metadata: Metadata = { title: 'Supply chain' };
export const dynamic = 'force-dynamic';

// A commissioner oversees dozens of contracts, each with its flow and every subcontract: a few contracts per page,
// not one page of thousands of rows (a prime's two or three fit on one).
const CONTRACTS_PER_PAGE = 5;

export default async function SupplyChainPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const access = await requireSection('supply-chain');
  if (!access) return null;
  const { page: pageParam } = await searchParams;
  let data;
  try {
    const client = await createServerClient();
    const isDelivery =
      access.user.organisation.kind === 'PRIME' ||
      access.user.organisation.kind === 'SUBCONTRACTOR';
    // Every contract's flow comes from one call over the slice, beside the chain (it does not need it).
    const [chain, { flows }, list, dueDiligence] = await Promise.all([
      client.GET('/supply-chain').then(unwrap),
      client.GET('/supply-chain/flows').then(unwrap),
      client.GET('/subcontracts').then(unwrap),
      isDelivery
        ? client.GET('/supply-chain/due-diligence').then(unwrap)
        : Promise.resolve({ records: [] }),
    ]);
    data = {
      chain,
      subcontracts: list.subcontracts,
      expiring: dueDiligence.records.filter(
        (r) => r.expiry === 'EXPIRING' || r.expiry === 'EXPIRED',
      ),
      flows: new Map<string, Flow>(flows.map((flow) => [flow.primeContractId, flow])),
    };
  } catch (error) {
    return (
      <ErrorState title="The supply chain could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const me = access.user.organisation;
  const isPrimeAdmin = can(access.user, POLICIES.subcontracts.manage);
  const contracts = pageOfRows(
    data.chain.primeContracts,
    typeof pageParam === 'string' ? pageParam : undefined,
    CONTRACTS_PER_PAGE,
  );
  const awaitingMe = data.subcontracts.filter(
    (s) => s.subcontractor.id === me.id && s.status === 'OFFERED',
  );
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={me.name}
        title="Supply chain"
        description="Your subcontractors, their terms, and referrals passed down against what the bid promised."
        actions={
          isPrimeAdmin ? (
            <Link
              href="/supply-chain/subcontracts/new"
              className="inline-flex items-center justify-center gap-2 rounded-md border-2 border-teal-700 bg-teal-700 px-5 py-2.5 text-base font-semibold text-white shadow-sm hover:bg-teal-800"
            >
              New subcontract
            </Link>
          ) : undefined
        }
      />
      {awaitingMe.length > 0 && (
        <div
          role="status"
          className="rounded-md border-l-4 border-amber-600 bg-amber-50 p-4 text-slate-900"
        >
          <p className="font-semibold">Terms awaiting your answer</p>
          <ul className="mt-1 list-disc pl-6">
            {awaitingMe.map((s) => (
              <li key={s.id}>
                <Link
                  href={`/supply-chain/subcontracts/${s.id}`}
                  className="text-teal-800 underline underline-offset-4"
                >
                  {s.primeContract.primeName}: {s.primeContract.programmeName},{' '}
                  {s.primeContract.areaName}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      {data.expiring.length > 0 && (
        <div
          role="status"
          className="rounded-md border-l-4 border-amber-600 bg-amber-50 p-4 text-slate-900"
        >
          <p className="font-semibold">Due-diligence documents expiring or expired</p>
          <ul className="mt-1 list-disc pl-6">
            {data.expiring.map((r) => (
              <li key={r.id}>
                {r.subcontractor.name}: {r.title} — {r.expiry === 'EXPIRED' ? 'expired' : 'expires'}{' '}
                {r.expiresOn ? formatDate(r.expiresOn) : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {data.chain.primeContracts.length === 0 && (
        <p className="text-slate-700">No prime contracts yet.</p>
      )}
      {contracts.rows.map((contract) => {
        const flow = data.flows.get(contract.id);
        const subcontracts = data.subcontracts.filter((s) => s.primeContract.id === contract.id);
        return (
          <section
            key={contract.id}
            aria-labelledby={`contract-${contract.id}`}
            className="space-y-4"
          >
            <h2 id={`contract-${contract.id}`} className="text-xl font-semibold text-navy-900">
              {contract.reference} — {contract.programme.name}
            </h2>
            <p className="text-slate-700">
              {formatDate(contract.startsOn)} to {formatDate(contract.endsOn)} · value cap{' '}
              {formatMoney(contract.valueCapPence)} · allocation policy{' '}
              {wordFor('allocationRule', contract.allocationPolicy).toLowerCase()} ·{' '}
              <Link
                href={`/supply-chain/prime-contracts/${contract.id}/bid-commitments`}
                className="text-teal-800 underline underline-offset-4"
              >
                bid commitments
              </Link>
            </p>
            {flow && (
              <div className="grid gap-4 xl:grid-cols-2">
                <FlowChart reference={contract.reference} flow={flow} />
                <FlowTable reference={contract.reference} flow={flow} />
              </div>
            )}
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="px-4 pt-3 text-left font-semibold text-navy-900">
                  {contract.reference}: subcontracts
                </caption>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className="px-3 py-2 text-left">
                      Subcontractor
                    </th>
                    <th scope="col" className="px-3 py-2 text-left">
                      State
                    </th>
                    <th scope="col" className="px-3 py-2 text-left">
                      Tier
                    </th>
                    <th scope="col" className="px-3 py-2 text-left">
                      Terms
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      Management fee
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      Paid within
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      Caseload / capacity
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {subcontracts.length === 0 && (
                    <tr>
                      <td colSpan={7} className="px-3 py-3 text-slate-700">
                        No subcontracts yet.
                      </td>
                    </tr>
                  )}
                  {subcontracts.map((subcontract) => (
                    <tr key={subcontract.id}>
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        <Link
                          href={`/supply-chain/subcontracts/${subcontract.id}`}
                          className="text-teal-800 underline underline-offset-4"
                        >
                          {subcontract.subcontractor.name}
                        </Link>
                      </th>
                      <td className="px-3 py-2">
                        <StatusBadge status={subcontract.status} />
                        {subcontract.hasPendingVariation && (
                          <span className="ml-2 text-xs text-amber-900">
                            variation awaiting answer
                          </span>
                        )}
                        {(subcontract.status === 'ENDED' || subcontract.status === 'SUSPENDED') &&
                          subcontract.statusReason && (
                            <span className="block text-xs text-slate-700">
                              {subcontract.statusSince
                                ? `${formatDate(subcontract.statusSince)}: `
                                : ''}
                              {subcontract.statusReason}
                            </span>
                          )}
                      </td>
                      <td className="px-3 py-2">{wordFor('subcontractTier', subcontract.tier)}</td>
                      <td className="px-3 py-2">
                        {subcontract.terms.description.slice(1, 2).join('') ||
                          wordFor('termsKind', subcontract.terms.kind)}
                      </td>
                      <td className="px-3 py-2 text-right tabular-nums">
                        {formatBp(subcontract.terms.managementFeeBp)}
                      </td>
                      <td className="px-3 py-2 text-right tabular-nums">
                        {subcontract.terms.paymentSlaDays} days
                      </td>
                      <td className="px-3 py-2 text-right tabular-nums">
                        {subcontract.caseload} / {subcontract.capacity ?? '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {data.chain.primeContracts.length > CONTRACTS_PER_PAGE && (
        <NumberedPager
          path="/supply-chain"
          params={{}}
          page={contracts.page}
          pageSize={CONTRACTS_PER_PAGE}
          total={data.chain.primeContracts.length}
          noun={['prime contract', 'prime contracts']}
        />
      )}
    </div>
  );
}
