'use client';

// The claims inbox: a server-paged table with row selection and bulk actions.
// Bulk actions are all or nothing at the API; the dialog confirms what will
// change and the results panel lists every claim's outcome.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { DataTable, type Column, type TableState } from '@/components/data/data-table';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { Dialog } from '@/components/dialog';
import { buttonClass } from '@/components/form';
import { Figures } from '@/components/money/confirm-dialog';
import { type ClaimStatus, type Schemas } from '@/components/money/shared';
import { useToast } from '@/components/toast';
import { ApiProblemError, createBrowserClient, unwrap, type OrganisationKind } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';

type Claim = Schemas['ClaimListDto']['claims'][number];

interface BulkAction {
  key: string;
  label: string;
  from: ClaimStatus[];
  to: ClaimStatus;
  /** POST /claim-submissions (one batch per prime contract) rather than a bulk transition. */
  isSubmission?: boolean;
}

const ACTIONS: Record<OrganisationKind, BulkAction[]> = {
  SUBCONTRACTOR: [
    { key: 'submit', label: 'Submit to prime', from: ['DRAFT', 'PRIME_QUERIED'], to: 'SUBMITTED' },
  ],
  PRIME: [
    { key: 'approve', label: 'Approve', from: ['SUBMITTED'], to: 'PRIME_APPROVED' },
    {
      key: 'submit-commissioner',
      label: 'Submit to commissioner',
      from: ['PRIME_APPROVED'],
      to: 'SUBMITTED_TO_COMMISSIONER',
      isSubmission: true,
    },
    {
      key: 'resubmit',
      label: 'Resubmit queried',
      from: ['QUERIED'],
      to: 'SUBMITTED_TO_COMMISSIONER',
    },
  ],
  COMMISSIONER: [
    { key: 'approve', label: 'Approve', from: ['SUBMITTED_TO_COMMISSIONER'], to: 'APPROVED' },
  ],
  REFERRAL_PARTNER: [],
  PLATFORM: [],
};

interface Outcome {
  id: string;
  participantReference: string;
  status?: string;
  problem?: string;
}

export function ClaimsInbox({
  claims,
  providerNames,
  organisationKind,
  canAct,
  state,
  nextCursor = null,
  total,
  isTotalCapped = false,
  totalPence,
}: {
  claims: Claim[];
  /** Who delivers each claim, by claim id: named on the server (the chain is too big to send to the browser). */
  providerNames: Record<string, string>;
  organisationKind: OrganisationKind;
  canAct: boolean;
  state: TableState;
  nextCursor?: string | null;
  /** The whole filter's count and amount, from the API (never summed from the page in view). */
  total?: number;
  /** The API stopped counting at total: the filter holds more, and their amounts are not added up (totalPence null). */
  isTotalCapped?: boolean;
  totalPence?: string | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<BulkAction | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<{ title: string; items: Outcome[] } | null>(null);
  const actions = canAct ? ACTIONS[organisationKind] : [];
  const byId = useMemo(() => new Map(claims.map((claim) => [claim.id, claim])), [claims]);
  const selectedClaims = claims.filter((claim) => selected.has(claim.id));
  const eligibleFor = (action: BulkAction) =>
    selectedClaims.filter((claim) => action.from.includes(claim.status));

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const isAllSelected = claims.length > 0 && claims.every((claim) => selected.has(claim.id));

  async function run(action: BulkAction) {
    const eligible = eligibleFor(action);
    const client = createBrowserClient();
    setIsBusy(true);
    try {
      let results: { id: string; status: string }[] = [];
      if (action.isSubmission) {
        // A submission is one batch per prime contract.
        const byContract = new Map<string, Claim[]>();
        for (const claim of eligible)
          byContract.set(claim.primeContractId, [
            ...(byContract.get(claim.primeContractId) ?? []),
            claim,
          ]);
        for (const [primeContractId, group] of byContract) {
          const response = unwrap(
            await client.POST('/claim-submissions', {
              body: {
                primeContractId,
                claims: group.map((claim) => ({ id: claim.id, version: claim.version })),
              },
            }),
          );
          results = [...results, ...response.results];
        }
      } else {
        const response = unwrap(
          await client.POST('/claims/bulk-transitions', {
            body: {
              to: action.to,
              claims: eligible.map((claim) => ({ id: claim.id, version: claim.version })),
            },
          }),
        );
        results = response.results;
      }
      setOutcomes({
        title: `${action.label}: ${results.length} ${results.length === 1 ? 'claim' : 'claims'} updated`,
        items: results.map((result) => ({
          id: result.id,
          participantReference: byId.get(result.id)?.participantReference ?? result.id,
          status: result.status,
        })),
      });
      toast(
        `${action.label}: ${results.length} ${results.length === 1 ? 'claim' : 'claims'} updated.`,
      );
      setSelected(new Set());
      router.refresh();
    } catch (error) {
      // All or nothing: the problem names each refused claim as body.claims.<i>.
      const items: Outcome[] = eligible.map((claim, index) => ({
        id: claim.id,
        participantReference: claim.participantReference,
        problem:
          error instanceof ApiProblemError
            ? (error.messageFor(`body.claims.${index}`) ??
              'Not changed: another claim in the batch was refused.')
            : describeError(error),
      }));
      setOutcomes({
        title: `${action.label}: nothing was changed — ${describeError(error)}`,
        items,
      });
      toast(describeError(error), 'error');
    } finally {
      setIsBusy(false);
      setPending(null);
    }
  }

  const columns: Column<Claim>[] = [
    ...(actions.length > 0
      ? [
          {
            key: 'select',
            header: 'Select',
            cell: (claim: Claim) => (
              <input
                type="checkbox"
                className="h-5 w-5 accent-teal-700"
                checked={selected.has(claim.id)}
                onChange={() => toggle(claim.id)}
                aria-label={`Select claim for ${claim.participantReference}, ${claim.milestoneName}`}
              />
            ),
          },
        ]
      : []),
    {
      key: 'participant',
      isSortable: true,
      header: 'Participant',
      cell: (claim) => (
        <Link
          href={`/claims/${claim.id}`}
          className="font-semibold text-teal-800 underline underline-offset-4 hover:text-teal-900"
        >
          {claim.participantReference}
        </Link>
      ),
    },
    {
      key: 'milestone',
      header: 'Milestone',
      cell: (claim) =>
        `${claim.milestoneName}${claim.occurrence > 1 ? ` #${claim.occurrence}` : ''}`,
    },
    {
      key: 'milestoneOn',
      isSortable: true,
      header: 'Milestone date',
      cell: (claim) => formatDate(claim.milestoneOn),
    },
    {
      key: 'provider',
      header: 'Provider',
      cell: (claim) => providerNames[claim.id] ?? '—',
    },
    {
      key: 'amount',
      isSortable: true,
      header: 'Amount',
      isNumeric: true,
      cell: (claim) => formatMoney(claim.amountPence),
    },
    {
      key: 'status',
      isSortable: true,
      header: 'Status',
      cell: (claim) => (
        <span className="flex flex-wrap gap-1">
          <StatusBadge status={claim.status} />
          {claim.dataMatch && <StatusBadge status={claim.dataMatch.outcome} />}
        </span>
      ),
    },
  ];

  const pendingEligible = pending ? eligibleFor(pending) : [];
  const pendingTotal = pendingEligible.reduce((sum, claim) => sum + BigInt(claim.amountPence), 0n);

  return (
    <div className="space-y-4">
      {actions.length > 0 && (
        <div
          role="group"
          aria-label="Bulk actions"
          className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-3"
        >
          <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              className="h-5 w-5 accent-teal-700"
              checked={isAllSelected}
              onChange={() =>
                setSelected(isAllSelected ? new Set() : new Set(claims.map((claim) => claim.id)))
              }
            />
            Select all on this page
          </label>
          <span className="text-sm text-slate-700" aria-live="polite">
            {selected.size} selected
          </span>
          <span className="flex flex-wrap gap-2 sm:ml-auto">
            {actions.map((action) => {
              const count = eligibleFor(action).length;
              return (
                <button
                  key={action.key}
                  type="button"
                  className={buttonClass('primary', 'sm')}
                  disabled={count === 0}
                  onClick={() => setPending(action)}
                >
                  {action.label} ({count})
                </button>
              );
            })}
          </span>
        </div>
      )}

      {outcomes && (
        <section
          aria-labelledby="bulk-results-title"
          className="rounded-lg border border-slate-300 bg-white p-4"
        >
          <div className="flex items-start justify-between gap-3">
            <h2 id="bulk-results-title" className="font-semibold text-navy-900">
              {outcomes.title}
            </h2>
            <button
              type="button"
              className="text-sm text-slate-700 underline"
              onClick={() => setOutcomes(null)}
            >
              Dismiss
            </button>
          </div>
          <ul className="mt-2 space-y-1 text-sm">
            {outcomes.items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center gap-2">
                <Link href={`/claims/${item.id}`} className="text-teal-800 underline">
                  {item.participantReference}
                </Link>
                {item.status ? (
                  <StatusBadge status={item.status} />
                ) : (
                  <span className="text-red-800">{item.problem}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <DataTable
        caption="Claims"
        columns={columns}
        rows={claims}
        rowKey={(claim) => claim.id}
        state={state}
        nextCursor={nextCursor}
        totalsRow={
          total === undefined || totalPence === undefined
            ? undefined
            : isTotalCapped || totalPence === null
              ? {
                  label: `Total, more than ${total.toLocaleString('en-GB')} claims`,
                  cells: {
                    amount: (
                      <span data-testid="claims-total" className="font-normal text-slate-700">
                        Too many to add up: narrow the filters
                      </span>
                    ),
                  },
                }
              : {
                  label: `Total, all ${total.toLocaleString('en-GB')} ${total === 1 ? 'claim' : 'claims'}`,
                  cells: {
                    amount: <span data-testid="claims-total">{formatMoney(totalPence)}</span>,
                  },
                }
        }
        emptyMessage={
          state.params.view === 'all'
            ? 'No claims match these filters.'
            : 'Nothing waiting for you. Well done.'
        }
      />

      <Dialog
        id="bulk-action"
        title={pending ? `${pending.label}?` : ''}
        isOpen={pending !== null}
        onClose={() => setPending(null)}
      >
        {pending && (
          <div className="space-y-4">
            <p>
              {pendingEligible.length === 1
                ? 'This claim'
                : `These ${pendingEligible.length} claims`}{' '}
              will move to <strong>{humanise(pending.to)}</strong>. It is all or nothing: if any
              claim has changed since you loaded the page, none are changed.
            </p>
            <Figures
              items={[
                { label: 'Claims', value: pendingEligible.length },
                { label: 'Total value', value: formatMoney(pendingTotal) },
              ]}
            />
            <div className="flex flex-wrap gap-3">
              <button
                type="button"
                data-autofocus=""
                className={buttonClass('primary')}
                disabled={isBusy}
                onClick={() => void run(pending)}
              >
                {isBusy ? 'Working…' : `Confirm: ${pending.label.toLowerCase()}`}
              </button>
              <button
                type="button"
                className={buttonClass('secondary')}
                onClick={() => setPending(null)}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
