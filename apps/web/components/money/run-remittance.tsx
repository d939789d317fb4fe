'use client';

// Commissioner: run a remittance for a prime contract and period. The
// confirmation shows the server's dry run (POST /remittances/preview: the run's
// own statements, rolled back) — exactly the claims, gross, clawbacks and net
// the run will create — before anything is written.
import { useState } from 'react';
import { SelectField, TextField } from '@/components/form';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { ConfirmDialog, Figures } from './confirm-dialog';
import { type Schemas } from './shared';

type Preview = Schemas['RemittancePreviewDto'];

export function RunRemittance({
  contracts,
  period,
}: {
  contracts: { value: string; label: string }[];
  period: { periodStart: string; periodEnd: string };
}) {
  const [primeContractId, setPrimeContractId] = useState(contracts[0]?.value ?? '');
  const [periodStart, setPeriodStart] = useState(period.periodStart);
  const [periodEnd, setPeriodEnd] = useState(period.periodEnd);
  const [preview, setPreview] = useState<Preview | { problem: string } | null>(null);

  function loadPreview() {
    setPreview(null);
    createBrowserClient()
      .POST('/remittances/preview', { body: { primeContractId, periodStart, periodEnd } })
      .then((response) => setPreview(unwrap(response)))
      .catch((error: unknown) => setPreview({ problem: describeError(error) }));
  }

  const contractLabel =
    contracts.find((contract) => contract.value === primeContractId)?.label ?? '';

  return (
    <section
      aria-labelledby="run-remittance-title"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="run-remittance-title" className="text-xl font-semibold text-navy-900">
        Run a remittance
      </h2>
      <div
        className="grid gap-4 md:grid-cols-3"
        onChange={(event) => {
          const target = event.target as HTMLInputElement | HTMLSelectElement;
          if (target.name === 'primeContractId') setPrimeContractId(target.value);
          if (target.name === 'periodStart') setPeriodStart(target.value);
          if (target.name === 'periodEnd') setPeriodEnd(target.value);
        }}
      >
        <SelectField
          id="primeContractId"
          label="Prime contract"
          options={contracts}
          defaultValue={primeContractId}
        />
        <TextField
          id="periodStart"
          name="periodStart"
          type="date"
          label="Period from"
          defaultValue={periodStart}
        />
        <TextField
          id="periodEnd"
          name="periodEnd"
          type="date"
          label="Period to"
          defaultValue={periodEnd}
        />
      </div>
      <ConfirmDialog
        id="confirm-remittance"
        openLabel="Review remittance"
        title="Run this remittance?"
        confirmLabel="Confirm and create remittance"
        busyLabel="Running…"
        isDisabled={!primeContractId}
        onOpen={loadPreview}
        summary={
          <div className="space-y-3">
            <p>
              Every approved claim of <strong>{contractLabel}</strong> decided between {periodStart}{' '}
              and {periodEnd} and not yet remitted, less any clawbacks.
            </p>
            {preview === null ? (
              <p role="status">Working out what will be paid…</p>
            ) : 'problem' in preview ? (
              <p role="alert">{preview.problem}</p>
            ) : (
              <Figures
                items={[
                  { label: 'Claims to remit', value: preview.remittance.claimCount },
                  { label: 'Gross', value: formatMoney(preview.remittance.grossPence) },
                  { label: 'Clawbacks', value: formatMoney(preview.remittance.clawbackPence) },
                  { label: 'Net to pay', value: formatMoney(preview.remittance.netPence) },
                ]}
              />
            )}
          </div>
        }
        onConfirm={async ({ idempotencyKey }) => {
          const result = unwrap(
            await createBrowserClient().POST('/remittances', {
              params: { header: { 'Idempotency-Key': idempotencyKey } },
              body: { primeContractId, periodStart, periodEnd },
            }),
          );
          const remittance = result.remittance;
          return {
            message: `Remittance created: ${remittance.claimCount} claims, ${formatMoney(remittance.netPence)} to pay.`,
            href: `/remittances/${remittance.id}`,
          };
        }}
      />
    </section>
  );
}
