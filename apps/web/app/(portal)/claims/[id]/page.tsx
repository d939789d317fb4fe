import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ClaimActions } from '@/components/claims/claim-actions';
import { EvidencePanel } from '@/components/claims/evidence-panel';
import { EvidenceRequirement } from '@/components/claims/evidence-requirement';
import { QueryThread } from '@/components/claims/query-thread';
import { PageHeader } from '@/components/data/page-header';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { subcontractName } from '@/components/money/shared';
import {
  CLAIM_TRANSITIONS,
  whyOverrideCannotBeWithdrawn,
  type ClaimStatus,
  type PartyRelation,
} from '@waymark/domain';
import { ApiProblemError, unwrap } from '@/lib/api';
import { wordFor } from '@/lib/words';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatDateTime, formatMoney, formatPerson } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Claim' };
export const dynamic = 'force-dynamic';

/** Who acts next on a claim and what they do, read from the claim rules (the domain's CLAIM_TRANSITIONS). */
function waitingFor(
  status: ClaimStatus,
  names: Record<PartyRelation, string>,
  reader: { kind: string; roles: readonly string[] },
): string {
  const next = CLAIM_TRANSITIONS.filter((rule) => rule.from === status && rule.to !== 'WITHDRAWN');
  const first = next[0]?.allowed[0];
  if (status === 'PAID' || !first)
    return status === 'PAID'
      ? 'Paid: nothing more to do on this claim.'
      : 'Nobody needs to act on this claim now.';
  const roles = first.roles.includes('FINANCE')
    ? 'finance'
    : first.roles.map((role) => wordFor('role', role).toLowerCase()).join(' or ');
  // "prime approves" → "approve": the rule's description in the infinitive after "to".
  const infinitive = (description: string) =>
    description.replace(
      /^(prime|commissioner|subcontractor) (\w+?)(ies|s)\b/,
      (_m, _party: string, stem: string, ending: string) => (ending === 'ies' ? `${stem}y` : stem),
    );
  const actions = [
    ...new Set(
      next.map((rule) =>
        infinitive(rule.description).replace('paid by remittance', 'pay it in a remittance'),
      ),
    ),
  ];
  const said =
    actions.length > 1
      ? `${actions.slice(0, -1).join(', ')} or ${actions.at(-1) ?? ''}`
      : (actions[0] ?? '');
  // The next step may be the reader's own, taken on another screen (prime finance submits to the commissioner in a batch from the inbox).
  if (first.party === reader.kind && first.roles.some((role) => reader.roles.includes(role)))
    return `Next for you: ${said}, from the claims inbox.`;
  return `Waiting for ${names[first.party]} ${roles} to ${said}.`;
}

export default async function ClaimPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('claims');
  if (!access) return null;
  const { id } = await params;
  const client = await createServerClient();
  let data;
  try {
    const [claim, evidence, queries, chain] = await Promise.all([
      client.GET('/claims/{id}', { params: { path: { id } } }).then(unwrap),
      client.GET('/claims/{id}/evidence', { params: { path: { id } } }).then(unwrap),
      client.GET('/claims/{id}/queries', { params: { path: { id } } }).then(unwrap),
      client.GET('/supply-chain').then(unwrap),
    ]);
    data = { claim: claim.claim, evidence: evidence.evidence, queries: queries.queries, chain };
  } catch (error) {
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 400)
    )
      notFound();
    return (
      <ErrorState title="This claim could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { claim } = data;
  const contract = data.chain.primeContracts.find((item) => item.id === claim.primeContractId);
  // Once an override was withdrawn, the evidence may be owed at a later status too (PRIME_APPROVED, with the commissioner).
  const canUpload =
    can(access.user, POLICIES.claims.addEvidence) &&
    (['DRAFT', 'SUBMITTED', 'PRIME_QUERIED', 'QUERIED'].includes(claim.status) ||
      (claim.evidence.isMissing && whyOverrideCannotBeWithdrawn(claim.status) === null));
  const canOverrideEvidence =
    can(access.user, POLICIES.claims.overrideEvidence) &&
    ['DRAFT', 'PRIME_QUERIED'].includes(claim.status);
  const canWithdrawEvidenceOverride =
    can(access.user, POLICIES.claims.withdrawEvidenceOverride) &&
    whyOverrideCannotBeWithdrawn(claim.status) === null;

  return (
    <div className="space-y-8">
      <p>
        <Link href="/claims" className="text-teal-800 underline underline-offset-4">
          ← Claims inbox
        </Link>
      </p>
      <PageHeader
        eyebrow={`Claim · ${contract?.reference ?? 'Prime contract'}`}
        title={`${claim.milestoneName}${claim.occurrence > 1 ? ` #${claim.occurrence}` : ''} for ${claim.participantReference}`}
        description={<StatusBadge status={claim.status} />}
        actions={
          <Link
            href={`/claims/${claim.id}/audit`}
            className="rounded border border-slate-300 px-3 py-2 text-sm font-medium text-navy-900 hover:bg-slate-50"
          >
            Audit trail of this claim
          </Link>
        }
      />
      <section
        aria-labelledby="claim-facts"
        className="rounded-lg border border-slate-200 bg-white p-5"
      >
        <h2 id="claim-facts" className="sr-only">
          Claim details
        </h2>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {[
            ['Participant reference', claim.participantReference],
            ['Milestone', claim.milestoneName],
            ['Milestone date', formatDate(claim.milestoneOn)],
            ['Amount', formatMoney(claim.amountPence)],
            ['Priced under', claim.pricedUnder],
            ['Provider', subcontractName(data.chain, claim.subcontractId)],
            ['Submitted', formatDateTime(claim.submittedAt, 'Not yet')],
            ['Clawed back', formatMoney(claim.clawedBackPence)],
          ].map(([label, value]) => (
            <div key={label}>
              <dt className="text-sm text-slate-700">{label}</dt>
              <dd className="font-semibold text-navy-900 tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        {claim.dataMatch && (
          <p className="mt-4 text-sm text-slate-800">
            <StatusBadge status={claim.dataMatch.outcome} /> Earnings data match:{' '}
            {claim.dataMatch.reason}
          </p>
        )}
      </section>

      <EvidenceRequirement
        claimId={claim.id}
        evidence={claim.evidence}
        canOverride={canOverrideEvidence}
        canWithdrawOverride={canWithdrawEvidenceOverride}
      />

      <ClaimActions
        claimId={claim.id}
        version={claim.version}
        allowed={claim.allowedTransitions}
        waitingFor={waitingFor(
          claim.status,
          {
            SUBCONTRACTOR: claim.subcontractId
              ? subcontractName(data.chain, claim.subcontractId)
              : (contract?.prime.name ?? 'the prime provider'),
            PRIME: contract?.prime.name ?? 'the prime provider',
            COMMISSIONER: 'the commissioner’s',
            REFERRAL_PARTNER: 'the referral partner',
          },
          { kind: access.user.organisation.kind, roles: access.user.roles },
        )}
      />

      <div className="grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="timeline-title" className="space-y-3">
          <h2 id="timeline-title" className="text-xl font-semibold text-navy-900">
            Timeline
          </h2>
          <ol className="space-y-3 border-l-2 border-slate-300 pl-5">
            {claim.transitions.map((step, index) => (
              <li key={`${step.at}-${index}`} className="relative">
                <span
                  aria-hidden="true"
                  className="absolute top-1.5 -left-[27px] h-3 w-3 rounded-full bg-teal-700"
                />
                <p className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={step.toStatus} />
                  <time dateTime={step.at} className="text-sm text-slate-700">
                    {formatDateTime(step.at)}
                  </time>
                </p>
                <p className="text-sm text-slate-700">
                  {step.fromStatus ? `From ${humanise(step.fromStatus)}` : 'Created'}
                  {` · by ${formatPerson(step.by)}`}
                </p>
                {step.reason && <p className="text-sm text-slate-900">“{step.reason}”</p>}
              </li>
            ))}
          </ol>
        </section>
        <QueryThread queries={data.queries} organisationId={access.user.organisation.id} />
      </div>

      <EvidencePanel claimId={claim.id} evidence={data.evidence} canUpload={canUpload} />
    </div>
  );
}
