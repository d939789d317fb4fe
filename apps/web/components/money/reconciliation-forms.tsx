'use client';

// Run a reconciliation, import a bank statement, and work disputes on a line.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { StatusBadge } from '@/components/data/status-badge';
import {
  buttonClass,
  FieldError,
  readText,
  SelectField,
  SubmitButton,
  TextField,
} from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDate, formatMoney } from '@/lib/format';
import type { ContractChoice, Schemas } from './shared';

export function RunReconciliation({
  contracts,
  period,
}: {
  contracts: ContractChoice[];
  period: { periodStart: string; periodEnd: string };
}) {
  const router = useRouter();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const options = contracts.flatMap((contract) => [
    { value: `${contract.id}:`, label: `${contract.reference} — whole supply chain` },
    ...contract.subcontracts.map((subcontract) => ({
      value: `${contract.id}:${subcontract.id}`,
      label: `${contract.reference} — ${subcontract.subcontractorName}`,
    })),
  ]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [primeContractId = '', subcontractId] = readText(form, 'scope').split(':');
    setIsBusy(true);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/reconciliation/runs', {
          body: {
            primeContractId,
            ...(subcontractId ? { subcontractId } : {}),
            periodStart: readText(form, 'recPeriodStart'),
            periodEnd: readText(form, 'recPeriodEnd'),
          },
        }),
      );
      router.push(`/reconciliation/${result.run.id}`);
    } catch (problem) {
      setError(describeError(problem));
      setIsBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
      aria-labelledby="run-rec-title"
      noValidate
    >
      <h2 id="run-rec-title" className="text-xl font-semibold text-navy-900">
        Run a reconciliation
      </h2>
      <FieldError id="run-rec-error" error={error} />
      <div className="grid gap-4 md:grid-cols-3">
        <SelectField id="scope" label="Party" options={options} />
        <TextField
          id="recPeriodStart"
          type="date"
          label="Period from"
          defaultValue={period.periodStart}
        />
        <TextField
          id="recPeriodEnd"
          type="date"
          label="Period to"
          defaultValue={period.periodEnd}
        />
      </div>
      <SubmitButton isBusy={isBusy} busyLabel="Reconciling…">
        Reconcile
      </SubmitButton>
    </form>
  );
}

type BankStatement = Schemas['BankStatementResponseDto']['bankStatement'];

export function BankStatementUpload() {
  const toast = useToast();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<BankStatement | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('statement');
    if (!(file instanceof File) || file.size === 0) {
      setError('Choose a CSV file with date, reference and amount columns');
      return;
    }
    setIsBusy(true);
    setError(undefined);
    try {
      const response = unwrap(
        await createBrowserClient().POST('/reconciliation/bank-statements', {
          body: { filename: file.name, csv: await file.text() },
        }),
      );
      setResult(response.bankStatement);
      toast(
        `${response.bankStatement.matchedCount} of ${response.bankStatement.rowCount} lines matched.`,
      );
    } catch (problem) {
      setError(describeError(problem));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section
      aria-labelledby="bank-title"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="bank-title" className="text-xl font-semibold text-navy-900">
        Match a bank statement
      </h2>
      <form onSubmit={(event) => void submit(event)} className="space-y-2" noValidate>
        <label htmlFor="statement" className="block font-semibold text-navy-900">
          Bank statement or remittance advice (CSV)
        </label>
        <p id="statement-hint" className="text-sm text-slate-600">
          Header row <code>date,reference,amount</code>; amounts in pounds, negative for money out.
          Every bad row is reported and nothing is imported.
        </p>
        <FieldError id="statement-error" error={error} />
        <input
          id="statement"
          name="statement"
          type="file"
          accept=".csv,text/csv"
          className="block text-sm"
          aria-describedby="statement-hint"
        />
        <SubmitButton isBusy={isBusy} busyLabel="Matching…" variant="secondary">
          Upload and match
        </SubmitButton>
      </form>
      {result && (
        <table className="min-w-full text-sm">
          <caption className="text-left font-semibold text-navy-900">
            {result.filename}: {result.matchedCount} of {result.rowCount} matched
          </caption>
          <thead>
            <tr className="text-left">
              <th scope="col">Line</th>
              <th scope="col">Date</th>
              <th scope="col">Reference</th>
              <th scope="col" className="text-right">
                Amount
              </th>
              <th scope="col" className="text-right">
                Expected
              </th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {result.lines.map((line) => (
              <tr
                key={line.lineNumber}
                className={`border-t border-slate-200 ${line.outcome !== 'MATCHED' ? 'bg-amber-50' : ''}`}
              >
                <td>{line.lineNumber}</td>
                <td>{formatDate(line.paidOn)}</td>
                <td>{line.reference}</td>
                <td className="text-right tabular-nums">{formatMoney(line.amountPence)}</td>
                <td className="text-right tabular-nums">{formatMoney(line.expectedPence)}</td>
                <td>
                  <StatusBadge status={line.outcome} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Dispute = Schemas['DisputeListDto']['disputes'][number];

export function DisputeControls({
  resultId,
  dispute,
  organisationId,
}: {
  resultId: string;
  dispute: Dispute | undefined;
  organisationId: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [isOpen, setIsOpen] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const mode =
    !dispute || dispute.status === 'RESOLVED'
      ? 'raise'
      : dispute.status === 'OPEN' && dispute.raisedByOrganisationId !== organisationId
        ? 'answer'
        : dispute.raisedByOrganisationId === organisationId
          ? 'resolve'
          : null;
  if (!mode) return dispute ? <StatusBadge status={dispute.status} /> : null;
  const label =
    mode === 'raise' ? 'Raise dispute' : mode === 'answer' ? 'Answer dispute' : 'Resolve dispute';
  const fieldId = `dispute-${resultId}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = readText(new FormData(event.currentTarget), 'text').trim();
    if (!text) {
      setError('Enter some text');
      return;
    }
    setIsBusy(true);
    try {
      const client = createBrowserClient();
      if (mode === 'raise')
        unwrap(
          await client.POST('/reconciliation/results/{id}/disputes', {
            params: { path: { id: resultId } },
            body: { reason: text },
          }),
        );
      else if (mode === 'answer' && dispute)
        unwrap(
          await client.POST('/reconciliation/disputes/{id}/answer', {
            params: { path: { id: dispute.id } },
            body: { answer: text },
          }),
        );
      else if (dispute)
        unwrap(
          await client.POST('/reconciliation/disputes/{id}/resolve', {
            params: { path: { id: dispute.id } },
            body: { resolution: text },
          }),
        );
      toast(`${label}: done.`);
      setIsOpen(false);
      router.refresh();
    } catch (problem) {
      setError(describeError(problem));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="space-y-1">
      {dispute && dispute.status !== 'RESOLVED' && (
        <p className="text-xs text-slate-700">
          <StatusBadge status={dispute.status} /> {dispute.reason}
          {dispute.answer ? ` — answer: ${dispute.answer}` : ''}
        </p>
      )}
      {isOpen ? (
        <form onSubmit={(event) => void submit(event)} className="space-y-1" noValidate>
          <label htmlFor={fieldId} className="block text-xs font-semibold">
            {mode === 'raise' ? 'What is wrong?' : mode === 'answer' ? 'Your answer' : 'Resolution'}
          </label>
          <FieldError id={`${fieldId}-error`} error={error} />
          <input
            id={fieldId}
            name="text"
            className="w-full rounded border-2 border-slate-500 px-2 py-1 text-sm"
          />
          <SubmitButton isBusy={isBusy} busyLabel="Saving…" variant="secondary">
            {label}
          </SubmitButton>
        </form>
      ) : (
        <button
          type="button"
          className={buttonClass('secondary', 'sm')}
          onClick={() => setIsOpen(true)}
        >
          {label}
        </button>
      )}
    </div>
  );
}
