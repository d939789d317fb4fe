'use client';

// The prime records a due-diligence document or check on a subcontractor.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, readText, SelectField, SubmitButton, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';

type Field = 'kind' | 'title' | 'reference' | 'checkedOn' | 'expiresOn';
const ORDER: Field[] = ['kind', 'title', 'reference', 'checkedOn', 'expiresOn'];
const API_FIELDS: Record<string, { name: Field; label: string }> = {
  'body.kind': { name: 'kind', label: 'Kind' },
  'body.title': { name: 'title', label: 'What it is' },
  'body.reference': { name: 'reference', label: 'Reference' },
  'body.checkedOn': { name: 'checkedOn', label: 'Checked on' },
  'body.expiresOn': { name: 'expiresOn', label: 'Expires on' },
};
const KINDS = [
  { value: 'INSURANCE', label: 'Insurance' },
  { value: 'SAFEGUARDING', label: 'Safeguarding' },
  { value: 'REGISTRATION', label: 'Registration' },
  { value: 'QUALITY_CHECK', label: 'Our quality check' },
  { value: 'OTHER', label: 'Other' },
] as const;

export function DueDiligenceForm({ subcontractorId }: { subcontractorId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const value = (name: Field) => readText(form, name).trim();
    const fields: FormErrors<Field>['fields'] = {};
    if (!value('title')) fields.title = 'Say what it is';
    if (!value('checkedOn')) fields.checkedOn = 'Enter the day you checked it';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      unwrap(
        await createBrowserClient().POST('/supply-chain/due-diligence', {
          body: {
            subcontractorId,
            kind: value('kind') as (typeof KINDS)[number]['value'],
            title: value('title'),
            checkedOn: value('checkedOn'),
            ...(value('reference') ? { reference: value('reference') } : {}),
            ...(value('expiresOn') ? { expiresOn: value('expiresOn') } : {}),
          },
        }),
      );
      toast('Recorded.');
      formElement.reset();
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, API_FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <details className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <summary className="cursor-pointer text-lg font-semibold text-navy-900">
        Record a document or check
      </summary>
      <form onSubmit={(event) => void submit(event)} className="mt-4 space-y-5" noValidate>
        <ErrorSummary id="due-diligence-errors" errors={errors} labels={ORDER} />
        <div className="grid gap-5 md:grid-cols-2">
          <SelectField
            id="kind"
            label="Kind"
            defaultValue="INSURANCE"
            options={[...KINDS]}
            error={errors.fields.kind}
          />
          <TextField
            id="title"
            label="What it is"
            hint="For example, employer’s liability insurance."
            error={errors.fields.title}
          />
          <TextField
            id="reference"
            label="Reference (optional)"
            hint="Policy, registration or certificate number."
            error={errors.fields.reference}
          />
          <TextField
            id="checkedOn"
            label="Checked on"
            type="date"
            error={errors.fields.checkedOn}
          />
          <TextField
            id="expiresOn"
            label="Expires on (optional)"
            type="date"
            error={errors.fields.expiresOn}
          />
        </div>
        <SubmitButton isBusy={isBusy} busyLabel="Saving…">
          Record it
        </SubmitButton>
      </form>
    </details>
  );
}
