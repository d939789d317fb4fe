import type { Metadata } from 'next';
import { AcknowledgeAlert, EditThresholds, RunScan } from '@/components/analytics/alert-actions';
import { formatBp } from '@/components/analytics/shared';
import { DataTable } from '@/components/data/data-table';
import { FilterForm, FilterSelect } from '@/components/data/filter-form';
import { PageHeader } from '@/components/data/page-header';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { cursorOf, pickParams, type SearchParams } from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Alerts' };
export const dynamic = 'force-dynamic';

const KINDS = ['FLOW_DOWN_REFERRALS', 'FLOW_DOWN_SPEND', 'PARKING', 'LATE_PAYMENT'] as const;
const KIND_LABELS: Record<(typeof KINDS)[number], string> = {
  FLOW_DOWN_REFERRALS: 'Referrals below bid',
  FLOW_DOWN_SPEND: 'Money below bid',
  PARKING: 'Parking',
  LATE_PAYMENT: 'Late payment',
};

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('alerts');
  if (!access) return null;
  const params = pickParams(await searchParams, ['programmeId', 'status', 'kind', 'cursor']);
  const status =
    params.status === 'ACKNOWLEDGED' || params.status === 'RAISED' ? params.status : undefined;
  const kind = KINDS.find((value) => value === params.kind);
  const isCommissionerAdmin = can(access.user, POLICIES.alerts.setThresholds);
  const canAcknowledge = can(access.user, POLICIES.alerts.acknowledge);

  const client = await createServerClient();
  let data;
  try {
    // The alert list does not depend on the chain; only the thresholds wait for it (for the default programme).
    const loadChainAndThresholds = async () => {
      const chain = await client.GET('/supply-chain').then(unwrap);
      const programme =
        chain.programmes.find((item) => item.id === params.programmeId) ?? chain.programmes[0];
      const thresholds = programme
        ? await client
            .GET('/alerts/thresholds/{programmeId}', {
              params: { path: { programmeId: programme.id } },
            })
            .then(unwrap)
        : null;
      return { chain, programme, thresholds };
    };
    const [list, { chain, programme, thresholds }] = await Promise.all([
      client
        .GET('/alerts', {
          params: {
            query: {
              programmeId: params.programmeId,
              status,
              kind,
              cursor: params.cursor,
              limit: 50,
            },
          },
        })
        .then(unwrap),
      loadChainAndThresholds(),
    ]);
    data = {
      chain,
      programme,
      alerts: list.alerts,
      nextCursor: cursorOf(list.nextCursor),
      thresholds: thresholds?.thresholds ?? null,
    };
  } catch (error) {
    return (
      <ErrorState title="Alerts could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { chain, programme, alerts, thresholds } = data;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Oversight"
        title="Alerts"
        description="Raised by the nightly scan: subcontractors getting less than their bid promised, providers parking participants, and subcontractors paid late."
        actions={isCommissionerAdmin ? <RunScan programmeId={params.programmeId} /> : undefined}
      />
      {thresholds && programme && (
        <section
          aria-labelledby="thresholds-title"
          className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4"
        >
          <div>
            <h2 id="thresholds-title" className="font-semibold text-navy-900">
              Thresholds for {programme.name}{' '}
              {thresholds.isDefault && (
                <span className="text-sm font-normal text-slate-600">(defaults)</span>
              )}
            </h2>
            <dl className="mt-2 grid grid-cols-1 gap-x-8 gap-y-1 text-sm sm:grid-cols-2">
              <div className="flex gap-2">
                <dt className="text-slate-700">Flow-down below</dt>
                <dd className="font-semibold tabular-nums">
                  {formatBp(thresholds.flowDownMinBp)} of bid
                </dd>
              </div>
              <div className="flex gap-2">
                <dt className="text-slate-700">Parked after</dt>
                <dd className="font-semibold tabular-nums">
                  {thresholds.parkingInactiveDays} days without activity
                </dd>
              </div>
              <div className="flex gap-2">
                <dt className="text-slate-700">Parked share above</dt>
                <dd className="font-semibold tabular-nums">
                  {formatBp(thresholds.parkingMaxShareBp)}
                </dd>
              </div>
              <div className="flex gap-2">
                <dt className="text-slate-700">Late payments above</dt>
                <dd className="font-semibold tabular-nums">
                  {formatBp(thresholds.latePaymentMaxShareBp)}
                </dd>
              </div>
            </dl>
          </div>
          {isCommissionerAdmin && (
            <EditThresholds thresholds={thresholds} programmeName={programme.name} />
          )}
        </section>
      )}
      <FilterForm action="/alerts" label="Filter alerts">
        {chain.programmes.length > 1 && (
          <FilterSelect
            name="programmeId"
            label="Programme"
            value={params.programmeId}
            options={chain.programmes.map((item) => ({ value: item.id, label: item.name }))}
          />
        )}
        <FilterSelect
          name="status"
          label="Status"
          value={status}
          options={[
            { value: 'RAISED', label: 'Raised' },
            { value: 'ACKNOWLEDGED', label: 'Acknowledged' },
          ]}
        />
        <FilterSelect
          name="kind"
          label="Kind"
          value={kind}
          options={KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
        />
      </FilterForm>
      <DataTable
        caption="Alerts, newest first"
        rows={alerts}
        rowKey={(alert) => alert.id}
        state={{ path: '/alerts', params }}
        nextCursor={data.nextCursor}
        emptyMessage={
          isCommissionerAdmin
            ? 'No alerts. Run the scan to check the supply chain now.'
            : 'No alerts in your slice.'
        }
        columns={[
          { key: 'kind', header: 'Kind', cell: (alert) => KIND_LABELS[alert.kind] },
          {
            key: 'subject',
            header: 'Subject',
            cell: (alert) => (
              <span>
                {alert.subcontractorName ?? 'Prime-delivered'}
                <span className="block text-xs text-slate-600">{alert.primeContractReference}</span>
              </span>
            ),
          },
          {
            key: 'detail',
            header: 'Detail',
            cell: (alert) => <span className="block max-w-md">{alert.detail}</span>,
          },
          {
            key: 'measured',
            header: 'Measured (threshold)',
            isNumeric: true,
            cell: (alert) => `${formatBp(alert.measuredBp)} (${formatBp(alert.thresholdBp)})`,
          },
          { key: 'seen', header: 'Last seen', cell: (alert) => formatDateTime(alert.lastSeenAt) },
          {
            key: 'status',
            header: 'Status',
            cell: (alert) =>
              alert.status === 'RAISED' ? (
                <div className="flex flex-col items-start gap-2">
                  <StatusBadge status="OPEN" />
                  {canAcknowledge && (
                    <AcknowledgeAlert
                      id={alert.id}
                      subject={`${humanise(alert.kind)} — ${alert.subcontractorName ?? alert.primeContractReference}`}
                    />
                  )}
                </div>
              ) : (
                <span>
                  <StatusBadge status="RESOLVED" />
                  <span className="mt-1 block text-xs text-slate-600">
                    {alert.acknowledgementNote}
                  </span>
                </span>
              ),
          },
        ]}
      />
    </div>
  );
}
