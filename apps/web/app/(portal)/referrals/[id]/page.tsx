import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import {
  DraftClaimButton,
  LogActivityForm,
  NeedsAssessmentForm,
} from '@/components/caseload/journey-forms';
import { PageHeader } from '@/components/data/page-header';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { subcontractName, type SupplyChain } from '@/components/money/shared';
import { ReferralActions } from '@/components/referrals/referral-actions';
import type { Forecast, NeedsHistory, Timeline } from '@/components/referrals/shared';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDate, formatDateTime, formatMoney, formatPerson } from '@/lib/format';
import { wordFor } from '@/lib/words';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Participant' };
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

export default async function ParticipantPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('referrals');
  if (!access) return null;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const kind = access.user.organisation.kind;
  const client = await createServerClient();

  let referralResult;
  try {
    referralResult = unwrap(await client.GET('/referrals/{id}', { params: { path: { id } } }));
  } catch (error) {
    // Not in your slice is not found: the API answers 404, and so do we.
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 403)
    )
      notFound();
    return (
      <ErrorState title="This referral could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const referral = referralResult.referral;
  const isDelivering = kind === 'SUBCONTRACTOR' || kind === 'PRIME';
  const hasJourney = referral.status === 'ATTACHED' || referral.status === 'EXITED';

  const [timeline, forecast, needs, chain] = await Promise.all([
    client
      .GET('/referrals/{id}/timeline', { params: { path: { id } } })
      .then(unwrap)
      .catch(() => null as Timeline | null),
    hasJourney
      ? client
          .GET('/referrals/{id}/forecast', { params: { path: { id } } })
          .then(unwrap)
          .catch(() => null as Forecast | null)
      : Promise.resolve(null),
    isDelivering
      ? client
          .GET('/referrals/{id}/needs-assessments', { params: { path: { id } } })
          .then(unwrap)
          .catch(() => null as NeedsHistory | null)
      : Promise.resolve(null),
    kind === 'REFERRAL_PARTNER'
      ? Promise.resolve(null)
      : client
          .GET('/supply-chain')
          .then(unwrap)
          .catch(() => null as SupplyChain | null),
  ]);
  const subcontracts =
    chain?.primeContracts
      .find((contract) => contract.id === referral.primeContractId)
      ?.subcontracts.map((subcontract) => ({
        value: subcontract.id,
        label: subcontract.subcontractorName,
      })) ?? [];
  // What can be claimed now is what the forecast prices as claimable now: paid milestones only, each with its amount.
  const claimable =
    forecast?.forecast
      .filter((item) => item.basis === 'CLAIMABLE_NOW')
      .map((item) => ({
        ...item,
        claimDeadline:
          forecast.milestones.find((m) => m.code === item.code && m.occurrence === item.occurrence)
            ?.claimDeadline ?? null,
      })) ?? [];
  const upcoming = forecast?.milestones.filter((milestone) => milestone.status === 'NOT_YET') ?? [];
  const canWorkJourney =
    can(access.user, POLICIES.activities.record) && referral.status === 'ATTACHED';

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link
          href={kind === 'SUBCONTRACTOR' ? '/caseload' : '/referrals'}
          className="text-teal-800 underline underline-offset-4"
        >
          {kind === 'SUBCONTRACTOR' ? 'Caseload' : 'Referrals'}
        </Link>
      </nav>
      <p className="text-sm">
        <Link
          href={`/referrals/${referral.id}/audit`}
          className="text-teal-800 underline underline-offset-4"
        >
          Audit trail of this referral
        </Link>
      </p>
      <PageHeader
        eyebrow="Participant"
        title={referral.participant.reference}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={referral.status} /> Received {formatDate(referral.receivedAt)}
            {referral.subcontractId && chain
              ? ` · ${subcontractName(chain, referral.subcontractId)}`
              : ''}
          </span>
        }
        actions={
          <ReferralActions
            referralId={referral.id}
            participantReference={referral.participant.reference}
            organisationKind={kind}
            status={referral.status}
            version={referral.version}
            subcontracts={subcontracts}
            size="md"
          />
        }
      />

      <section
        aria-labelledby="facts-title"
        className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="facts-title" className="sr-only">
          About this referral
        </h2>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Fact term="National Insurance number">{referral.participant.niNumber}</Fact>
          <Fact term="Date of birth">
            {referral.participant.dateOfBirth ? formatDate(referral.participant.dateOfBirth) : '—'}
          </Fact>
          <Fact term="Benefit type">
            {wordFor('benefitType', referral.participant.benefitType)}
          </Fact>
          <Fact term="Payment group">
            {referral.paymentGroupName ?? referral.paymentGroup ?? 'Not assessed yet'}
          </Fact>
          <Fact term="Your reference">{referral.externalReference ?? '—'}</Fact>
          <Fact term="Attached">{referral.attachedOn ? formatDate(referral.attachedOn) : '—'}</Fact>
          {referral.allocationRule && (
            <Fact term="Allocated by">
              {wordFor('allocationRule', referral.allocationRule)}
              {referral.allocationReason ? `: ${referral.allocationReason}` : ''}
            </Fact>
          )}
          {referral.exitReason && <Fact term="Exit reason">{referral.exitReason}</Fact>}
          {referral.participant.specialCategory?.health && (
            <Fact term="Support notes">{referral.participant.specialCategory.health}</Fact>
          )}
        </dl>
      </section>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          {hasJourney && !forecast && (
            <section
              aria-labelledby="forecast-title"
              className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <h2 id="forecast-title" className="text-xl font-semibold text-navy-900">
                Milestone forecast
              </h2>
              <p className="text-slate-700">
                The forecast needs a payment group: record a needs assessment to see what is
                claimable now and next.
              </p>
            </section>
          )}
          {forecast && (
            <section
              aria-labelledby="forecast-title"
              className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <h2 id="forecast-title" className="text-xl font-semibold text-navy-900">
                Milestone forecast
              </h2>
              <p className="text-slate-700">
                Payment group <strong>{referral.paymentGroupName ?? forecast.paymentGroup}</strong>.
                Claimable now: <strong>{formatMoney(forecast.claimableNowPence)}</strong>; projected
                if the participant stays in work:{' '}
                <strong>{formatMoney(forecast.projectedPence)}</strong>.
              </p>
              <h3 className="font-semibold text-navy-900">Claimable now</h3>
              {claimable.length === 0 ? (
                <p className="text-slate-700">Nothing is claimable yet.</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {claimable.map((milestone) => {
                    const label = `${milestone.name}${milestone.occurrence > 1 ? ` ${milestone.occurrence}` : ''}`;
                    return (
                      <li
                        key={`${milestone.code}-${milestone.occurrence}`}
                        className="flex flex-wrap items-center justify-between gap-3 py-2"
                      >
                        <span>
                          <strong>{label}</strong>: {formatMoney(milestone.amountPence)}
                          {milestone.claimDeadline
                            ? ` — claim by ${formatDate(milestone.claimDeadline)}`
                            : ''}
                        </span>
                        {kind === 'SUBCONTRACTOR' && can(access.user, POLICIES.claims.draft) && (
                          <DraftClaimButton
                            referralId={referral.id}
                            milestoneCode={milestone.code}
                            occurrence={milestone.occurrence}
                            label={label}
                          />
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
              <h3 className="font-semibold text-navy-900">Next</h3>
              {upcoming.length === 0 ? (
                <p className="text-slate-700">No further milestones are in view.</p>
              ) : (
                <ul className="list-disc space-y-1 pl-5">
                  {upcoming.slice(0, 6).map((milestone) => (
                    <li key={`${milestone.code}-${milestone.occurrence}`}>
                      <strong>{milestone.name}</strong>
                      {milestone.dueDate ? ` from ${formatDate(milestone.dueDate)}` : ''} —{' '}
                      {milestone.reason}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}

          <section
            aria-labelledby="timeline-title"
            className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 id="timeline-title" className="text-xl font-semibold text-navy-900">
              Timeline
            </h2>
            {!timeline ? (
              <p className="text-slate-700">The timeline could not be loaded just now.</p>
            ) : timeline.entries.length === 0 ? (
              <p className="text-slate-700">Nothing recorded yet.</p>
            ) : (
              <ol className="space-y-3 border-l-2 border-teal-200 pl-4">
                {[...timeline.entries].reverse().map((entry, index) => (
                  <li key={`${entry.recordedAt}-${index}`}>
                    <p className="flex flex-wrap items-center gap-2 font-semibold text-navy-900">
                      {entry.title}
                      {entry.isLate && <StatusBadge status="RECORDED_LATE" />}
                    </p>
                    <p className="text-sm text-slate-600">
                      {formatDate(entry.on)} · recorded{' '}
                      {entry.isLate && entry.recordedOn
                        ? `late, on ${formatDate(entry.recordedOn)}`
                        : formatDateTime(entry.recordedAt)}{' '}
                      by {formatPerson(entry.by)}
                    </p>
                    {entry.detail && <p className="text-slate-800">{entry.detail}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
        <div className="space-y-6">
          {canWorkJourney && (
            <LogActivityForm
              referralId={referral.id}
              recordableMilestones={forecast?.recordableMilestones ?? []}
            />
          )}
          {needs && (
            <section
              aria-labelledby="needs-title"
              className="space-y-2 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <h2 id="needs-title" className="text-xl font-semibold text-navy-900">
                Needs
              </h2>
              {needs.assessments.length === 0 ? (
                <p className="text-slate-700">No needs assessment yet.</p>
              ) : (
                <>
                  <p>
                    Latest: payment group{' '}
                    <strong>
                      {referral.paymentGroupName ?? needs.assessments.at(-1)?.paymentGroup}
                    </strong>{' '}
                    — {needs.assessments.at(-1)?.explanation}
                  </p>
                  {needs.distanceTravelled && (
                    <p className="text-slate-700">
                      Barrier score {needs.distanceTravelled.firstScore} →{' '}
                      {needs.distanceTravelled.latestScore} (
                      {needs.distanceTravelled.change <= 0 ? 'reduced by' : 'up by'}{' '}
                      {Math.abs(needs.distanceTravelled.change)}).
                    </p>
                  )}
                </>
              )}
            </section>
          )}
          {kind === 'SUBCONTRACTOR' &&
            (referral.status === 'ATTACHED' || referral.status === 'ALLOCATED') && (
              <NeedsAssessmentForm referralId={referral.id} />
            )}
        </div>
      </div>
    </div>
  );
}
