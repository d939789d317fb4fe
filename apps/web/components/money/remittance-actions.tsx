'use client';

import { createBrowserClient, unwrap } from '@/lib/api';
import { formatMoney, penceToPoundsText, poundsToPence } from '@/lib/format';
import { ConfirmDialog, Figures } from './confirm-dialog';

export function MarkRemittancePaid({
  id,
  claimCount,
  netPence,
  primeContractReference,
}: {
  id: string;
  claimCount: number;
  netPence: string;
  primeContractReference: string;
}) {
  return (
    <ConfirmDialog
      id="confirm-remittance-paid"
      openLabel="Mark as paid"
      title="Mark this remittance as paid?"
      confirmLabel="Confirm payment"
      busyLabel="Recording…"
      fields={['paidReference', 'paidOn', 'receivedPounds']}
      defaults={{ receivedPounds: penceToPoundsText(netPence) }}
      summary={
        <div className="space-y-3">
          <p>
            Records that the money has left your account for{' '}
            <strong>{primeContractReference}</strong>: its claims become Paid and the transfer is
            posted to the ledger.
          </p>
          <Figures
            items={[
              { label: 'Claims', value: claimCount },
              { label: 'Amount due', value: formatMoney(netPence) },
            ]}
          />
        </div>
      }
      onConfirm={async ({ idempotencyKey, values }) => {
        const result = unwrap(
          await createBrowserClient().POST('/remittances/{id}/paid', {
            params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              paidReference: values.paidReference,
              paidOn: values.paidOn,
              receivedPence: poundsToPence(values.receivedPounds) ?? undefined,
            },
          }),
        );
        const { paymentOutcome, differencePence } = result.remittance;
        const note =
          paymentOutcome === 'SHORT'
            ? `, ${formatMoney(-BigInt(differencePence ?? '0'))} short`
            : paymentOutcome === 'OVER'
              ? `, ${formatMoney(differencePence)} over`
              : '';
        return { message: `Remittance marked paid (${result.remittance.paidReference}${note}).` };
      }}
    />
  );
}
