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
}

export function PaymentActions({ payment }: { payment: PaymentSummary }) {
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
        summary={figures}
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
