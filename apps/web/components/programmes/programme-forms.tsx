'use client';

// The commissioner's set-up forms on a programme's page: another contract area, the days allowed
// for late recording, a new payment model (from a template or a pasted definition) and contracting a prime.
import { type components } from '@waymark/api-client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createBrowserClient, unwrap } from '@/lib/api';
import { poundsToPence } from '@/lib/format';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { ErrorSummary, readText, SelectField, SubmitButton, TextField } from '../form';

function useSubmit<Field extends string>(fields: Record<string, { name: Field; label: string }>) {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  async function run(check: FormErrors<Field>['fields'], action: () => Promise<string | void>) {
    if (Object.keys(check).length > 0) return setErrors({ fields: check, form: [] });
    setIsBusy(true);
    try {
      const next = await action();
      setErrors(NO_ERRORS);
      if (next) router.push(next);
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, fields));
    } finally {
      setIsBusy(false);
    }
  }
  return { errors, isBusy, run };
}

export function AddContractAreaForm({ programmeId }: { programmeId: string }) {
  type Field = 'area-name' | 'area-region';
  const { errors, isBusy, run } = useSubmit<Field>({
    'body.name': { name: 'area-name', label: 'Area name' },
    'body.region': { name: 'area-region', label: 'Region' },
  });
  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = readText(data, 'area-name').trim();
    const region = readText(data, 'area-region').trim();
    await run(name ? {} : { 'area-name': 'Enter the area’s name' }, async () => {
      unwrap(
        await createBrowserClient().POST('/programmes/{id}/contract-areas', {
          params: { path: { id: programmeId } },
          body: { name, ...(region ? { region } : {}) },
        }),
      );
      form.reset();
    });
  }
  return (
    <details className="rounded-md border border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-teal-800">Add a contract area</summary>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate className="mt-3 space-y-4">
        <ErrorSummary id="area-errors" errors={errors} labels={['area-name', 'area-region']} />
        <TextField id="area-name" label="Area name" error={errors.fields['area-name']} />
        <TextField
          id="area-region"
          label="Region (optional)"
          error={errors.fields['area-region']}
        />
        <SubmitButton isBusy={isBusy} busyLabel="Adding…">
          Add area
        </SubmitButton>
      </form>
    </details>
  );
}

/** How many days late a journey fact may be recorded: the programme's rule, changed with a reason (audited). */
export function LateRecordingDaysForm({
  programmeId,
  current,
}: {
  programmeId: string;
  current: number;
}) {
  type Field = 'late-days' | 'late-reason';
  const { errors, isBusy, run } = useSubmit<Field>({
    'body.lateRecordingDays': { name: 'late-days', label: 'Days allowed' },
    'body.reason': { name: 'late-reason', label: 'Reason for the change' },
  });
  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const daysText = readText(data, 'late-days').trim();
    const reason = readText(data, 'late-reason').trim();
    const check: Partial<Record<Field, string>> = {};
    if (!/^\d{1,3}$/.test(daysText) || Number(daysText) > 366)
      check['late-days'] = 'Enter a whole number of days from 0 to 366';
    if (reason.length < 3) check['late-reason'] = 'Say why the rule changes';
    await run(check, async () => {
      unwrap(
        await createBrowserClient().PUT('/programmes/{id}/late-recording-days', {
          params: { path: { id: programmeId } },
          body: { lateRecordingDays: Number(daysText), reason },
        }),
      );
      form.reset();
    });
  }
  return (
    <details className="rounded-md border border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-teal-800">
        Change the days allowed for late recording
      </summary>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate className="mt-3 space-y-4">
        <ErrorSummary id="late-errors" errors={errors} labels={['late-days', 'late-reason']} />
        <TextField
          id="late-days"
          label="Days allowed"
          hint="How many days after it happened an activity or job start may still be recorded."
          inputMode="numeric"
          defaultValue={String(current)}
          error={errors.fields['late-days']}
        />
        <TextField
          id="late-reason"
          label="Reason for the change"
          hint="Kept in the audit trail."
          error={errors.fields['late-reason']}
        />
        <SubmitButton isBusy={isBusy} busyLabel="Saving…">
          Save
        </SubmitButton>
      </form>
    </details>
  );
}

type TemplateKey = components['schemas']['CreatePaymentModelBodyDto']['template'] & string;
const OWN_DEFINITION = 'OWN';

/** `templates` comes from GET /payment-model-templates: each a starting point a commissioner can change. */
export function NewPaymentModelForm({
  programmeId,
  startsOn,
  templates,
}: {
  programmeId: string;
  startsOn: string;
  templates: { key: string; name: string; description: string }[];
}) {
  const choices = [
    ...templates.map((t) => ({ value: t.key, label: `${t.name}: ${t.description}` })),
    { value: OWN_DEFINITION, label: 'My own definition (paste it below)' },
  ];
  type Field =
    'model-name' | 'model-description' | 'model-from' | 'model-source' | 'model-definition';
  const fieldsMap: Record<string, { name: Field; label: string }> = {
    'body.name': { name: 'model-name', label: 'Name' },
    'body.description': { name: 'model-description', label: 'Description' },
    'body.effectiveFrom': { name: 'model-from', label: 'In force from' },
    'body.template': { name: 'model-source', label: 'Start from' },
  };
  const { errors, isBusy, run } = useSubmit<Field>(fieldsMap);
  const [source, setSource] = useState(templates[0]?.key ?? OWN_DEFINITION);
  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = readText(data, 'model-name').trim();
    const description = readText(data, 'model-description').trim();
    const effectiveFrom = readText(data, 'model-from');
    const check: FormErrors<Field>['fields'] = {};
    if (!name) check['model-name'] = 'Enter the payment model’s name';
    if (!effectiveFrom) check['model-from'] = 'Enter the day version 1 comes into force';
    let definition: Record<string, unknown> | undefined;
    if (source === OWN_DEFINITION) {
      try {
        definition = JSON.parse(readText(data, 'model-definition')) as Record<string, unknown>;
      } catch {
        check['model-definition'] = 'The definition is not valid JSON';
      }
    }
    await run(check, async () => {
      const created = unwrap(
        await createBrowserClient().POST('/programmes/{id}/payment-models', {
          params: { path: { id: programmeId } },
          body: {
            name,
            ...(description ? { description } : {}),
            effectiveFrom,
            ...(definition ? { definition } : { template: source as TemplateKey }),
          },
        }),
      );
      const first = created.paymentModel.versions[0];
      return first ? `/programmes/versions/${first.id}` : undefined;
    });
  }
  return (
    <details className="rounded-md border border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-teal-800">New payment model</summary>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate className="mt-3 space-y-4">
        <ErrorSummary
          id="model-errors"
          errors={errors}
          labels={[
            'model-name',
            'model-description',
            'model-from',
            'model-source',
            'model-definition',
          ]}
        />
        <TextField id="model-name" label="Name" error={errors.fields['model-name']} />
        <TextField
          id="model-description"
          label="Description (optional)"
          error={errors.fields['model-description']}
        />
        <TextField
          id="model-from"
          label="Version 1 in force from"
          type="date"
          defaultValue={startsOn}
          error={errors.fields['model-from']}
        />
        <div className="space-y-1.5">
          <label htmlFor="model-source" className="block font-semibold text-navy-900">
            Start from
          </label>
          <select
            id="model-source"
            name="model-source"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            className="block w-full max-w-xl rounded-md border-2 border-slate-500 bg-white px-3 py-2"
          >
            {choices.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        {source === OWN_DEFINITION && (
          <div className="space-y-1.5">
            <label htmlFor="model-definition" className="block font-semibold text-navy-900">
              Definition (JSON)
            </label>
            {errors.fields['model-definition'] && (
              <p className="font-semibold text-red-800">{errors.fields['model-definition']}</p>
            )}
            <textarea
              id="model-definition"
              name="model-definition"
              rows={12}
              spellCheck={false}
              className="block w-full rounded-md border-2 border-slate-500 bg-white px-3 py-2 font-mono text-sm"
            />
          </div>
        )}
        <p className="text-sm text-slate-700">
          Version 1 starts as a draft: you can change every rule, try it in the simulator, then
          submit it for another admin to publish.
        </p>
        <SubmitButton isBusy={isBusy} busyLabel="Creating…">
          Create payment model
        </SubmitButton>
      </form>
    </details>
  );
}

export function NewPrimeContractForm({
  programmeId,
  areas,
  models,
  primes,
  startsOn,
}: {
  programmeId: string;
  areas: { id: string; name: string }[];
  models: { id: string; name: string }[];
  primes: { id: string; name: string }[];
  startsOn: string;
}) {
  type Field =
    | 'contract-prime'
    | 'contract-area'
    | 'contract-model'
    | 'contract-reference'
    | 'contract-value'
    | 'contract-starts'
    | 'contract-ends';
  const ORDER: Field[] = [
    'contract-prime',
    'contract-area',
    'contract-model',
    'contract-reference',
    'contract-value',
    'contract-starts',
    'contract-ends',
  ];
  const { errors, isBusy, run } = useSubmit<Field>({
    'body.primeOrganisationId': { name: 'contract-prime', label: 'Prime' },
    'body.contractAreaId': { name: 'contract-area', label: 'Contract area' },
    'body.paymentModelId': { name: 'contract-model', label: 'Payment model' },
    'body.reference': { name: 'contract-reference', label: 'Reference' },
    'body.valueCapPence': { name: 'contract-value', label: 'Value cap' },
    'body.startsOn': { name: 'contract-starts', label: 'Start date' },
    'body.endsOn': { name: 'contract-ends', label: 'End date' },
  });
  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    // Up to £99bn typed; the API holds the cap to its own bound.
    const valueCapPence = poundsToPence(readText(data, 'contract-value'), { maxPoundsDigits: 11 });
    const check: FormErrors<Field>['fields'] = {};
    if (!readText(data, 'contract-reference').trim())
      check['contract-reference'] = 'Enter the contract’s reference';
    if (valueCapPence === null)
      check['contract-value'] = 'Enter the value cap in pounds, e.g. 2,500,000';
    if (!readText(data, 'contract-starts')) check['contract-starts'] = 'Enter the start date';
    if (!readText(data, 'contract-ends')) check['contract-ends'] = 'Enter the end date';
    await run(check, async () => {
      unwrap(
        await createBrowserClient().POST('/programmes/{id}/prime-contracts', {
          params: { path: { id: programmeId } },
          body: {
            primeOrganisationId: readText(data, 'contract-prime'),
            contractAreaId: readText(data, 'contract-area'),
            paymentModelId: readText(data, 'contract-model'),
            reference: readText(data, 'contract-reference').trim(),
            valueCapPence: valueCapPence ?? '0',
            startsOn: readText(data, 'contract-starts'),
            endsOn: readText(data, 'contract-ends'),
          },
        }),
      );
    });
  }
  return (
    <details className="rounded-md border border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-teal-800">Contract a prime</summary>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate className="mt-3 space-y-4">
        <ErrorSummary id="contract-errors" errors={errors} labels={ORDER} />
        <SelectField
          id="contract-prime"
          label="Prime provider"
          options={primes.map((p) => ({ value: p.id, label: p.name }))}
          error={errors.fields['contract-prime']}
        />
        <SelectField
          id="contract-area"
          label="Contract area"
          options={areas.map((a) => ({ value: a.id, label: a.name }))}
          error={errors.fields['contract-area']}
        />
        <SelectField
          id="contract-model"
          label="Payment model"
          hint="Only models with a published version."
          options={models.map((m) => ({ value: m.id, label: m.name }))}
          error={errors.fields['contract-model']}
        />
        <TextField
          id="contract-reference"
          label="Reference"
          error={errors.fields['contract-reference']}
        />
        <TextField
          id="contract-value"
          label="Value cap (£)"
          inputMode="decimal"
          error={errors.fields['contract-value']}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="contract-starts"
            label="Start date"
            type="date"
            defaultValue={startsOn}
            error={errors.fields['contract-starts']}
          />
          <TextField
            id="contract-ends"
            label="End date"
            type="date"
            error={errors.fields['contract-ends']}
          />
        </div>
        <SubmitButton isBusy={isBusy} busyLabel="Contracting…">
          Contract the prime
        </SubmitButton>
      </form>
    </details>
  );
}
