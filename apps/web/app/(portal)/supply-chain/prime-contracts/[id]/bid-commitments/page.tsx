import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/data/page-header';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { formatBp } from '@/components/referrals/shared';
import {
  BidCommitmentForm,
  BidProposalActions,
  SpecialistMinimumForm,
} from '@/components/supply-chain/bid-commitment-form';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDateTime, formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Bid commitments' };
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function BidCommitmentsPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('supply-chain');
  if (!access) return null;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const kind = access.user.organisation.kind;
  const isAdmin = access.user.roles.includes('ADMIN');
  const canRecord = can(access.user, POLICIES.supplyChain.recordBidCommitment);
  let data;
  try {
    const client = await createServerClient();
    const [commitments, subcontractors] = await Promise.all([
      client
        .GET('/supply-chain/prime-contracts/{id}/bid-commitments', { params: { path: { id } } })
        .then(unwrap),
      canRecord ? client.GET('/subcontracts/subcontractors').then(unwrap) : Promise.resolve(null),
    ]);
    data = { commitments, subcontractors };
  } catch (error) {
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 403)
    )
      notFound();
    return (
      <ErrorState title="The bid commitments could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { commitments } = data;
  const subcontractorOptions = (data.subcontractors?.subcontractors ?? []).map((s) => ({
    value: s.id,
    label: s.name,
  }));
  const pending = commitments.versions.filter((v) => v.status === 'PROPOSED');
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={commitments.primeContract.name}
        title="Bid commitments"
        description="What the prime's bid promised each subcontractor, and what each has received so far. A bid cannot promise more than the whole contract."
        actions={
          <Link href="/supply-chain" className="text-teal-800 underline underline-offset-4">
            Back to the supply chain
          </Link>
        }
      />
      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-6 sm:grid-cols-3">
        <div>
          <dt className="text-sm font-medium text-slate-600">Referrals promised</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            {formatBp(commitments.totals.plannedReferralShareBp)}
          </dd>
        </div>
        <div>
          <dt className="text-sm font-medium text-slate-600">Money promised</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            {formatBp(commitments.totals.plannedSpendShareBp)}
          </dd>
        </div>
        <div>
          <dt className="text-sm font-medium text-slate-600">Money promised to specialists</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            {formatBp(commitments.totals.specialistSpendShareBp)}
          </dd>
        </div>
      </dl>
      <section
        aria-labelledby="specialist-title"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-6"
      >
        <h2 id="specialist-title" className="text-xl font-semibold text-navy-900">
          Specialist provision
        </h2>
        <p>
          {commitments.specialistShare.minimumBp === null
            ? 'The commissioner has set no minimum share for specialists.'
            : `The commissioner requires at least ${formatBp(commitments.specialistShare.minimumBp)} of the money to go to specialist provision.`}{' '}
          The bid promises {formatBp(commitments.specialistShare.plannedBp)}; specialists have
          received {formatBp(commitments.specialistShare.deliveredBp)} of what was passed down.
        </p>
        {(commitments.specialistShare.isPlannedBelowMinimum ||
          commitments.specialistShare.isDeliveredBelowMinimum) && (
          <p
            role="alert"
            className="rounded-md border-l-4 border-red-700 bg-red-50 p-3 font-semibold text-red-900"
          >
            Below the minimum:{' '}
            {commitments.specialistShare.isPlannedBelowMinimum
              ? 'the bid promises specialists less than required'
              : ''}
            {commitments.specialistShare.isPlannedBelowMinimum &&
            commitments.specialistShare.isDeliveredBelowMinimum
              ? '; '
              : ''}
            {commitments.specialistShare.isDeliveredBelowMinimum
              ? 'specialists have been paid less than required'
              : ''}
            .
          </p>
        )}
        {kind === 'COMMISSIONER' && isAdmin && (
          <SpecialistMinimumForm
            primeContractId={id}
            currentBp={commitments.specialistShare.minimumBp}
          />
        )}
      </section>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="px-4 pt-3 text-left font-semibold text-navy-900">
            Promised against delivered
          </caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="px-3 py-2 text-left">
                Subcontractor
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Referrals promised
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Referrals received
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Money promised
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Money passed down
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {commitments.commitments.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-3 text-slate-700">
                  No commitments recorded yet.
                </td>
              </tr>
            )}
            {commitments.commitments.map((c) => (
              <tr key={c.subcontractor.id}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {c.subcontractor.name}
                  {c.specialistProvision && (
                    <span className="ml-2 text-xs font-normal text-slate-600">specialist</span>
                  )}
                </th>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatBp(c.plannedReferralShareBp)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatBp(c.delivered.referralShareBp)} ({c.delivered.referralsReceived})
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatBp(c.plannedSpendShareBp)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatBp(c.delivered.spendShareBp)} ({formatMoney(c.delivered.passedDownPence)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pending.length > 0 && (
        <section aria-labelledby="pending-title" className="space-y-3">
          <h2 id="pending-title" className="text-xl font-semibold text-navy-900">
            Proposals awaiting the commissioner
          </h2>
          <ul className="space-y-2">
            {pending.map((v) => (
              <li
                key={`${v.subcontractor.id}-${v.version}`}
                className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-3"
              >
                <p>
                  <strong>{v.subcontractor.name}</strong>: referrals{' '}
                  {formatBp(v.plannedReferralShareBp)}, money {formatBp(v.plannedSpendShareBp)}
                  {v.specialistProvision ? ', specialist provision' : ''} — proposed by{' '}
                  {v.proposedBy ?? 'the prime'} {formatDateTime(v.proposedAt)}
                  {v.reason ? ` (${v.reason})` : ''}
                </p>
                {kind === 'COMMISSIONER' && isAdmin && (
                  <BidProposalActions
                    primeContractId={id}
                    subcontractorId={v.subcontractor.id}
                    version={v.version}
                    subcontractorName={v.subcontractor.name}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {canRecord && (
        <BidCommitmentForm
          primeContractId={id}
          subcontractors={subcontractorOptions}
          isProposal={kind === 'PRIME'}
        />
      )}
      <section aria-labelledby="history-title" className="space-y-3">
        <h2 id="history-title" className="text-xl font-semibold text-navy-900">
          Every version
        </h2>
        <ol className="space-y-2">
          {commitments.versions.map((v) => (
            <li
              key={`${v.subcontractor.id}-${v.version}`}
              className="rounded-md border border-slate-200 bg-white px-4 py-2"
            >
              <StatusBadge status={v.status} /> <strong>{v.subcontractor.name}</strong> version{' '}
              {v.version}: referrals {formatBp(v.plannedReferralShareBp)}, money{' '}
              {formatBp(v.plannedSpendShareBp)}
              <span className="block text-slate-700">
                {v.proposedBy
                  ? `Proposed by ${v.proposedBy} ${formatDateTime(v.proposedAt)}`
                  : 'Recorded with the contract'}
                {v.decidedBy
                  ? `; ${v.status.toLowerCase()} by ${v.decidedBy} ${formatDateTime(v.decidedAt)}`
                  : ''}
                {v.reason ? ` — ${v.reason}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
