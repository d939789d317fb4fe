'use client';

import { ConfirmDialog } from '@/components/money/confirm-dialog';
import { createBrowserClient, unwrap } from '@/lib/api';

/** The prime's finance or admin lets the claim be submitted without its evidence, with a reason (recorded and audited). */
export function OverrideEvidence({ claimId }: { claimId: string }) {
  return (
    <ConfirmDialog
      id="confirm-evidence-override"
      openLabel="Allow without evidence"
      title="Allow this claim to be submitted without its evidence?"
      confirmLabel="Confirm: record the override"
      busyLabel="Recording…"
      variant="secondary"
      fields={['reason']}
      summary={
        <p>Your name, the time and your reason are recorded on the claim and in the audit trail.</p>
      }
      onConfirm={async ({ values }) => {
        unwrap(
          await createBrowserClient().POST('/claims/{id}/evidence-override', {
            params: { path: { id: claimId } },
            body: { reason: values.reason },
          }),
        );
        return { message: 'Override recorded: the claim may be submitted without its evidence.' };
      }}
    />
  );
}
