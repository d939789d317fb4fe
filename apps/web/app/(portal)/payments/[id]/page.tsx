import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable } from '@/components/data/data-table';
import { PageHeader } from '@/components/data/page-header';
import { StatCard } from '@/components/data/stat-card';
import { StatusBadge } from '@/components/data/status-badge';
import { ErrorState } from '@/components/error-state';
import { PaymentActions } from '@/components/money/payment-actions';
import { ApiProblemError, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'Payment' };
export const dynamic = 'force-dynamic';

export default async function PaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireSection('payments');
  if (!access) return null;
  const { id } = await params;
  let data;
  try {
    data = unwrap(
      await (
        await createServerClient()
      ).GET('/subcontractor-payments/{id}', { params: { path: { id } } }),
    );
  } catch (error) {
    if (
      error instanceof ApiProblemError &&
      (error.problem.status === 404 || error.problem.status === 400)
    )
      notFound();
    return (
      <ErrorState title="This payment could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  const { payment, lines } = data;
  const canAct = can(access.user, POLICIES.payments.run);

  return (
    <div className="space-y-6">
      <p>
        <Link href="/payments" className="text-teal-800 underline underline-offset-4">
          ← Payments
        </Link>
      </p>
      <PageHeader
        eyebrow={`Subcontractor payment · ${formatDate(payment.periodStart)} – ${formatDate(payment.periodEnd)}`}
        title={payment.subcontractorName}
        description={
          <span className="flex flex-wrap gap-2">
            <StatusBadge status={payment.status} />
            {payment.isLate && <StatusBadge status="LATE" />}
          </span>
        }
        actions={
          canAct ? <PaymentActions payment={payment} currentUserId={access.user.id} /> : undefined
        }
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label="Gross" value={formatMoney(payment.grossPence)} />
        <StatCard label="Management fee (kept)" value={formatMoney(payment.managementFeePence)} />
        <StatCard
          label="Net to the subcontractor"
          value={formatMoney(payment.amountPence)}
          tone={payment.status === 'PAID' ? 'good' : 'neutral'}
        />
        <StatCard
          label="Due"
          value={formatDate(payment.dueOn)}
          tone={payment.isLate ? 'attention' : 'neutral'}
          hint={
            payment.paidOn
              ? `Paid ${formatDate(payment.paidOn)} · ${payment.paidReference ?? ''}`
              : payment.isLate
                ? 'Late: past its SLA'
                : 'Not paid yet'
          }
        />
      </div>
      <DataTable
        caption="Payment lines"
        rows={lines}
        rowKey={(line) => line.id}
        state={{ path: `/payments/${payment.id}`, params: {} }}
        emptyMessage="No lines."
        columns={[
          {
            key: 'description',
            header: 'Line',
            cell: (line) =>
              line.claimId ? (
                <Link
                  href={`/claims/${line.claimId}`}
                  className="text-teal-800 underline underline-offset-4"
                >
                  {line.description}
                </Link>
              ) : (
                line.description
              ),
          },
          {
            key: 'gross',
            header: 'Gross',
            isNumeric: true,
            cell: (line) => formatMoney(line.grossPence),
          },
          {
            key: 'fee',
            header: 'Fee',
            isNumeric: true,
            cell: (line) => formatMoney(line.managementFeePence),
          },
          {
            key: 'net',
            header: 'Net',
            isNumeric: true,
            cell: (line) => formatMoney(line.amountPence),
          },
        ]}
      />
    </div>
  );
}
