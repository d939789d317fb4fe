'use client';

import { ConfirmDialog } from '@/components/money/confirm-dialog';
import { createBrowserClient, unwrap } from '@/lib/api';

/** The prime's finance or admin withdraws an override recorded in error, with a reason (kept on the claim and audited). */
export function WithdrawEvidenceOverride({ claimId }: { claimId: string }) {
  return (
    <ConfirmDialog
      id="confirm-withdraw-evidence-override"
      openLabel="Withdraw the override"
      title="Withdraw this evidence override?"
      confirmLabel="Confirm: withdraw the override"
      busyLabel="Withdrawing…"
      variant="danger"
      fields={['reason']}
      summary={
        <p>
          The override stays on the claim, marked withdrawn with your name, the time and your
          reason. The claim then goes no further towards payment until its evidence is attached.
        </p>
      }
      onConfirm={async ({ values }) => {
        unwrap(
          await createBrowserClient().POST('/claims/{id}/evidence-override/withdrawal', {
            params: { path: { id: claimId } },
            body: { reason: values.reason },
          }),
        );
        return {
          message: 'Override withdrawn: the claim needs its evidence before it goes further.',
        };
      }}
    />
  );
}
