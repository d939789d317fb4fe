'use client';

// The results of the header's search box: each record in words — what it is,
// whose it is, where it stands — linking to its page where the viewer may open
// that page. The query comes from the fragment (search-location.ts) and goes
// to the API by POST, so it never sits in a requested URL.
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { type components } from '@waymark/api-client';
import { humanise } from '@/components/data/status-badge';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { describeOrganisationKind, type SectionSlug } from '@/lib/navigation';
import { readSearchQuery, SEARCH_EVENT } from './search-location';

type SearchResponse = components['schemas']['SearchResponseDto'];
type SearchResult = SearchResponse['results'][number];
type Kind = SearchResult['kind'];

const KINDS: Record<Kind, { heading: string; one: string }> = {
  PARTICIPANT: { heading: 'Participants', one: 'Participant' },
  REFERRAL: { heading: 'Referrals', one: 'Referral' },
  CLAIM: { heading: 'Claims', one: 'Claim' },
  REMITTANCE: { heading: 'Remittances', one: 'Remittance' },
  SUBCONTRACTOR_PAYMENT: { heading: 'Payments to subcontractors', one: 'Payment' },
  ORGANISATION: { heading: 'Organisations', one: 'Organisation' },
};

const MATCHED_ON: Record<SearchResult['matchedOn'], string> = {
  REFERENCE: 'participant reference',
  NI_NUMBER: 'National Insurance number',
  EXTERNAL_REFERENCE: 'referral partner’s reference',
  SUBMISSION_REFERENCE: 'claim submission reference',
  PARTICIPANT_REFERENCE: 'participant reference',
  PAID_REFERENCE: 'bank reference',
  NAME: 'name',
  ID: 'record id',
};

/** The record's page, where the viewer's sections include it; otherwise the result is shown without a link. */
function hrefOf(result: SearchResult, sections: ReadonlySet<SectionSlug>): string | undefined {
  switch (result.kind) {
    case 'PARTICIPANT':
    case 'REFERRAL':
      return result.referralId && sections.has('referrals')
        ? `/referrals/${result.referralId}`
        : undefined;
    case 'CLAIM':
      return sections.has('claims') ? `/claims/${result.id}` : undefined;
    case 'REMITTANCE':
      return sections.has('remittances') ? `/remittances/${result.id}` : undefined;
    case 'SUBCONTRACTOR_PAYMENT':
      return sections.has('payments') ? `/payments/${result.id}` : undefined;
    case 'ORGANISATION':
      if (sections.has('organisations')) return '/organisations';
      return result.subcontractId && sections.has('supply-chain')
        ? `/supply-chain/subcontracts/${result.subcontractId}`
        : undefined;
  }
}

/** What the result is called: a claim by its milestone and participant, anything else by its kind and reference or name. */
function titleOf(result: SearchResult): string {
  if (result.kind === 'CLAIM' && result.milestoneName && result.participantReference)
    return `${result.milestoneName} claim for ${result.participantReference}`;
  return `${KINDS[result.kind].one} ${result.title}`;
}

const period = (result: SearchResult) =>
  result.periodStart && result.periodEnd
    ? `${formatDate(result.periodStart)} to ${formatDate(result.periodEnd)}`
    : null;

/** The facts people need to tell one result from another, in words. */
function detailsOf(result: SearchResult): string[] {
  const facts: (string | null)[] = [];
  switch (result.kind) {
    case 'PARTICIPANT':
    case 'REFERRAL':
      facts.push(
        result.kind === 'REFERRAL' && result.participantReference
          ? `Participant ${result.participantReference}`
          : null,
        result.status ? humanise(result.status) : 'No referral you can see',
        result.receivedAt ? `referred ${formatDate(result.receivedAt)}` : null,
        result.referredByName ? `by ${result.referredByName}` : null,
        result.deliveredByName ? `delivered by ${result.deliveredByName}` : null,
      );
      break;
    case 'CLAIM':
      facts.push(
        result.matchedOn === 'SUBMISSION_REFERENCE' ? `In submission ${result.title}` : null,
        formatMoney(result.amountPence),
        result.status ? humanise(result.status) : null,
        result.milestoneOn ? `milestone on ${formatDate(result.milestoneOn)}` : null,
        result.deliveredByName ? `delivered by ${result.deliveredByName}` : null,
      );
      break;
    case 'REMITTANCE':
      facts.push(
        period(result),
        result.status ? humanise(result.status) : null,
        result.paidOn ? `paid ${formatDate(result.paidOn)}` : null,
      );
      break;
    case 'SUBCONTRACTOR_PAYMENT':
      facts.push(
        result.deliveredByName ? `To ${result.deliveredByName}` : null,
        period(result),
        result.status ? humanise(result.status) : null,
        result.paidOn
          ? `paid ${formatDate(result.paidOn)}`
          : result.dueOn
            ? `due ${formatDate(result.dueOn)}`
            : null,
      );
      break;
    case 'ORGANISATION':
      facts.push(
        result.organisationKind ? describeOrganisationKind(result.organisationKind) : null,
      );
      break;
  }
  if (result.kind !== 'ORGANISATION')
    facts.push(result.programmeName, result.primeName ? `prime ${result.primeName}` : null);
  return facts.filter((fact): fact is string => Boolean(fact));
}

type State =
  | { status: 'idle' }
  | { status: 'loading'; query: string }
  | { status: 'done'; query: string; answer: SearchResponse }
  | { status: 'failed'; query: string; message: string };

export function SearchResults({ sections }: { sections: SectionSlug[] }) {
  const [state, setState] = useState<State>({ status: 'idle' });
  const visible = new Set(sections);

  const run = useCallback(async () => {
    const query = readSearchQuery(window.location.hash);
    if (!query) {
      setState({ status: 'idle' });
      return;
    }
    setState({ status: 'loading', query });
    try {
      const answer = unwrap(
        await createBrowserClient().POST('/search', { body: { q: query, limit: 10 } }),
      );
      setState({ status: 'done', query, answer });
    } catch (error) {
      setState({ status: 'failed', query, message: describeError(error) });
    }
  }, []);

  useEffect(() => {
    void run();
    const rerun = () => void run();
    for (const name of ['hashchange', 'popstate', SEARCH_EVENT])
      window.addEventListener(name, rerun);
    return () => {
      for (const name of ['hashchange', 'popstate', SEARCH_EVENT])
        window.removeEventListener(name, rerun);
    };
  }, [run]);

  if (state.status === 'idle')
    return (
      <p className="text-slate-700">
        Type a reference, an NI number or part of an organisation’s name in the search box at the
        top of the page.
      </p>
    );
  if (state.status === 'loading') return <p role="status">Searching for “{state.query}”…</p>;
  if (state.status === 'failed') {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900">
        <p className="font-semibold">The search for “{state.query}” did not work</p>
        <p>{state.message}</p>
      </div>
    );
  }
  const { results, truncatedKinds } = state.answer;
  const groups = (Object.keys(KINDS) as Kind[])
    .map((kind) => ({ kind, results: results.filter((result) => result.kind === kind) }))
    .filter((group) => group.results.length > 0);

  return (
    <div className="space-y-8" data-testid="search-results">
      <p role="status" className="text-slate-700">
        {results.length === 0
          ? `Nothing you can see matches “${state.query}”.`
          : `${results.length} ${results.length === 1 ? 'result' : 'results'} for “${state.query}”.`}
      </p>
      {groups.map((group) => (
        <section key={group.kind} aria-labelledby={`results-${group.kind}`} className="space-y-3">
          <h2 id={`results-${group.kind}`} className="text-xl font-semibold text-navy-900">
            {KINDS[group.kind].heading}
          </h2>
          {truncatedKinds.includes(group.kind) && (
            <p className="text-sm text-slate-600">
              Showing the first {group.results.length}; type more of the reference to narrow it
              down.
            </p>
          )}
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {group.results.map((result) => {
              const href = hrefOf(result, visible);
              const title = titleOf(result);
              return (
                <li
                  key={`${result.kind}-${result.id}-${result.matchedOn}`}
                  className="space-y-1 p-4"
                >
                  <p className="font-semibold break-words text-navy-900">
                    {href ? (
                      <Link
                        href={href}
                        className="underline underline-offset-4 hover:text-teal-800"
                      >
                        {title}
                      </Link>
                    ) : (
                      title
                    )}
                  </p>
                  <p className="text-sm break-words text-slate-700">
                    {detailsOf(result).join(' · ')}
                  </p>
                  <p className="text-xs text-slate-500">
                    Matched on its {MATCHED_ON[result.matchedOn]}
                  </p>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
