import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable } from '@/components/data/data-table';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { humanise, StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { DownloadLink } from '@/components/money/download-link';
import { MarkRemittancePaid } from '@/components/money/remittance-actions';
import { ApiProblemError, BROWSER_API_BASE, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Remittance' };
export const dynamic = 'force-dynamic';

export default async function RemittancePage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('remittances');
  if (!access) return null;
  const { id } = await params;
  let data;
  try {
    data = unwrap(
      await (await createServerClient()).GET('/remittances/{id}', { params: { path: { id } } }),
    );
  } catch (error) {
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 400)
    )
      notFound();
    return (
      <ErrorState title="This remittance could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { remittance, lines } = data;
  const canPay = can(access.user, POLICIES.remittances.run) && remittance.status !== 'PAID';

  return (
    <div className="space-y-6">
      <p>
        <Link href="/remittances" className="text-teal-800 underline underline-offset-4">
          ← Remittances
        </Link>
      </p>
      <PageHeader
        eyebrow={`Remittance · ${formatDate(remittance.periodStart)} – ${formatDate(remittance.periodEnd)}`}
        title={remittance.primeContractReference}
        description={<StatusBadge status={remittance.status} />}
        actions={
          <>
            <DownloadLink href={`${BROWSER_API_BASE}/remittances/${remittance.id}/export.csv`}>
              Export CSV
            </DownloadLink>
            {canPay && (
              <MarkRemittancePaid
                id={remittance.id}
                claimCount={remittance.claimCount}
                netPence={remittance.netPence}
                primeContractReference={remittance.primeContractReference}
              />
            )}
          </>
        }
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label="Claims" value={remittance.claimCount} />
        <StatCard label="Gross" value={formatMoney(remittance.grossPence)} />
        <StatCard
          label="Clawbacks netted"
          value={formatMoney(remittance.clawbackPence)}
          tone={remittance.clawbackPence !== '0' ? 'attention' : 'neutral'}
        />
        <StatCard
          label="Net to the prime"
          value={formatMoney(remittance.netPence)}
          tone={remittance.status === 'PAID' ? 'good' : 'neutral'}
          hint={
            remittance.paidOn
              ? `Paid ${formatDate(remittance.paidOn)} · ${remittance.paidReference ?? ''}`
              : 'Not paid yet'
          }
        />
        {remittance.receivedPence !== null && (
          <StatCard
            label="Received"
            value={formatMoney(remittance.receivedPence)}
            tone={remittance.paymentOutcome === 'MATCHED' ? 'good' : 'attention'}
            hint={
              remittance.paymentOutcome === 'SHORT'
                ? `Paid short by ${formatMoney(-BigInt(remittance.differencePence ?? '0'))}`
                : remittance.paymentOutcome === 'OVER'
                  ? `Paid over by ${formatMoney(remittance.differencePence)}`
                  : 'Paid in full'
            }
          />
        )}
      </div>
      <DataTable
        caption="Remitted claims"
        rows={lines}
        rowKey={(line) => line.claimId}
        state={{ path: `/remittances/${remittance.id}`, params: {} }}
        emptyMessage="No claims in this remittance."
        columns={[
          {
            key: 'participant',
            header: 'Participant',
            cell: (line) => (
              <Link
                href={`/claims/${line.claimId}`}
                className="text-teal-800 underline underline-offset-4"
              >
                {line.participantReference}
              </Link>
            ),
          },
          {
            key: 'milestone',
            header: 'Milestone',
            cell: (line) =>
              `${humanise(line.milestoneCode)}${line.occurrence > 1 ? ` #${line.occurrence}` : ''}`,
          },
          { key: 'on', header: 'Milestone date', cell: (line) => formatDate(line.milestoneOn) },
          {
            key: 'amount',
            header: 'Amount',
            isNumeric: true,
            cell: (line) => formatMoney(line.amountPence),
          },
          {
            key: 'received',
            header: 'Received',
            isNumeric: true,
            cell: (line) => formatMoney(line.receivedPence),
          },
        ]}
      />
    </div>
  );
}
