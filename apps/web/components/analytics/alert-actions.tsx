'use client';

import { ActionDialog } from '@/components/action-dialog';
import { createBrowserClient, unwrap } from '@/lib/api';

export function AcknowledgeAlert({ id, subject }: { id: string; subject: string }) {
  return (
    <ActionDialog
      id={`acknowledge-${id}`}
      openLabel="Acknowledge"
      title="Acknowledge this alert?"
      confirmLabel="Acknowledge alert"
      busyLabel="Acknowledging…"
      summary={
        <p>
          Record what was done about <strong>{subject}</strong>, or why it is accepted. The scan
          will not raise it again for 30 days.
        </p>
      }
      fields={[{ name: 'note', label: 'Note', isRequired: true }]}
      onConfirm={async (values) => {
        unwrap(
          await createBrowserClient().POST('/alerts/{id}/acknowledge', {
            params: { path: { id } },
            body: { note: values.note ?? '' },
          }),
        );
        return 'Alert acknowledged.';
      }}
    />
  );
}

export function RunScan({ programmeId }: { programmeId?: string }) {
  return (
    <ActionDialog
      id="run-scan"
      openLabel="Run scan now"
      title="Run the alert scan now?"
      confirmLabel="Run scan"
      busyLabel="Scanning…"
      size="md"
      summary={
        <p>
          Refreshes the summary tables, then checks every contract for flow-down below threshold,
          parking and late payment — what the nightly scan does at 02:00.
        </p>
      }
      onConfirm={async () => {
        const { scan } = unwrap(
          await createBrowserClient().POST('/alerts/scan', {
            body: { programmeId, refresh: true },
          }),
        );
        return `Scan finished: ${scan.raised} new ${scan.raised === 1 ? 'alert' : 'alerts'}, ${scan.stillOpen} still open.`;
      }}
    />
  );
}

export interface Thresholds {
  programmeId: string;
  flowDownMinBp: number;
  parkingInactiveDays: number;
  parkingMaxShareBp: number;
  latePaymentMaxShareBp: number;
}

const toPercent = (bp: number) => String(bp / 100);
const toBp = (percent: string) => Math.round(Number(percent) * 100);

export function EditThresholds({
  thresholds,
  programmeName,
}: {
  thresholds: Thresholds;
  programmeName: string;
}) {
  return (
    <ActionDialog
      id="edit-thresholds"
      openLabel="Change thresholds"
      title={`Alert thresholds for ${programmeName}`}
      confirmLabel="Save thresholds"
      busyLabel="Saving…"
      variant="secondary"
      fields={[
        {
          name: 'flowDownMinPercent',
          apiField: 'body.flowDownMinBp',
          label: 'Flow-down minimum (% of bid share)',
          type: 'number',
          isRequired: true,
          defaultValue: toPercent(thresholds.flowDownMinBp),
          hint: 'Flag a subcontractor whose actual share of referrals or money is below this share of its bid.',
        },
        {
          name: 'parkingInactiveDays',
          apiField: 'body.parkingInactiveDays',
          label: 'Days without activity counted as parked',
          type: 'number',
          isRequired: true,
          defaultValue: String(thresholds.parkingInactiveDays),
        },
        {
          name: 'parkingMaxPercent',
          apiField: 'body.parkingMaxShareBp',
          label: 'Parked share of caseload that raises an alert (%)',
          type: 'number',
          isRequired: true,
          defaultValue: toPercent(thresholds.parkingMaxShareBp),
        },
        {
          name: 'lateMaxPercent',
          apiField: 'body.latePaymentMaxShareBp',
          label: 'Late payment share that raises an alert (%)',
          type: 'number',
          isRequired: true,
          defaultValue: toPercent(thresholds.latePaymentMaxShareBp),
        },
      ]}
      onConfirm={async (values) => {
        unwrap(
          await createBrowserClient().PUT('/alerts/thresholds/{programmeId}', {
            params: { path: { programmeId: thresholds.programmeId } },
            body: {
              flowDownMinBp: toBp(values.flowDownMinPercent ?? ''),
              parkingInactiveDays: Number(values.parkingInactiveDays),
              parkingMaxShareBp: toBp(values.parkingMaxPercent ?? ''),
              latePaymentMaxShareBp: toBp(values.lateMaxPercent ?? ''),
            },
          }),
        );
        return 'Alert thresholds saved. They apply from the next scan.';
      }}
    />
  );
}
