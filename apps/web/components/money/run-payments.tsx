'use client';

// Prime: run subcontractor payments for a prime contract (or one subcontract)
// and period. The confirmation previews, per subcontract, the remitted claims
// received in the period; the run then creates DRAFT payments computed from
// each subcontract's terms, listed with their totals before anyone approves them.
import Link from 'next/link';
import { useState } from 'react';
import { SelectField, TextField } from '@/components/form';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { ConfirmDialog } from './confirm-dialog';
import { cursorOf, type PrimeContract, type Schemas } from './shared';

type Payment = Schemas['PaymentRunDto']['payments'][number];
interface PreviewRow {
  subcontractId: string;
  name: string;
  claims: number;
  primeFeePence: bigint;
}

async function previewRun(contract: PrimeContract, subcontractId: string, periodStart: string, periodEnd: string): Promise<PreviewRow[]> {
  const client = createBrowserClient();
  const rows = new Map<string, PreviewRow>(
    contract.subcontracts
      .filter((subcontract) => !subcontractId || subcontract.id === subcontractId)
      .map((subcontract) => [subcontract.id, { subcontractId: subcontract.id, name: subcontract.subcontractorName, claims: 0, primeFeePence: 0n }]),
  );
  let cursor: string | undefined;
  for (let page = 0; page < 10; page += 1) {
    const list = unwrap(await client.GET('/remittances', { params: { query: { primeContractId: contract.id, status: 'PAID', cursor, limit: 100 } } }));
    const received = list.remittances.filter((remittance) => remittance.paidOn && remittance.paidOn >= periodStart && remittance.paidOn <= periodEnd);
    for (const remittance of received) {
      const detail = unwrap(await client.GET('/remittances/{id}', { params: { path: { id: remittance.id } } }));
      for (const line of detail.lines) {
        const row = line.subcontractId ? rows.get(line.subcontractId) : undefined;
        if (!row) continue;
        row.claims += 1;
        row.primeFeePence += BigInt(line.amountPence);
      }
    }
    const next = cursorOf(list.nextCursor);
    if (!next) break;
    cursor = next;
  }
  return [...rows.values()];
}

export function RunPayments({ contracts, period }: { contracts: PrimeContract[]; period: { periodStart: string; periodEnd: string } }) {
  const [primeContractId, setPrimeContractId] = useState(contracts[0]?.id ?? '');
  const [subcontractId, setSubcontractId] = useState('');
  const [periodStart, setPeriodStart] = useState(period.periodStart);
  const [periodEnd, setPeriodEnd] = useState(period.periodEnd);
  const [preview, setPreview] = useState<PreviewRow[] | { problem: string } | null>(null);
  const [created, setCreated] = useState<Payment[] | null>(null);
  const contract = contracts.find((item) => item.id === primeContractId);

  function loadPreview() {
    if (!contract) return;
    setPreview(null);
    previewRun(contract, subcontractId, periodStart, periodEnd)
      .then(setPreview)
      .catch(() => setPreview({ problem: 'The preview could not be loaded; the run will still report exactly what it created.' }));
  }

  return (
    <section aria-labelledby="run-payments-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="run-payments-title" className="text-xl font-semibold text-navy-900">
        Run subcontractor payments
      </h2>
      <div
        className="grid gap-4 md:grid-cols-2 lg:grid-cols-4"
        onChange={(event) => {
          const target = event.target as HTMLInputElement | HTMLSelectElement;
          if (target.name === 'runPrimeContractId') {
            setPrimeContractId(target.value);
            setSubcontractId('');
          }
          if (target.name === 'runSubcontractId') setSubcontractId(target.value);
          if (target.name === 'runPeriodStart') setPeriodStart(target.value);
          if (target.name === 'runPeriodEnd') setPeriodEnd(target.value);
        }}
      >
        <SelectField id="runPrimeContractId" label="Prime contract" options={contracts.map((item) => ({ value: item.id, label: item.reference }))} defaultValue={primeContractId} />
        <SelectField
          key={primeContractId}
          id="runSubcontractId"
          label="Subcontract"
          options={[{ value: '', label: 'Every subcontract' }, ...(contract?.subcontracts ?? []).map((item) => ({ value: item.id, label: item.subcontractorName }))]}
          defaultValue=""
        />
        <TextField id="runPeriodStart" type="date" label="Period from" defaultValue={periodStart} />
        <TextField id="runPeriodEnd" type="date" label="Period to" defaultValue={periodEnd} />
      </div>
      <ConfirmDialog
        id="confirm-payment-run"
        openLabel="Review payment run"
        title="Run these payments?"
        confirmLabel="Confirm and create draft payments"
        busyLabel="Running…"
        isDisabled={!contract}
        onOpen={loadPreview}
        summary={
          <div className="space-y-3">
            <p>
              Claims whose remittance you received between {periodStart} and {periodEnd}, priced by each subcontract&rsquo;s terms, plus scheduled fees due. Payments are created as drafts for
              approval.
            </p>
            {preview === null ? (
              <p role="status">Working out what is due…</p>
            ) : 'problem' in preview ? (
              <p>{preview.problem}</p>
            ) : (
              <table className="w-full text-sm">
                <caption className="sr-only">Remitted claims per subcontract</caption>
                <thead>
                  <tr className="text-left">
                    <th scope="col">Subcontract</th>
                    <th scope="col" className="text-right">
                      Claims
                    </th>
                    <th scope="col" className="text-right">
                      Prime&rsquo;s fee
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {preview.map((row) => (
                    <tr key={row.subcontractId} className="border-t border-slate-200">
                      <th scope="row" className="py-1 text-left font-normal">
                        {row.name}
                      </th>
                      <td className="text-right tabular-nums">{row.claims}</td>
                      <td className="text-right tabular-nums">{formatMoney(row.primeFeePence)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        }
        onConfirm={async ({ idempotencyKey }) => {
          const result = unwrap(
            await createBrowserClient().POST('/subcontractor-payments', {
              params: { header: { 'Idempotency-Key': idempotencyKey } },
              body: subcontractId ? { subcontractId, periodStart, periodEnd } : { primeContractId, periodStart, periodEnd },
            }),
          );
          setCreated(result.payments);
          const total = result.payments.reduce((sum, payment) => sum + BigInt(payment.amountPence), 0n);
          return { message: `${result.payments.length} draft ${result.payments.length === 1 ? 'payment' : 'payments'} created, ${formatMoney(total)} in all.` };
        }}
      />
      {created && (
        <div role="region" aria-label="Draft payments created" className="rounded-md border border-teal-300 bg-teal-50 p-4">
          <h3 className="font-semibold text-navy-900">Draft payments created — approve each below</h3>
          <ul className="mt-2 space-y-1 text-sm">
            {created.map((payment) => (
              <li key={payment.id}>
                <Link href={`/payments/${payment.id}`} className="text-teal-800 underline">
                  {payment.subcontractorName}
                </Link>{' '}
                — {payment.lineCount} lines, gross {formatMoney(payment.grossPence)}, fee {formatMoney(payment.managementFeePence)}, net <strong>{formatMoney(payment.amountPence)}</strong>, due{' '}
                {formatDate(payment.dueOn)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
