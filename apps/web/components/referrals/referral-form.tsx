'use client';

// A referral partner refers one participant. Field errors come back from the
// API's problem document and sit beside each field and in the summary.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, readText, SelectField, SubmitButton, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { BENEFIT_TYPES } from './shared';
import { wordFor } from '@/lib/words';

type Field =
  'niNumber' | 'dateOfBirth' | 'benefitType' | 'primeContractId' | 'externalReference' | 'health';
const ORDER: Field[] = [
  'niNumber',
  'dateOfBirth',
  'benefitType',
  'primeContractId',
  'externalReference',
  'health',
];

const API_FIELDS: Record<string, { name: Field; label: string }> = {
  'body.participant.niNumber': { name: 'niNumber', label: 'National Insurance number' },
  'body.participant.dateOfBirth': { name: 'dateOfBirth', label: 'Date of birth' },
  'body.participant.benefitType': { name: 'benefitType', label: 'Benefit type' },
  'body.primeContractId': { name: 'primeContractId', label: 'Prime contract' },
  'body.externalReference': { name: 'externalReference', label: 'Your reference' },
  'body.participant.specialCategory.health': { name: 'health', label: 'Support notes' },
};

export function ReferralForm({
  primeContracts,
}: {
  primeContracts: { value: string; label: string }[];
}) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const [created, setCreated] = useState<{ id: string; reference: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const value = (name: Field) => readText(form, name).trim();
    const fields: FormErrors<Field>['fields'] = {};
    if (!value('niNumber')) fields.niNumber = 'Enter the National Insurance number';
    if (!value('dateOfBirth')) fields.dateOfBirth = 'Enter the date of birth';
    if (!value('benefitType')) fields.benefitType = 'Choose the benefit type';
    if (!value('primeContractId')) fields.primeContractId = 'Choose the prime contract';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      const notes = value('health');
      const result = unwrap(
        await createBrowserClient().POST('/referrals', {
          body: {
            primeContractId: value('primeContractId'),
            ...(value('externalReference')
              ? { externalReference: value('externalReference') }
              : {}),
            participant: {
              niNumber: value('niNumber'),
              dateOfBirth: value('dateOfBirth'),
              benefitType: value('benefitType'),
              ...(notes ? { specialCategory: { health: notes } } : {}),
            },
          },
        }),
      );
      setCreated({ id: result.referral.id, reference: result.referral.participant.reference });
      toast(`Referral sent: participant ${result.referral.participant.reference}.`);
      formElement.reset();
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, API_FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section
      id="new-referral"
      aria-labelledby="new-referral-title"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 id="new-referral-title" className="text-xl font-semibold text-navy-900">
        Refer a participant
      </h2>
      {created && (
        <div role="status" className="rounded-md border-l-4 border-teal-700 bg-teal-50 p-4">
          <p>
            Referral sent. The participant&rsquo;s reference is <strong>{created.reference}</strong>
            .{' '}
            <Link
              href={`/referrals/${created.id}`}
              className="text-teal-800 underline underline-offset-4"
            >
              Open the referral
            </Link>
          </p>
        </div>
      )}
      <form onSubmit={(event) => void submit(event)} className="space-y-5" noValidate>
        <ErrorSummary id="referral-errors" errors={errors} labels={ORDER} />
        <div className="grid gap-5 md:grid-cols-2">
          <TextField
            id="niNumber"
            label="National Insurance number"
            hint="For example, QQ 12 34 56 C"
            autoComplete="off"
            error={errors.fields.niNumber}
          />
          <TextField
            id="dateOfBirth"
            label="Date of birth"
            type="date"
            error={errors.fields.dateOfBirth}
          />
          <SelectField
            id="benefitType"
            label="Benefit type"
            error={errors.fields.benefitType}
            defaultValue=""
            options={[
              { value: '', label: 'Choose the benefit type' },
              ...BENEFIT_TYPES.map((code) => ({
                value: code,
                label: wordFor('benefitType', code),
              })),
            ]}
          />
          <SelectField
            id="primeContractId"
            label="Prime contract"
            error={errors.fields.primeContractId}
            defaultValue={primeContracts.length === 1 ? primeContracts[0]?.value : ''}
            options={[{ value: '', label: 'Choose the prime contract' }, ...primeContracts]}
          />
          <TextField
            id="externalReference"
            label="Your reference (optional)"
            hint="Your own id: sending it again returns the same referral."
            maxLength={64}
            error={errors.fields.externalReference}
          />
          <TextField
            id="health"
            label="Support notes (optional)"
            hint="Health or other needs the provider should know. Seen only by those delivering support."
            error={errors.fields.health}
          />
        </div>
        <SubmitButton isBusy={isBusy} busyLabel="Sending…">
          Send referral
        </SubmitButton>
      </form>
    </section>
  );
}
