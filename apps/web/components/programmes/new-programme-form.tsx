'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { ErrorSummary, readText, SubmitButton, TextField } from '../form';

type Field =
  'programme-name' | 'programme-starts' | 'programme-ends' | 'programme-weeks' | 'programme-areas';
const ORDER: Field[] = [
  'programme-name',
  'programme-starts',
  'programme-ends',
  'programme-weeks',
  'programme-areas',
];
const FIELDS: Record<string, { name: Field; label: string }> = {
  'body.name': { name: 'programme-name', label: 'Name' },
  'body.startsOn': { name: 'programme-starts', label: 'Start date' },
  'body.endsOn': { name: 'programme-ends', label: 'End date' },
  'body.supportPeriodWeeks': { name: 'programme-weeks', label: 'Weeks of support' },
  'body.contractAreas': { name: 'programme-areas', label: 'Contract areas' },
};

/** "Forge Valley — West" → { name, region }. */
function parseAreas(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, region] = line.split(/\s+[—-]\s+/, 2);
      return { name: (name ?? '').trim(), ...(region?.trim() ? { region: region.trim() } : {}) };
    });
}

export function NewProgrammeForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const weeks = Number(readText(form, 'programme-weeks'));
    const areas = parseAreas(readText(form, 'programme-areas'));
    const fields: FormErrors<Field>['fields'] = {};
    if (!readText(form, 'programme-name').trim())
      fields['programme-name'] = 'Enter the programme’s name';
    if (!readText(form, 'programme-starts'))
      fields['programme-starts'] = 'Enter the day the programme starts';
    if (!Number.isInteger(weeks) || weeks < 1)
      fields['programme-weeks'] = 'Enter the weeks of support as a whole number';
    if (areas.length === 0)
      fields['programme-areas'] = 'Enter at least one contract area, one per line';
    if (Object.keys(fields).length > 0) return setErrors({ fields, form: [] });
    setIsBusy(true);
    try {
      const ends = readText(form, 'programme-ends');
      const created = unwrap(
        await createBrowserClient().POST('/programmes', {
          body: {
            name: readText(form, 'programme-name').trim(),
            startsOn: readText(form, 'programme-starts'),
            ...(ends ? { endsOn: ends } : {}),
            supportPeriodWeeks: weeks,
            contractAreas: areas,
          },
        }),
      );
      router.push(`/programmes/${created.programme.id}`);
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
      setIsBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate className="space-y-5">
      <ErrorSummary errors={errors} labels={ORDER} />
      <TextField id="programme-name" label="Name" error={errors.fields['programme-name']} />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          id="programme-starts"
          label="Start date"
          type="date"
          error={errors.fields['programme-starts']}
        />
        <TextField
          id="programme-ends"
          label="End date (optional)"
          type="date"
          error={errors.fields['programme-ends']}
        />
      </div>
      <TextField
        id="programme-weeks"
        label="Weeks of support per participant"
        inputMode="numeric"
        defaultValue="104"
        error={errors.fields['programme-weeks']}
      />
      <div className="space-y-1.5">
        <label htmlFor="programme-areas" className="block font-semibold text-navy-900">
          Contract areas
        </label>
        <p id="programme-areas-hint" className="text-sm text-slate-600">
          One per line; add the region after a dash if you like, e.g. “Forge Valley — West”.
        </p>
        {errors.fields['programme-areas'] && (
          <p id="programme-areas-error" className="font-semibold text-red-800">
            <span className="sr-only">Error: </span>
            {errors.fields['programme-areas']}
          </p>
        )}
        <textarea
          id="programme-areas"
          name="programme-areas"
          rows={4}
          aria-describedby="programme-areas-hint"
          aria-invalid={errors.fields['programme-areas'] ? true : undefined}
          className="block w-full max-w-md rounded-md border-2 border-slate-500 bg-white px-3 py-2 text-base"
        />
      </div>
      <SubmitButton isBusy={isBusy} busyLabel="Creating…">
        Create programme
      </SubmitButton>
    </form>
  );
}
