'use client';

import { createBrowserClient, unwrap } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { ConfirmDialog, Figures } from './confirm-dialog';

interface PaymentSummary {
  id: string;
  status: 'DRAFT' | 'APPROVED' | 'PAID';
  subcontractorName: string;
  lineCount: number;
  grossPence: string;
  managementFeePence: string;
  amountPence: string;
  runByUserId: string | null;
}

/**
 * Approve (DRAFT → APPROVED) and mark paid (APPROVED → PAID). Maker-checker:
 * the user who ran the payment cannot approve it — the API refuses with
 * PAYMENT_MAKER_CANNOT_APPROVE, shown in the dialog; the dialog says so first.
 */
export function PaymentActions({
  payment,
  currentUserId,
}: {
  payment: PaymentSummary;
  currentUserId: string;
}) {
  const figures = (
    <Figures
      items={[
        { label: 'Lines', value: payment.lineCount },
        { label: 'Gross', value: formatMoney(payment.grossPence) },
        { label: 'Management fee', value: formatMoney(payment.managementFeePence) },
        { label: 'Net to pay', value: formatMoney(payment.amountPence) },
      ]}
    />
  );
  if (payment.status === 'DRAFT') {
    return (
      <ConfirmDialog
        id="confirm-payment-approve"
        openLabel="Approve payment"
        title={`Approve the payment to ${payment.subcontractorName}?`}
        confirmLabel="Confirm approval"
        busyLabel="Approving…"
        fields={['note']}
        summary={
          <div className="space-y-3">
            {figures}
            {payment.runByUserId === currentUserId && (
              <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
                You ran this payment, so another finance or admin user must approve it
                (maker-checker).
              </p>
            )}
          </div>
        }
        onConfirm={async ({ idempotencyKey, values }) => {
          unwrap(
            await createBrowserClient().POST('/subcontractor-payments/{id}/approve', {
              params: { path: { id: payment.id }, header: { 'Idempotency-Key': idempotencyKey } },
              body: values.note ? { note: values.note } : {},
            }),
          );
          return { message: `Payment to ${payment.subcontractorName} approved.` };
        }}
      />
    );
  }
  if (payment.status === 'APPROVED') {
    return (
      <ConfirmDialog
        id="confirm-payment-paid"
        openLabel="Mark as paid"
        title={`Mark the payment to ${payment.subcontractorName} as paid?`}
        confirmLabel="Confirm payment"
        busyLabel="Recording…"
        fields={['paidReference', 'paidOn']}
        summary={figures}
        onConfirm={async ({ idempotencyKey, values }) => {
          unwrap(
            await createBrowserClient().POST('/subcontractor-payments/{id}/paid', {
              params: { path: { id: payment.id }, header: { 'Idempotency-Key': idempotencyKey } },
              body: { paidReference: values.paidReference, paidOn: values.paidOn },
            }),
          );
          return { message: `Payment to ${payment.subcontractorName} marked paid.` };
        }}
      />
    );
  }
  return null;
}
