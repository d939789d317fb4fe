'use client';

// A variation: the prime proposes new terms from a date; the subcontractor
// accepts or rejects them, having seen exactly what changes. The prime may
// withdraw an unanswered one.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, readText, SubmitButton, TextArea, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import {
  type Current,
  readTerms,
  TERMS_API_FIELDS,
  TermsFields,
  type TermsField,
} from './terms-fields';

type Field = 'effectiveFrom' | 'reason' | TermsField;
const ORDER: Field[] = [
  'effectiveFrom',
  'reason',
  'kind',
  'sharePercent',
  'feePounds',
  'feeStartDate',
  'managementFeePercent',
  'paymentSlaDays',
];
const API_FIELDS: Record<string, { name: Field; label: string }> = {
  'body.effectiveFrom': { name: 'effectiveFrom', label: 'From' },
  'body.reason': { name: 'reason', label: 'Why' },
  ...TERMS_API_FIELDS,
};

export function VariationForm({
  subcontractId,
  current,
}: {
  subcontractId: string;
  current: Current;
}) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { terms, fields: termsErrors } = readTerms(form);
    const fields: FormErrors<Field>['fields'] = { ...termsErrors };
    const effectiveFrom = readText(form, 'effectiveFrom').trim();
    const reason = readText(form, 'reason').trim();
    if (!effectiveFrom) fields.effectiveFrom = 'Enter the first day the new terms apply';
    if (!reason) fields.reason = 'Say why the terms change';
    if (Object.keys(fields).length > 0 || !terms) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      unwrap(
        await createBrowserClient().POST('/subcontracts/{id}/variations', {
          params: { path: { id: subcontractId } },
          body: { effectiveFrom, reason, terms },
        }),
      );
      toast('Variation proposed: the subcontractor sees what changes and answers it.');
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, API_FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <details className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <summary className="cursor-pointer text-xl font-semibold text-navy-900">
        Propose a variation
      </summary>
      <form onSubmit={(event) => void submit(event)} className="mt-4 space-y-5" noValidate>
        <p className="text-slate-700">
          The terms in force stay until the subcontractor accepts. Claims with a milestone date from
          the day you choose are then paid on the new terms.
        </p>
        <ErrorSummary id="variation-errors" errors={errors} labels={ORDER} />
        <div className="grid gap-5 md:grid-cols-2">
          <TextField
            id="effectiveFrom"
            label="From"
            type="date"
            error={errors.fields.effectiveFrom}
          />
          <TextArea
            id="reason"
            label="Why"
            hint="The subcontractor and the commissioner see this."
            error={errors.fields.reason}
          />
        </div>
        <TermsFields errors={errors.fields} current={current} />
        <SubmitButton isBusy={isBusy} busyLabel="Sending…">
          Propose to the subcontractor
        </SubmitButton>
      </form>
    </details>
  );
}

export function VariationAnswer({
  subcontractId,
  version,
  side,
}: {
  subcontractId: string;
  version: number;
  side: 'SUBCONTRACTOR' | 'PRIME';
}) {
  const router = useRouter();
  const toast = useToast();
  const [isBusy, setIsBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const params = { params: { path: { id: subcontractId, version } } };

  async function answer(kind: 'accept' | 'reject' | 'withdraw') {
    setProblem(null);
    let reason: string | undefined;
    if (kind === 'reject') {
      reason = window.prompt('Why do you reject these terms? The prime sees this.')?.trim();
      if (!reason) return;
    }
    setIsBusy(true);
    try {
      const client = createBrowserClient();
      if (kind === 'accept')
        unwrap(
          await client.POST('/subcontracts/{id}/variations/{version}/accept', {
            ...params,
            body: {},
          }),
        );
      if (kind === 'reject')
        unwrap(
          await client.POST('/subcontracts/{id}/variations/{version}/reject', {
            ...params,
            body: { reason: reason ?? '' },
          }),
        );
      if (kind === 'withdraw')
        unwrap(
          await client.POST('/subcontracts/{id}/variations/{version}/withdraw', {
            ...params,
            body: {},
          }),
        );
      toast(
        kind === 'accept'
          ? 'Accepted: the new terms apply from their date.'
          : kind === 'reject'
            ? 'Rejected: the terms in force stay.'
            : 'Withdrawn.',
      );
      router.refresh();
    } catch (error) {
      setProblem(formErrorsFrom(error, {}).form.join(' '));
    } finally {
      setIsBusy(false);
    }
  }

  const button = 'rounded-md border-2 px-3 py-1.5 text-sm font-semibold';
  return (
    <div className="flex flex-wrap items-center gap-2">
      {side === 'SUBCONTRACTOR' ? (
        <>
          <button
            type="button"
            disabled={isBusy}
            onClick={() => void answer('accept')}
            className={`${button} border-teal-700 bg-teal-700 text-white hover:bg-teal-800`}
          >
            Accept the variation
          </button>
          <button
            type="button"
            disabled={isBusy}
            onClick={() => void answer('reject')}
            className={`${button} border-slate-500 bg-white text-navy-900 hover:bg-slate-100`}
          >
            Reject it
          </button>
        </>
      ) : (
        <button
          type="button"
          disabled={isBusy}
          onClick={() => void answer('withdraw')}
          className={`${button} border-slate-500 bg-white text-navy-900 hover:bg-slate-100`}
        >
          Withdraw the variation
        </button>
      )}
      {problem && (
        <p role="alert" className="w-full text-sm text-red-800">
          {problem}
        </p>
      )}
    </div>
  );
}
