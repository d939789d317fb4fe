import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterForm, FilterInput, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { ApiProblemError, unwrap } from '@/lib/api';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Trace a payment' };
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TracePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requireSection('trace');
  if (!access) return null;
  const params = pickParams(await searchParams, ['kind', 'id']);
  const kind = params.kind === 'subcontractor-payment' ? 'subcontractor-payment' : 'remittance';
  const id = params.id?.trim();
  const client = await createServerClient();

  let trace = null;
  let problem: string | null = null;
  if (id) {
    if (!UUID.test(id))
      problem = 'Enter the payment’s id as shown on the remittance or payment page (a UUID).';
    else {
      try {
        trace =
          kind === 'remittance'
            ? unwrap(
                await client.GET('/analytics/trace/remittances/{id}', { params: { path: { id } } }),
              ).trace
            : unwrap(
                await client.GET('/analytics/trace/subcontractor-payments/{id}', {
                  params: { path: { id } },
                }),
              ).trace;
      } catch (error) {
        problem =
          error instanceof ApiProblemError && error.problem.status === 404
            ? 'No payment with that id in your slice.'
            : describeError(error);
      }
    }
  }
  let recent: { id: string; label: string; paidOn: string | null }[] = [];
  if (!id && access.user.organisation.kind !== 'SUBCONTRACTOR') {
    try {
      const list = unwrap(
        await client.GET('/remittances', { params: { query: { status: 'PAID', limit: 10 } } }),
      );
      recent = list.remittances.map((item) => ({
        id: item.id,
        label: `${item.primeContractReference} · ${formatDate(item.periodStart)} – ${formatDate(item.periodEnd)} · ${formatMoney(item.netPence)}`,
        paidOn: item.paidOn,
      }));
    } catch (error) {
      return (
        <ErrorState title="Payments could not be loaded">
          <p>{describeError(error)}</p>
        </ErrorState>
      );
    }
  }

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Oversight"
        title="Trace a payment"
        description="Follow a remittance (commissioner → prime) or a subcontractor payment (prime → subcontractor) back to every claim it carried, who approved each one, the evidence, the ledger and the audit events."
      />
      <FilterForm action="/trace" label="Find a payment">
        <FilterSelect
          name="kind"
          label="Payment"
          value={kind}
          options={[
            { value: 'remittance', label: 'Remittance' },
            { value: 'subcontractor-payment', label: 'Subcontractor payment' },
          ]}
        />
        <FilterInput name="id" label="Payment id" value={id} />
      </FilterForm>
      {problem && (
        <p role="alert" className="rounded-md border-l-4 border-red-700 bg-white p-4 text-red-800">
          {problem}
        </p>
      )}
      {!id && recent.length > 0 && (
        <section
          aria-labelledby="recent-title"
          className="rounded-lg border border-slate-200 bg-white p-4"
        >
          <h2 id="recent-title" className="font-semibold text-navy-900">
            Recently paid remittances
          </h2>
          <ul className="mt-2 space-y-1">
            {recent.map((item) => (
              <li key={item.id}>
                <Link
                  className="text-teal-800 underline underline-offset-4"
                  href={`/trace?kind=remittance&id=${item.id}`}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {trace && (
        <div className="space-y-6">
          <section
            aria-labelledby="payment-title"
            className="rounded-lg border border-slate-200 bg-white p-4"
          >
            <h2 id="payment-title" className="text-xl font-semibold text-navy-900">
              {trace.kind === 'REMITTANCE' ? 'Remittance' : 'Subcontractor payment'} of{' '}
              {formatMoney(trace.totalPence)} <StatusBadge status={trace.status} />
            </h2>
            <dl className="mt-3 grid gap-x-8 gap-y-1 text-sm sm:grid-cols-2">
              <div className="flex gap-2">
                <dt className="text-slate-700">Period</dt>
                <dd>
                  {formatDate(trace.periodStart)} – {formatDate(trace.periodEnd)}
                </dd>
              </div>
              <div className="flex gap-2">
                <dt className="text-slate-700">Paid</dt>
                <dd>
                  {trace.paidOn
                    ? `${formatDate(trace.paidOn)} (${trace.paidReference ?? 'no reference'})`
                    : 'Not yet'}
                </dd>
              </div>
              <div className="flex gap-2">
                <dt className="text-slate-700">Claims</dt>
                <dd>
                  {trace.claims.length}
                  {trace.isTruncated ? ' (first 500 shown)' : ''}
                </dd>
              </div>
              <div className="flex gap-2">
                <dt className="text-slate-700">Audit events</dt>
                <dd>
                  {trace.auditEvents.length} —{' '}
                  <Link className="text-teal-800 underline" href="/audit">
                    verify the chain
                  </Link>
                </dd>
              </div>
            </dl>
            {trace.scheduledFees.length > 0 && (
              <ul className="mt-3 list-disc pl-5 text-sm">
                {trace.scheduledFees.map((fee, index) => (
                  <li key={index}>
                    {fee.description}: {formatMoney(fee.amountPence)} (gross{' '}
                    {formatMoney(fee.grossPence)}, fee {formatMoney(fee.managementFeePence)})
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="claims-title" className="space-y-3">
            <h2 id="claims-title" className="text-xl font-semibold text-navy-900">
              Claims carried
            </h2>
            {trace.claims.length === 0 && (
              <p className="text-slate-700">No claims: this payment carried scheduled fees only.</p>
            )}
            {trace.claims.map((claim) => (
              <details key={claim.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <summary className="cursor-pointer font-semibold text-navy-900">
                  {claim.milestoneCode.replace(/_/g, ' ').toLowerCase()} #{claim.occurrence} on{' '}
                  {formatDate(claim.milestoneOn)} — {formatMoney(claim.linePence)} of{' '}
                  {formatMoney(claim.amountPence)}
                </summary>
                <div className="mt-3 space-y-2 text-sm">
                  <p>
                    <Link className="text-teal-800 underline" href={`/claims/${claim.id}`}>
                      Open the claim
                    </Link>{' '}
                    ·{' '}
                    {claim.remittedOn
                      ? `commissioner paid the prime on ${formatDate(claim.remittedOn)}`
                      : 'not yet paid to the prime'}
                  </p>
                  <ol className="list-decimal space-y-0.5 pl-5">
                    {claim.transitions.map((transition, index) => (
                      <li key={index}>
                        {formatDateTime(transition.at)}: {transition.fromStatus ?? 'new'} →{' '}
                        {transition.toStatus}
                        {transition.reason ? ` (${transition.reason})` : ''}
                      </li>
                    ))}
                  </ol>
                  {claim.evidence.length > 0 && (
                    <ul className="space-y-0.5">
                      {claim.evidence.map((file) => (
                        <li key={file.id} className="break-all">
                          Evidence {file.filename} — SHA-256 <code>{file.sha256}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </details>
            ))}
          </section>
          <section
            aria-labelledby="ledger-title"
            className="rounded-lg border border-slate-200 bg-white p-4"
          >
            <h2 id="ledger-title" className="font-semibold text-navy-900">
              Ledger transfers
            </h2>
            <ul className="mt-2 space-y-1 text-sm">
              {trace.ledger.map((entry) => (
                <li key={entry.id}>
                  {formatDateTime(entry.occurredAt)} · {entry.description} ·{' '}
                  {formatMoney(entry.amountPence)}
                </li>
              ))}
              {trace.ledger.length === 0 && <li>None posted yet.</li>}
            </ul>
          </section>
          <section
            aria-labelledby="audit-title"
            className="rounded-lg border border-slate-200 bg-white p-4"
          >
            <h2 id="audit-title" className="font-semibold text-navy-900">
              Audit events, in chain order
            </h2>
            <ol className="mt-2 space-y-1 text-sm">
              {trace.auditEvents.map((event) => (
                <li key={event.seq} className="break-all">
                  #{event.seq} · {formatDateTime(event.occurredAt)} ·{' '}
                  <strong>{event.action}</strong> on {event.entityType} · hash{' '}
                  <code>{event.hash.slice(0, 16)}…</code>
                </li>
              ))}
            </ol>
          </section>
        </div>
      )}
    </div>
  );
}
