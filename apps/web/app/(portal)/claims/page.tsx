import type { Metadata } from 'next';
import Link from 'next/link';
import { ClaimsInbox } from '@/components/claims/claims-inbox';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { SavedFilters } from '@/components/saved-filters/saved-filters';
import { PageHeader } from '@/components/data/page-header';
import { humanise } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import {
  CLAIM_STATUSES,
  MILESTONE_CODES,
  pickParams,
  primeContractOptions,
  subcontractName,
  subcontractOptions,
  type ClaimStatus,
  type SearchParams,
} from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Claims' };
export const dynamic = 'force-dynamic';

const FILTERS = [
  'view',
  'status',
  'milestoneCode',
  'primeContractId',
  'subcontractId',
  'milestoneFrom',
  'milestoneTo',
  'page',
  'sort',
] as const;

/** Columns the API sorts the whole filter by (the table's column keys); anything else falls back to newest first. */
const SORTS = ['participant', 'milestoneOn', 'amount', 'status'] as const;
type Sort = (typeof SORTS)[number] | `-${(typeof SORTS)[number]}`;
const sortFrom = (value: string | undefined): Sort | undefined =>
  SORTS.some((column) => value === column || value === `-${column}`) ? (value as Sort) : undefined;

const PAGE_SIZE = 50;

const INBOX_HINT = {
  COMMISSIONER: 'Claims your prime providers have submitted, waiting for your approval.',
  PRIME:
    'Claims your subcontractors have submitted to validate, and approved claims to submit to the commissioner.',
  SUBCONTRACTOR: 'Drafts to submit to your prime provider and claims it has queried.',
} as const;

/** The inbox's line under the title: only finance and admins decide claims, so an auditor reads it as a list to check, not to approve. */
function inboxHint(kind: string, roles: readonly string[]): string {
  const decides = roles.includes('FINANCE') || roles.includes('ADMIN');
  if (!decides)
    return 'Claims in progress in your organisation, for you to read and check; its finance team decides them.';
  return kind in INBOX_HINT
    ? INBOX_HINT[kind as keyof typeof INBOX_HINT]
    : 'Claims waiting for your organisation.';
}

export default async function ClaimsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('claims');
  if (!access) return null;
  const params = pickParams(await searchParams, FILTERS);
  const isInbox = params.view !== 'all';
  const kind = access.user.organisation.kind;
  const page = pageFrom(params.page);

  const client = await createServerClient();
  let data;
  try {
    const [chain, list] = await Promise.all([
      client.GET('/supply-chain').then(unwrap),
      client
        .GET('/claims', {
          params: {
            query: {
              inbox: isInbox ? 'true' : undefined,
              status: params.status as ClaimStatus | undefined,
              milestoneCode: params.milestoneCode as (typeof MILESTONE_CODES)[number] | undefined,
              primeContractId: params.primeContractId,
              subcontractId: params.subcontractId,
              milestoneFrom: params.milestoneFrom,
              milestoneTo: params.milestoneTo,
              page,
              sort: sortFrom(params.sort),
              limit: PAGE_SIZE,
            },
          },
        })
        .then(unwrap),
    ]);
    data = {
      chain,
      claims: list.claims,
      total: list.total,
      isTotalCapped: list.isTotalCapped,
      totalPence: list.totalPence,
    };
  } catch (error) {
    return (
      <ErrorState title="Claims could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  const tabClass = (isActive: boolean) =>
    `rounded-t-md border-b-4 px-4 py-2 font-semibold ${isActive ? 'border-teal-700 text-navy-900' : 'border-transparent text-slate-700 hover:text-navy-900'}`;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title={isInbox ? 'Claims inbox' : 'All claims'}
        description={
          isInbox
            ? inboxHint(kind, access.user.roles)
            : 'Every claim in your slice, newest first unless you sort by a column.'
        }
      />
      <nav aria-label="Claim views" className="flex gap-2 border-b border-slate-200">
        <Link
          href="/claims"
          className={tabClass(isInbox)}
          aria-current={isInbox ? 'page' : undefined}
        >
          Inbox
        </Link>
        <Link
          href="/claims?view=all"
          className={tabClass(!isInbox)}
          aria-current={!isInbox ? 'page' : undefined}
        >
          All claims
        </Link>
      </nav>
      <FilterForm action="/claims" label="Filter claims">
        {!isInbox && <input type="hidden" name="view" value="all" />}
        <FilterSelect
          name="status"
          label="Status"
          value={params.status}
          options={CLAIM_STATUSES.map((value) => ({ value, label: humanise(value) }))}
        />
        <FilterSelect
          name="milestoneCode"
          label="Milestone"
          value={params.milestoneCode}
          options={MILESTONE_CODES.map((value) => ({ value, label: humanise(value) }))}
        />
        {kind !== 'SUBCONTRACTOR' && (
          <FilterSelect
            name="primeContractId"
            label="Prime contract"
            value={params.primeContractId}
            options={primeContractOptions(data.chain)}
          />
        )}
        <FilterSelect
          name="subcontractId"
          label="Subcontract"
          value={params.subcontractId}
          options={subcontractOptions(data.chain)}
        />
        <FilterInput
          name="milestoneFrom"
          label="Milestone from"
          type="date"
          value={params.milestoneFrom}
        />
        <FilterInput
          name="milestoneTo"
          label="Milestone to"
          type="date"
          value={params.milestoneTo}
        />
      </FilterForm>
      <SavedFilters page="claims" />
      <ClaimsInbox
        claims={data.claims}
        providerNames={Object.fromEntries(
          data.claims.map((claim) => [claim.id, subcontractName(data.chain, claim.subcontractId)]),
        )}
        organisationKind={kind}
        canAct={access.user.roles.some((role) => role === 'FINANCE' || role === 'ADMIN')}
        state={{ path: '/claims', params }}
        total={data.total}
        isTotalCapped={data.isTotalCapped}
        totalPence={data.totalPence}
      />
      <NumberedPager
        path="/claims"
        params={params}
        page={page}
        pageSize={PAGE_SIZE}
        total={data.total}
        isTotalCapped={data.isTotalCapped}
        noun={['claim', 'claims']}
      />
    </div>
  );
}
