import type { Metadata } from 'next';
import { PageHeader } from '@/components/data/page-header';
import { humanise } from '@/components/data/status-badge';
import { FlowChart } from '@/components/dashboard/dashboards';
import { ErrorState } from '@/components/error-state';
import { FlowTable } from '@/components/referrals/flow-table';
import { formatBp, type Flow } from '@/components/referrals/shared';
import { unwrap } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Supply chain' };
export const dynamic = 'force-dynamic';

export default async function SupplyChainPage() {
  const access = await requireSection('supply-chain');
  if (!access) return null;
  let data;
  try {
    const client = await createServerClient();
    const chain = unwrap(await client.GET('/supply-chain'));
    const flows = await Promise.all(
      chain.primeContracts.map(async (contract) => unwrap(await client.GET('/supply-chain/prime-contracts/{id}/flow', { params: { path: { id: contract.id } } }))),
    );
    data = { chain, flows: new Map<string, Flow>(flows.map((flow) => [flow.primeContractId, flow])) };
  } catch (error) {
    return (
      <ErrorState title="The supply chain could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  return (
    <div className="space-y-8">
      <PageHeader eyebrow={access.user.organisation.name} title="Supply chain" description="Your subcontractors, their terms, and referrals passed down against what the bid promised." />
      {data.chain.primeContracts.length === 0 && <p className="text-slate-700">No prime contracts yet.</p>}
      {data.chain.primeContracts.map((contract) => {
        const flow = data.flows.get(contract.id);
        return (
          <section key={contract.id} aria-labelledby={`contract-${contract.id}`} className="space-y-4">
            <h2 id={`contract-${contract.id}`} className="text-xl font-semibold text-navy-900">
              {contract.reference} — {contract.programme.name}
            </h2>
            <p className="text-slate-700">
              {formatDate(contract.startsOn)} to {formatDate(contract.endsOn)} · value cap {formatMoney(contract.valueCapPence)} · allocation policy{' '}
              {humanise(contract.allocationPolicy).toLowerCase()}
            </p>
            {flow && (
              <div className="grid gap-4 xl:grid-cols-2">
                <FlowChart reference={contract.reference} flow={flow} />
                <FlowTable reference={contract.reference} flow={flow} />
              </div>
            )}
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="px-4 pt-3 text-left font-semibold text-navy-900">{contract.reference}: subcontracts</caption>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className="px-3 py-2 text-left">Subcontractor</th>
                    <th scope="col" className="px-3 py-2 text-left">Tier</th>
                    <th scope="col" className="px-3 py-2 text-left">Terms</th>
                    <th scope="col" className="px-3 py-2 text-right">Management fee</th>
                    <th scope="col" className="px-3 py-2 text-right">Payment SLA</th>
                    <th scope="col" className="px-3 py-2 text-right">Capacity</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {contract.subcontracts.map((subcontract) => (
                    <tr key={subcontract.id}>
                      <th scope="row" className="px-3 py-2 text-left font-medium">{subcontract.subcontractorName}</th>
                      <td className="px-3 py-2">{humanise(subcontract.tier)}</td>
                      <td className="px-3 py-2">{humanise(subcontract.termsKind)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{formatBp(subcontract.managementFeeBp)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{subcontract.paymentSlaDays} days</td>
                      <td className="px-3 py-2 text-right tabular-nums">{subcontract.capacity ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
