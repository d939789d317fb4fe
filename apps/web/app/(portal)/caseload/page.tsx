import type { Metadata } from 'next';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { SavedFilters } from '@/components/saved-filters/saved-filters';
import { PageHeader } from '@/components/data/page-header';
import { humanise } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import {
  pickParams,
  subcontractName,
  type SearchParams,
  type SupplyChain,
} from '@/components/money/shared';
import { ReferralTable } from '@/components/referrals/referral-table';
import {
  caseloadSortOf,
  REFERRAL_STATUSES,
  type ReferralStatus,
} from '@/components/referrals/shared';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Caseload' };
export const dynamic = 'force-dynamic';

const FILTERS = ['status', 'paymentGroup', 'inactiveDays', 'search', 'sort', 'page'] as const;
const PAGE_SIZE = 50;

export default async function CaseloadPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('caseload');
  if (!access) return null;
  const params = pickParams(await searchParams, FILTERS);
  const inactiveDays =
    params.inactiveDays && /^\d+$/.test(params.inactiveDays)
      ? Number(params.inactiveDays)
      : undefined;
  const query = {
    status: params.status as ReferralStatus | undefined,
    paymentGroup: params.paymentGroup,
    inactiveDays,
    search: params.search,
    sort: caseloadSortOf(params.sort),
  };
  const kind = access.user.organisation.kind;
  const page = pageFrom(params.page);
  let data;
  let chain: SupplyChain | null = null;
  try {
    const client = await createServerClient();
    [data, chain] = await Promise.all([
      client
        .GET('/caseload', { params: { query: { ...query, page, limit: PAGE_SIZE } } })
        .then(unwrap),
      // Subcontractor names for the prime's and commissioner's Subcontractor column; the others see one delivery partner (or none).
      kind === 'PRIME' || kind === 'COMMISSIONER'
        ? client.GET('/supply-chain').then(unwrap)
        : Promise.resolve(null),
    ]);
  } catch (error) {
    return (
      <ErrorState title="Your caseload could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const exportQuery = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) exportQuery.set(name, String(value));

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="Caseload"
        description="Your participants and their journeys. Open one to see the timeline, log an activity or draft a claim."
      />
      <FilterForm action="/caseload" label="Filter caseload">
        <FilterSelect
          name="status"
          label="Status"
          value={params.status}
          options={REFERRAL_STATUSES.map((value) => ({ value, label: humanise(value) }))}
        />
        <FilterSelect
          name="paymentGroup"
          label="Payment group"
          value={params.paymentGroup}
          options={data.paymentGroups.map((group) => ({ value: group.code, label: group.name }))}
        />
        <FilterInput
          name="inactiveDays"
          label="Days since last activity, at least"
          type="number"
          value={params.inactiveDays}
        />
        <FilterInput
          name="search"
          label="Participant reference"
          type="search"
          value={params.search}
        />
      </FilterForm>
      <SavedFilters page="caseload" />
      <ReferralTable
        caption="Caseload"
        rows={data.referrals}
        state={{ path: '/caseload', params }}
        subcontractName={chain ? (id) => subcontractName(chain, id) : undefined}
        isSortable
        exportHref={`/api/caseload/export?${exportQuery.toString()}`}
        emptyMessage="No participants match these filters."
      />
      <NumberedPager
        path="/caseload"
        params={params}
        page={page}
        pageSize={PAGE_SIZE}
        total={data.total}
        isTotalCapped={data.isTotalCapped}
        noun={['participant', 'participants']}
      />
    </div>
  );
}
