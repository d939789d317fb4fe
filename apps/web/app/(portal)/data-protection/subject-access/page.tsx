import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FilterForm, FilterInput } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatusBadge } from '@/components/data/status-badge';
import { CreateRequestForm } from '@/components/data-protection/request-actions';
import { canOpen, DataProtectionTabs } from '@/components/data-protection/shared';
import { ErrorState } from '@/components/error-state';
import { pickParams, todayIso, type SearchParams } from '@/components/money/shared';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Subject access' };
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function SubjectAccessPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('data-protection');
  if (!access) return null;
  if (!canOpen(access.user, 'subject-access')) notFound();
  const params = pickParams(await searchParams, ['search', 'referralId']);
  const canRecord = access.user.roles.includes('ADMIN');
  const client = await createServerClient();

  let matches: {
    referralId: string;
    participantReference: string;
    status: string;
    receivedAt: string;
  }[] = [];
  let participant: { id: string; reference: string; benefitType: string | null } | null = null;
  try {
    if (params.referralId && UUID.test(params.referralId)) {
      const { referral } = unwrap(
        await client.GET('/referrals/{id}', { params: { path: { id: params.referralId } } }),
      );
      participant = {
        id: referral.participant.id,
        reference: referral.participant.reference,
        benefitType: referral.participant.benefitType,
      };
    } else if (params.search) {
      const caseload = unwrap(
        await client.GET('/caseload', {
          params: { query: { search: params.search.trim(), limit: 20 } },
        }),
      );
      matches = caseload.referrals;
    }
  } catch (error) {
    return (
      <ErrorState
        title={
          error instanceof ApiProblemError && error.problem.status === 404
            ? 'Participant not found'
            : 'The participant could not be loaded'
        }
      >
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Data protection"
        title="Subject access"
        description="Find a participant by their reference to export everything held about them (JSON, or a readable PDF) or to record an erasure or rectification request. Every export is audited."
      />
      <DataProtectionTabs user={access.user} current="subject-access" />
      <FilterForm action="/data-protection/subject-access" label="Find a participant">
        <FilterInput
          name="search"
          label="Participant reference"
          type="search"
          value={params.search}
        />
      </FilterForm>
      {params.search && !participant && (
        <section
          aria-labelledby="matches-title"
          className="rounded-lg border border-slate-200 bg-white p-4"
        >
          <h2 id="matches-title" className="font-semibold text-navy-900">
            {matches.length === 0
              ? 'No participant with that reference in your slice'
              : `Referrals matching “${params.search}”`}
          </h2>
          <ul className="mt-2 divide-y divide-slate-100">
            {matches.map((match) => (
              <li key={match.referralId} className="flex flex-wrap items-center gap-3 py-2">
                <Link
                  className="font-semibold text-teal-800 underline underline-offset-4"
                  href={`/data-protection/subject-access?referralId=${match.referralId}`}
                >
                  {match.participantReference}
                </Link>
                <StatusBadge status={match.status} />
                <span className="text-sm text-slate-600">
                  referred {formatDate(match.receivedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {participant && (
        <>
          <section
            aria-labelledby="participant-title"
            className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
          >
            <h2 id="participant-title" className="text-xl font-semibold text-navy-900">
              Participant {participant.reference}
            </h2>
            <p className="text-slate-700">
              The export holds the participant’s details (NI number in clear while it exists),
              special category data, needs assessments, referrals, activities, milestones, job
              spells, claims, evidence metadata, requests and the audit events about them.
            </p>
            <div className="flex flex-wrap gap-3">
              <a
                className="rounded-md bg-teal-700 px-4 py-2 font-semibold text-white hover:bg-teal-800"
                href={`/api/participants/${participant.id}/subject-access-export`}
                download={`subject-access-${participant.reference}.json`}
              >
                Download subject access export (JSON)
              </a>
              <a
                className="rounded-md border-2 border-teal-700 px-4 py-2 font-semibold text-teal-800 hover:bg-teal-50"
                href={`/api/participants/${participant.id}/subject-access-export/pdf`}
                download={`subject-access-${participant.reference}.pdf`}
              >
                Download readable PDF
              </a>
              <Link
                className="px-2 py-2 text-teal-800 underline underline-offset-4"
                href={`/data-protection/requests?participant=${encodeURIComponent(participant.reference)}`}
              >
                Requests for this participant
              </Link>
            </div>
          </section>
          {canRecord && (
            <CreateRequestForm
              participantId={participant.id}
              reference={participant.reference}
              today={todayIso()}
            />
          )}
        </>
      )}
    </div>
  );
}
