'use client';

// Prime: run subcontractor payments for a prime contract (or one subcontract)
// and period. The confirmation shows the server's dry run (POST
// /subcontractor-payments/preview: the run's own statements, rolled back) —
// per subcontract exactly the lines, gross, fee, net and due date the run will
// create; the run then creates them as DRAFT payments, which a second prime
// finance user approves (maker-checker).
import Link from 'next/link';
import { useState } from 'react';
import { SelectField, TextField } from '@/components/form';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formatDate, formatMoney } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { ConfirmDialog } from './confirm-dialog';
import { type ContractChoice, type Schemas } from './shared';

type Payment = Schemas['PaymentRunDto']['payments'][number];
type Preview = Schemas['PaymentPreviewDto'];

export function RunPayments({
  contracts,
  period,
}: {
  contracts: ContractChoice[];
  period: { periodStart: string; periodEnd: string };
}) {
  const [primeContractId, setPrimeContractId] = useState(contracts[0]?.id ?? '');
  const [subcontractId, setSubcontractId] = useState('');
  const [periodStart, setPeriodStart] = useState(period.periodStart);
  const [periodEnd, setPeriodEnd] = useState(period.periodEnd);
  const [preview, setPreview] = useState<Preview | { problem: string } | null>(null);
  const [created, setCreated] = useState<Payment[] | null>(null);
  const contract = contracts.find((item) => item.id === primeContractId);

  function loadPreview() {
    if (!contract) return;
    setPreview(null);
    createBrowserClient()
      .POST('/subcontractor-payments/preview', {
        body: subcontractId
          ? { subcontractId, periodStart, periodEnd }
          : { primeContractId: contract.id, periodStart, periodEnd },
      })
      .then((response) => setPreview(unwrap(response)))
      .catch((error: unknown) => setPreview({ problem: describeError(error) }));
  }

  return (
    <section
      aria-labelledby="run-payments-title"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
    >
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
        <SelectField
          id="runPrimeContractId"
          label="Prime contract"
          options={contracts.map((item) => ({ value: item.id, label: item.reference }))}
          defaultValue={primeContractId}
        />
        <SelectField
          key={primeContractId}
          id="runSubcontractId"
          label="Subcontract"
          options={[
            { value: '', label: 'Every subcontract' },
            ...(contract?.subcontracts ?? []).map((item) => ({
              value: item.id,
              label: item.subcontractorName,
            })),
          ]}
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
              Claims whose remittance you received between {periodStart} and {periodEnd}, priced by
              each subcontract&rsquo;s terms, plus scheduled fees due — as the server computes them.
              Payments are created as drafts; a second finance or admin user approves each one.
            </p>
            {preview === null ? (
              <p role="status">Working out what is due…</p>
            ) : 'problem' in preview ? (
              <p role="alert">{preview.problem}</p>
            ) : (
              <table className="w-full text-sm [&_td]:px-2 [&_td]:whitespace-nowrap [&_th]:px-2">
                <caption className="sr-only">Draft payments the run will create</caption>
                <thead>
                  <tr className="text-left">
                    <th scope="col">Subcontract</th>
                    <th scope="col" className="text-right">
                      Lines
                    </th>
                    <th scope="col" className="text-right">
                      Gross
                    </th>
                    <th scope="col" className="text-right">
                      Fee
                    </th>
                    <th scope="col" className="text-right">
                      Net
                    </th>
                    <th scope="col">Due</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.payments.map((row) => (
                    <tr key={row.subcontractId} className="border-t border-slate-200">
                      <th scope="row" className="py-1 text-left font-normal">
                        {row.subcontractorName}
                      </th>
                      <td className="text-right tabular-nums">{row.lineCount}</td>
                      <td className="text-right tabular-nums">{formatMoney(row.grossPence)}</td>
                      <td className="text-right tabular-nums">
                        {formatMoney(row.managementFeePence)}
                      </td>
                      <td className="text-right tabular-nums">{formatMoney(row.amountPence)}</td>
                      <td>
                        {formatDate(row.dueOn)}
                        {row.isLateAlready ? ' (already late)' : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="border-t-2 border-slate-300 font-semibold">
                    <th scope="row" className="py-1 text-left">
                      Total
                    </th>
                    <td className="text-right tabular-nums">{preview.totals.lineCount}</td>
                    <td className="text-right tabular-nums">
                      {formatMoney(preview.totals.grossPence)}
                    </td>
                    <td className="text-right tabular-nums">
                      {formatMoney(preview.totals.managementFeePence)}
                    </td>
                    <td className="text-right tabular-nums">
                      {formatMoney(preview.totals.amountPence)}
                    </td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            )}
          </div>
        }
        onConfirm={async ({ idempotencyKey }) => {
          const result = unwrap(
            await createBrowserClient().POST('/subcontractor-payments', {
              params: { header: { 'Idempotency-Key': idempotencyKey } },
              body: subcontractId
                ? { subcontractId, periodStart, periodEnd }
                : { primeContractId, periodStart, periodEnd },
            }),
          );
          setCreated(result.payments);
          const total = result.payments.reduce(
            (sum, payment) => sum + BigInt(payment.amountPence),
            0n,
          );
          return {
            message: `${result.payments.length} draft ${result.payments.length === 1 ? 'payment' : 'payments'} created, ${formatMoney(total)} in all.`,
          };
        }}
      />
      {created && (
        <div
          role="region"
          aria-label="Draft payments created"
          className="rounded-md border border-teal-300 bg-teal-50 p-4"
        >
          <h3 className="font-semibold text-navy-900">
            Draft payments created — another finance or admin user approves each one
          </h3>
          <ul className="mt-2 space-y-1 text-sm">
            {created.map((payment) => (
              <li key={payment.id}>
                <Link href={`/payments/${payment.id}`} className="text-teal-800 underline">
                  {payment.subcontractorName}
                </Link>{' '}
                — {payment.lineCount} lines, gross {formatMoney(payment.grossPence)}, fee{' '}
                {formatMoney(payment.managementFeePence)}, net{' '}
                <strong>{formatMoney(payment.amountPence)}</strong>, due {formatDate(payment.dueOn)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
