import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/data/page-header';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { formatBp } from '@/components/referrals/shared';
import { SubcontractActions } from '@/components/supply-chain/subcontract-actions';
import type { SubcontractDetail } from '@/components/supply-chain/shared';
import { VariationAnswer, VariationForm } from '@/components/supply-chain/variation';
import { DueDiligenceForm } from '@/components/supply-chain/due-diligence-form';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDate, formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { wordFor } from '@/lib/words';

export const metadata: Metadata = { title: 'Subcontract' };
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

export default async function SubcontractPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('supply-chain');
  if (!access) return null;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  let detail: SubcontractDetail;
  let targets: { value: string; label: string }[] = [];
  let dueDiligence: {
    id: string;
    title: string;
    kind: string;
    reference: string | null;
    checkedOn: string;
    expiresOn: string | null;
    expiry: string;
    daysLeft: number | null;
  }[] = [];
  try {
    const client = await createServerClient();
    detail = unwrap(await client.GET('/subcontracts/{id}', { params: { path: { id } } }));
    const chain = unwrap(
      await client.GET('/subcontracts', {
        params: { query: { primeContractId: detail.subcontract.primeContract.id } },
      }),
    );
    const kind = access.user.organisation.kind;
    if (kind === 'PRIME' || kind === 'SUBCONTRACTOR') {
      dueDiligence = unwrap(
        await client.GET('/supply-chain/due-diligence', {
          params: { query: { subcontractorId: detail.subcontract.subcontractor.id } },
        }),
      ).records;
    }
    targets = chain.subcontracts
      .filter((s) => s.id !== id && s.status === 'ACTIVE')
      .map((s) => ({ value: s.id, label: s.subcontractor.name }));
  } catch (error) {
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 403)
    )
      notFound();
    return (
      <ErrorState title="This subcontract could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { subcontract, termsVersions, transitions } = detail;
  const me = access.user.organisation.id;
  const party =
    subcontract.subcontractor.id === me
      ? 'SUBCONTRACTOR'
      : access.user.organisation.kind === 'PRIME'
        ? 'PRIME'
        : 'OTHER';
  const offered = termsVersions.find((v) => v.version === 1 && v.status === 'PROPOSED');
  const variation = termsVersions.find((v) => v.version > 1 && v.status === 'PROPOSED');
  const canVary =
    party === 'PRIME' &&
    access.user.roles.includes('ADMIN') &&
    !variation &&
    ['ACCEPTED', 'ACTIVE', 'SUSPENDED'].includes(subcontract.status);
  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={`${subcontract.primeContract.programmeName} · ${subcontract.primeContract.areaName}`}
        title={`${subcontract.subcontractor.name} under ${subcontract.primeContract.primeName}`}
        description={
          <span className="inline-flex items-center gap-2">
            <StatusBadge status={subcontract.status} />{' '}
            {wordFor('subcontractTier', subcontract.tier)} subcontract, contract{' '}
            {subcontract.primeContract.reference}
          </span>
        }
        actions={
          <Link href="/supply-chain" className="text-teal-800 underline underline-offset-4">
            Back to the supply chain
          </Link>
        }
      />
      {party === 'SUBCONTRACTOR' && subcontract.status === 'OFFERED' && (
        <div
          role="status"
          className="rounded-md border-l-4 border-amber-600 bg-amber-50 p-4 text-slate-900"
        >
          <p>
            {subcontract.primeContract.primeName} offers you these terms. Nothing is in force until
            your organisation&rsquo;s admin accepts them.
          </p>
        </div>
      )}
      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-6 sm:grid-cols-2 lg:grid-cols-4">
        <Fact term="Starts">{formatDate(subcontract.startsOn)}</Fact>
        <Fact term="Ends">
          {subcontract.endsOn ? formatDate(subcontract.endsOn) : 'Open-ended'}
        </Fact>
        {subcontract.statusReason &&
          (subcontract.status === 'ENDED' || subcontract.status === 'SUSPENDED') && (
            <Fact term={subcontract.status === 'ENDED' ? 'Why it ended' : 'Why it is suspended'}>
              {subcontract.statusReason}
            </Fact>
          )}
        <Fact term="Capacity">
          {subcontract.capacity === null ? 'No limit' : `${subcontract.capacity} participants`}
        </Fact>
        <Fact term="Caseload now">{subcontract.caseload} participants</Fact>
        <Fact term="Groups served">
          {subcontract.groupsServed.length === 0
            ? 'Every group'
            : subcontract.groupsServed.join(', ')}
        </Fact>
        <Fact term="Specialisms">
          {subcontract.specialisms.length === 0
            ? 'None recorded'
            : subcontract.specialisms.map((code) => wordFor('specialism', code)).join(', ')}
        </Fact>
        <Fact term="Management fee">{formatBp(subcontract.terms.managementFeeBp)}</Fact>
        <Fact term="Paid within">{subcontract.terms.paymentSlaDays} days</Fact>
      </dl>
      <section aria-labelledby="terms-title" className="space-y-3">
        <h2 id="terms-title" className="text-xl font-semibold text-navy-900">
          {offered ? 'Terms on offer' : 'Terms in force now'}
        </h2>
        <ul className="list-disc space-y-1 pl-6 text-slate-900">
          {subcontract.terms.description.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <SubcontractActions
        id={subcontract.id}
        status={subcontract.status}
        party={party}
        allowed={subcontract.allowedMoves}
        targets={targets}
      />
      {variation && (
        <section
          aria-labelledby="variation-title"
          className="space-y-3 rounded-md border-l-4 border-amber-600 bg-amber-50 p-4"
        >
          <h2 id="variation-title" className="text-xl font-semibold text-navy-900">
            Variation awaiting {party === 'SUBCONTRACTOR' ? 'your answer' : 'the subcontractor'}
          </h2>
          <p>
            From {formatDate(variation.effectiveFrom)}, proposed by{' '}
            {variation.proposedBy ?? 'the prime'}
            {variation.reason ? ` — ${variation.reason}` : ''}:
          </p>
          <ul className="list-disc pl-6">
            {variation.changes.map((change) => (
              <li key={change.item}>
                {change.item}: {change.before ?? 'none'} → <strong>{change.after ?? 'none'}</strong>
              </li>
            ))}
          </ul>
          {access.user.roles.includes('ADMIN') &&
            (party === 'SUBCONTRACTOR' || party === 'PRIME') && (
              <VariationAnswer
                subcontractId={subcontract.id}
                version={variation.version}
                side={party}
              />
            )}
        </section>
      )}
      {canVary && (
        <VariationForm
          subcontractId={subcontract.id}
          current={{
            kind: subcontract.terms.kind,
            figures: subcontract.terms.figures,
            managementFeeBp: subcontract.terms.managementFeeBp,
            paymentSlaDays: subcontract.terms.paymentSlaDays,
          }}
        />
      )}
      {(party === 'PRIME' || party === 'SUBCONTRACTOR') && (
        <section aria-labelledby="due-diligence-title" className="space-y-3">
          <h2 id="due-diligence-title" className="text-xl font-semibold text-navy-900">
            Due diligence
          </h2>
          {dueDiligence.length === 0 ? (
            <p className="text-slate-700">No documents or checks recorded yet.</p>
          ) : (
            <ul className="space-y-2">
              {dueDiligence.map((record) => (
                <li
                  key={record.id}
                  className="rounded-md border border-slate-200 bg-white px-4 py-2"
                >
                  <StatusBadge status={record.expiry} /> <strong>{record.title}</strong> (
                  {wordFor('dueDiligenceKind', record.kind).toLowerCase()}
                  {record.reference ? `, ${record.reference}` : ''}) — checked{' '}
                  {formatDate(record.checkedOn)}
                  {record.expiresOn
                    ? record.expiry === 'EXPIRED'
                      ? `; expired ${formatDate(record.expiresOn)}`
                      : `; expires ${formatDate(record.expiresOn)}${record.expiry === 'EXPIRING' ? ` (in ${record.daysLeft ?? 0} days)` : ''}`
                    : '; does not expire'}
                </li>
              ))}
            </ul>
          )}
          {party === 'PRIME' && access.user.roles.includes('ADMIN') && (
            <DueDiligenceForm subcontractorId={subcontract.subcontractor.id} />
          )}
        </section>
      )}
      <section aria-labelledby="versions-title" className="space-y-3">
        <h2 id="versions-title" className="text-xl font-semibold text-navy-900">
          Terms history
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Every version of the terms, newest last</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2 text-left">
                  Version
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  State
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  In force
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  What changed
                </th>
                <th scope="col" className="px-3 py-2 text-left">
                  Proposed / decided
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {termsVersions.map((version) => (
                <tr key={version.version} className="align-top">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {version.version}
                  </th>
                  <td className="px-3 py-2">
                    <StatusBadge status={version.status} />
                  </td>
                  <td className="px-3 py-2">
                    from {formatDate(version.effectiveFrom)}
                    {version.effectiveTo ? ` to ${formatDate(version.effectiveTo)}` : ''}
                  </td>
                  <td className="px-3 py-2">
                    {version.changes.length === 0 ? (
                      <span>First terms{version.reason ? ` — ${version.reason}` : ''}</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {version.changes.map((change) => (
                          <li key={change.item}>
                            {change.item}: {change.before ?? 'none'} →{' '}
                            <strong>{change.after ?? 'none'}</strong>
                          </li>
                        ))}
                        {version.reason && (
                          <li className="text-slate-600">Why: {version.reason}</li>
                        )}
                      </ul>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {version.proposedBy ?? 'Set up'} {formatDateTime(version.proposedAt)}
                    {version.decidedAt && (
                      <>
                        <br />
                        {humanise(version.status)} by {version.decidedBy ?? 'the platform'}{' '}
                        {formatDateTime(version.decidedAt)}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="history-title" className="space-y-3">
        <h2 id="history-title" className="text-xl font-semibold text-navy-900">
          History
        </h2>
        {transitions.length === 0 ? (
          <p className="text-slate-700">Set up before the lifecycle was recorded.</p>
        ) : (
          <ol className="space-y-2">
            {transitions.map((t) => (
              <li
                key={`${t.at}-${t.to}`}
                className="rounded-md border border-slate-200 bg-white px-4 py-2"
              >
                <strong>{humanise(t.to)}</strong> on {formatDate(t.effectiveOn)} by{' '}
                {t.by ?? 'the platform'}
                {t.byOrganisation ? ` (${t.byOrganisation})` : ''}
                {t.reason ? <span className="block text-slate-700">Reason: {t.reason}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
