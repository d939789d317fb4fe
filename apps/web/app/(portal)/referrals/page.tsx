import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { SavedFilters } from '@/components/saved-filters/saved-filters';
import { PageHeader } from '@/components/data/page-header';
import { humanise } from '@/components/data/status-badge';
import { FlowChart } from '@/components/dashboard/dashboards';
import { ErrorState } from '@/components/error-state';
import {
  pickParams,
  subcontractName,
  type SearchParams,
  type SupplyChain,
} from '@/components/money/shared';
import { ReferralActions } from '@/components/referrals/referral-actions';
import { ReferralForm } from '@/components/referrals/referral-form';
import { ReferralTable } from '@/components/referrals/referral-table';
import {
  caseloadSortOf,
  REFERRAL_STATUSES,
  type CaseloadRow,
  type Flow,
  type ReferralStatus,
} from '@/components/referrals/shared';
import { FlowTable } from '@/components/referrals/flow-table';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { wordFor } from '@/lib/words';

export const metadata: Metadata = { title: 'Referrals' };
export const dynamic = 'force-dynamic';

const FILTERS = ['view', 'status', 'search', 'sort', 'page'] as const;
const PAGE_SIZE = 50;

export default async function ReferralsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('referrals');
  if (!access) return null;
  const params = pickParams(await searchParams, FILTERS);
  const kind = access.user.organisation.kind;
  const view =
    kind === 'PRIME'
      ? params.view === 'allocate'
        ? 'allocate'
        : params.view === 'all'
          ? 'all'
          : 'inbox'
      : 'all';
  const fixedStatus: ReferralStatus | undefined =
    kind === 'PRIME' && view === 'inbox'
      ? 'RECEIVED'
      : kind === 'PRIME' && view === 'allocate'
        ? 'ACCEPTED'
        : kind === 'SUBCONTRACTOR' && !params.status
          ? 'ALLOCATED'
          : undefined;
  const status = fixedStatus ?? (params.status as ReferralStatus | undefined);

  const client = await createServerClient();
  const page = pageFrom(params.page);
  let rows: CaseloadRow[];
  let counted: { total: number; isTotalCapped: boolean };
  let chain: SupplyChain | null = null;
  let flows: { reference: string; flow: Flow }[] = [];
  let partnerContracts: { value: string; label: string }[] = [];
  try {
    const [list, loadedChain, open] = await Promise.all([
      client
        .GET('/caseload', {
          params: {
            query: {
              status,
              search: params.search,
              sort: caseloadSortOf(params.sort),
              page,
              limit: PAGE_SIZE,
            },
          },
        })
        .then(unwrap),
      kind === 'REFERRAL_PARTNER'
        ? Promise.resolve(null)
        : client.GET('/supply-chain').then(unwrap),
      // The live contracts open to this office, named by prime, area and programme.
      kind === 'REFERRAL_PARTNER'
        ? client.GET('/referrals/open-contracts').then(unwrap)
        : Promise.resolve(null),
    ]);
    rows = list.referrals;
    counted = { total: list.total, isTotalCapped: list.isTotalCapped };
    chain = loadedChain;
    if (kind === 'PRIME' && view === 'allocate' && chain) {
      const byContract = new Map(
        (await client.GET('/supply-chain/flows').then(unwrap)).flows.map((flow) => [
          flow.primeContractId,
          flow,
        ]),
      );
      flows = chain.primeContracts.flatMap((contract) => {
        const flow = byContract.get(contract.id);
        return flow ? [{ reference: contract.reference, flow }] : [];
      });
    }
    if (open) {
      partnerContracts = open.primeContracts.map((contract) => ({
        value: contract.id,
        label: contract.name,
      }));
    }
  } catch (error) {
    return (
      <ErrorState title="Referrals could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  const subcontractsFor = (primeContractId: string) =>
    chain?.primeContracts
      .find((contract) => contract.id === primeContractId)
      ?.subcontracts.map((subcontract) => ({
        value: subcontract.id,
        label: `${subcontract.subcontractorName} — ${wordFor('subcontractTier', subcontract.tier).toLowerCase()}${subcontract.capacity ? `, capacity ${subcontract.capacity}` : ''}`,
      })) ?? [];
  const nameOf = (id: string | null) => (chain ? subcontractName(chain, id) : '—');
  const state = { path: '/referrals', params };
  const tabClass = (isActive: boolean) =>
    `rounded-t-md border-b-4 px-4 py-2 font-semibold ${isActive ? 'border-teal-700 text-navy-900' : 'border-transparent text-slate-700 hover:text-navy-900'}`;

  const title =
    kind === 'PRIME'
      ? view === 'inbox'
        ? 'Referral inbox'
        : view === 'allocate'
          ? 'Allocation board'
          : 'All referrals'
      : kind === 'SUBCONTRACTOR'
        ? 'Referrals allocated to you'
        : 'Your referrals';
  const description =
    kind === 'PRIME'
      ? view === 'inbox'
        ? 'Referrals received from jobcentres. Accepting checks the programme’s eligibility rules; rejecting needs a reason.'
        : view === 'allocate'
          ? 'Accepted referrals waiting for a subcontractor. Allocate by your declared policy or by hand with a reason; the chart shows each subcontractor’s share against the bid.'
          : 'Every referral in your supply chain.'
      : kind === 'SUBCONTRACTOR'
        ? 'Referrals your prime has allocated to you. Attach them when you first meet the participant, or hand them back with a reason.'
        : 'Refer participants one at a time here, or upload a file of them.';

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title={title}
        description={description}
        actions={
          kind === 'REFERRAL_PARTNER' ? (
            <Link
              href="/bulk-referrals"
              className="rounded-md border-2 border-slate-500 bg-white px-4 py-2 font-semibold text-navy-900 hover:bg-slate-100"
            >
              Upload a file instead
            </Link>
          ) : kind === 'SUBCONTRACTOR' ? (
            <Link
              href="/caseload"
              className="rounded-md border-2 border-slate-500 bg-white px-4 py-2 font-semibold text-navy-900 hover:bg-slate-100"
            >
              Your caseload
            </Link>
          ) : undefined
        }
      />
      {kind === 'PRIME' && (
        <nav aria-label="Referral views" className="flex flex-wrap gap-2 border-b border-slate-200">
          <Link
            href="/referrals"
            className={tabClass(view === 'inbox')}
            aria-current={view === 'inbox' ? 'page' : undefined}
          >
            Inbox
          </Link>
          <Link
            href="/referrals?view=allocate"
            className={tabClass(view === 'allocate')}
            aria-current={view === 'allocate' ? 'page' : undefined}
          >
            Allocation board
          </Link>
          <Link
            href="/referrals?view=all"
            className={tabClass(view === 'all')}
            aria-current={view === 'all' ? 'page' : undefined}
          >
            All referrals
          </Link>
        </nav>
      )}
      {kind === 'REFERRAL_PARTNER' && <ReferralForm primeContracts={partnerContracts} />}
      {flows.length > 0 && (
        <section aria-labelledby="flow-title" className="space-y-4">
          <h2 id="flow-title" className="text-xl font-semibold text-navy-900">
            Share of referrals against the bid
          </h2>
          {flows.map(({ reference, flow }) => (
            // Side by side only on screens wider than 1280px: at 1280 the table's capacity column was cut off.
            <div key={flow.primeContractId} className="grid gap-4 2xl:grid-cols-2">
              <FlowChart reference={reference} flow={flow} />
              <FlowTable reference={reference} flow={flow} />
            </div>
          ))}
        </section>
      )}
      <section aria-labelledby="list-title" className="space-y-3">
        <h2 id="list-title" className="text-xl font-semibold text-navy-900">
          {kind === 'PRIME' && view === 'allocate'
            ? 'Waiting for allocation'
            : kind === 'REFERRAL_PARTNER'
              ? 'Referrals you have made'
              : 'Referrals'}
        </h2>
        {!fixedStatus && (
          <FilterForm action="/referrals" label="Filter referrals">
            {view === 'all' && kind === 'PRIME' && <input type="hidden" name="view" value="all" />}
            <FilterSelect
              name="status"
              label="Status"
              value={params.status}
              options={REFERRAL_STATUSES.map((value) => ({ value, label: humanise(value) }))}
            />
            <FilterInput
              name="search"
              label="Participant reference"
              type="search"
              value={params.search}
            />
          </FilterForm>
        )}
        {!fixedStatus && <SavedFilters page="referrals" />}
        <ReferralTable
          caption={title}
          rows={rows}
          state={state}
          isSortable
          // Waiting for allocation means no subcontractor and no activity yet: those columns would only push the buttons off a
          // 1280px screen.
          subcontractName={kind === 'PRIME' && view === 'all' ? nameOf : undefined}
          showActivity={kind !== 'REFERRAL_PARTNER' && view === 'all'}
          emptyMessage={
            kind === 'PRIME' && view === 'inbox'
              ? 'No referrals waiting: the inbox is clear.'
              : kind === 'PRIME' && view === 'allocate'
                ? 'Every accepted referral has been allocated.'
                : 'No referrals match.'
          }
          actions={
            kind === 'PRIME' || kind === 'SUBCONTRACTOR'
              ? (row) => (
                  <ReferralActions
                    referralId={row.referralId}
                    participantReference={row.participantReference}
                    organisationKind={kind}
                    status={row.status}
                    subcontracts={subcontractsFor(row.primeContractId)}
                  />
                )
              : undefined
          }
        />
        <NumberedPager
          path="/referrals"
          params={params}
          page={page}
          pageSize={PAGE_SIZE}
          total={counted.total}
          isTotalCapped={counted.isTotalCapped}
          noun={['referral', 'referrals']}
        />
      </section>
    </div>
  );
}
