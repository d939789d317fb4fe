'use client';

// A prime drafts a subcontract: who, under which contract, from when, and on
// what terms. It stays a draft (the subcontractor cannot see it) until offered.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, readText, SelectField, SubmitButton, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { readTerms, TERMS_API_FIELDS, TermsFields, type TermsField } from './terms-fields';

type Field =
  'primeContractId' | 'subcontractorId' | 'tier' | 'startsOn' | 'endsOn' | 'capacity' | TermsField;
const ORDER: Field[] = [
  'primeContractId',
  'subcontractorId',
  'tier',
  'startsOn',
  'endsOn',
  'capacity',
  'kind',
  'sharePercent',
  'feePounds',
  'feeStartDate',
  'managementFeePercent',
  'paymentSlaDays',
];

const API_FIELDS: Record<string, { name: Field; label: string }> = {
  'body.primeContractId': { name: 'primeContractId', label: 'Prime contract' },
  'body.subcontractorId': { name: 'subcontractorId', label: 'Subcontractor' },
  'body.tier': { name: 'tier', label: 'Tier' },
  'body.startsOn': { name: 'startsOn', label: 'Starts' },
  'body.endsOn': { name: 'endsOn', label: 'Ends' },
  'body.capacity': { name: 'capacity', label: 'Capacity' },
  ...TERMS_API_FIELDS,
};

const TIERS = [
  { value: 'END_TO_END', label: 'End to end: supports participants from attachment to job' },
  { value: 'SPECIALIST', label: 'Specialist: a particular need or group' },
  { value: 'SPOT', label: 'Spot purchase: called on case by case' },
];

export function NewSubcontractForm({
  primeContracts,
  subcontractors,
  defaultPrimeContractId,
}: {
  primeContracts: { value: string; label: string }[];
  subcontractors: { value: string; label: string }[];
  defaultPrimeContractId?: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => readText(form, name).trim();
    const { terms, fields: termsErrors } = readTerms(form);
    const fields: FormErrors<Field>['fields'] = { ...termsErrors };
    if (!value('primeContractId')) fields.primeContractId = 'Choose the prime contract';
    if (!value('subcontractorId')) fields.subcontractorId = 'Choose the subcontractor';
    if (!value('startsOn')) fields.startsOn = 'Enter the day the subcontract starts';
    const capacityText = value('capacity');
    if (capacityText && !/^\d{1,7}$/.test(capacityText))
      fields.capacity = 'Enter a whole number of participants, or leave it blank';
    if (Object.keys(fields).length > 0 || !terms) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/subcontracts', {
          body: {
            primeContractId: value('primeContractId'),
            subcontractorId: value('subcontractorId'),
            tier: value('tier') as 'END_TO_END' | 'SPECIALIST' | 'SPOT',
            startsOn: value('startsOn'),
            ...(value('endsOn') ? { endsOn: value('endsOn') } : {}),
            ...(capacityText ? { capacity: Number(capacityText) } : {}),
            terms,
          },
        }),
      );
      toast(
        `Draft saved for ${result.subcontract.subcontractor.name}. Offer it when the terms are right.`,
      );
      router.push(`/supply-chain/subcontracts/${result.subcontract.id}`);
    } catch (error) {
      setErrors(formErrorsFrom(error, API_FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      <ErrorSummary id="subcontract-errors" errors={errors} labels={ORDER} />
      <div className="grid gap-5 md:grid-cols-2">
        <SelectField
          id="primeContractId"
          label="Prime contract"
          error={errors.fields.primeContractId}
          defaultValue={
            defaultPrimeContractId ?? (primeContracts.length === 1 ? primeContracts[0]?.value : '')
          }
          options={[{ value: '', label: 'Choose the prime contract' }, ...primeContracts]}
        />
        <SelectField
          id="subcontractorId"
          label="Subcontractor"
          hint="Organisations on Waymark as subcontractors."
          error={errors.fields.subcontractorId}
          defaultValue=""
          options={[{ value: '', label: 'Choose the subcontractor' }, ...subcontractors]}
        />
        <SelectField
          id="tier"
          label="Tier"
          error={errors.fields.tier}
          defaultValue="SPECIALIST"
          options={TIERS}
        />
        <TextField
          id="capacity"
          label="Capacity (optional)"
          hint="Most participants on its caseload at once."
          inputMode="numeric"
          error={errors.fields.capacity}
        />
        <TextField id="startsOn" label="Starts" type="date" error={errors.fields.startsOn} />
        <TextField id="endsOn" label="Ends (optional)" type="date" error={errors.fields.endsOn} />
      </div>
      <TermsFields errors={errors.fields} />
      <SubmitButton isBusy={isBusy} busyLabel="Saving…">
        Save draft
      </SubmitButton>
    </form>
  );
}
