'use client';

// Commissioner: run a remittance for a prime contract and period. The
// confirmation previews what will be paid — every APPROVED claim of the
// contract decided in the period (the API's own rule) — before anything is written.
import { useState } from 'react';
import { SelectField, TextField } from '@/components/form';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { ConfirmDialog, Figures } from './confirm-dialog';
import { cursorOf, type Schemas } from './shared';

type Claim = Schemas['ClaimListDto']['claims'][number];

async function approvedClaims(primeContractId: string): Promise<Claim[]> {
  const client = createBrowserClient();
  const found: Claim[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const list = unwrap(await client.GET('/claims', { params: { query: { status: 'APPROVED', primeContractId, cursor, limit: 200 } } }));
    found.push(...list.claims);
    const next = cursorOf(list.nextCursor);
    if (!next) break;
    cursor = next;
  }
  return found;
}

/**
 * Claims already in a remittance that has not been paid yet (a paid one's
 * claims are no longer APPROVED): the run skips them, so the preview must too.
 */
async function claimsInUnpaidRemittances(primeContractId: string): Promise<Set<string>> {
  const client = createBrowserClient();
  const ids = new Set<string>();
  for (const status of ['DRAFT', 'EXPORTED'] as const) {
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const list = unwrap(await client.GET('/remittances', { params: { query: { primeContractId, status, cursor, limit: 100 } } }));
      for (const remittance of list.remittances) {
        const detail = unwrap(await client.GET('/remittances/{id}', { params: { path: { id: remittance.id } } }));
        for (const line of detail.lines) ids.add(line.claimId);
      }
      const next = cursorOf(list.nextCursor);
      if (!next) break;
      cursor = next;
    }
  }
  return ids;
}

export function RunRemittance({ contracts, period }: { contracts: { value: string; label: string }[]; period: { periodStart: string; periodEnd: string } }) {
  const [primeContractId, setPrimeContractId] = useState(contracts[0]?.value ?? '');
  const [periodStart, setPeriodStart] = useState(period.periodStart);
  const [periodEnd, setPeriodEnd] = useState(period.periodEnd);
  const [preview, setPreview] = useState<{ count: number; totalPence: bigint } | { problem: string } | null>(null);

  function loadPreview() {
    setPreview(null);
    Promise.all([approvedClaims(primeContractId), claimsInUnpaidRemittances(primeContractId)])
      .then(([claims, remitted]) => {
        // The API's rule: decided (as a UTC day, else achieved) in the period, and in no remittance yet.
        const due = claims.filter((claim) => {
          const day = claim.decidedAt ? new Date(claim.decidedAt).toISOString().slice(0, 10) : claim.milestoneOn;
          return day >= periodStart && day <= periodEnd && !remitted.has(claim.id);
        });
        setPreview({ count: due.length, totalPence: due.reduce((sum, claim) => sum + BigInt(claim.amountPence), 0n) });
      })
      .catch(() => setPreview({ problem: 'The preview could not be loaded; the run will still report exactly what it remitted.' }));
  }

  const contractLabel = contracts.find((contract) => contract.value === primeContractId)?.label ?? '';

  return (
    <section aria-labelledby="run-remittance-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="run-remittance-title" className="text-xl font-semibold text-navy-900">
        Run a remittance
      </h2>
      <div className="grid gap-4 md:grid-cols-3" onChange={(event) => {
        const target = event.target as HTMLInputElement | HTMLSelectElement;
        if (target.name === 'primeContractId') setPrimeContractId(target.value);
        if (target.name === 'periodStart') setPeriodStart(target.value);
        if (target.name === 'periodEnd') setPeriodEnd(target.value);
      }}>
        <SelectField id="primeContractId" label="Prime contract" options={contracts} defaultValue={primeContractId} />
        <TextField id="periodStart" name="periodStart" type="date" label="Period from" defaultValue={periodStart} />
        <TextField id="periodEnd" name="periodEnd" type="date" label="Period to" defaultValue={periodEnd} />
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
              Every approved claim of <strong>{contractLabel}</strong> decided between {periodStart} and {periodEnd} and not yet remitted, less any clawbacks.
            </p>
            {preview === null ? (
              <p role="status">Working out what will be paid…</p>
            ) : 'problem' in preview ? (
              <p>{preview.problem}</p>
            ) : (
              <Figures
                items={[
                  { label: 'Claims to remit', value: preview.count },
                  { label: 'Total before clawbacks', value: formatMoney(preview.totalPence) },
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
