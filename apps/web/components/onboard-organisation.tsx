'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createBrowserClient, unwrap, type OnboardOrganisationBody } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { ErrorSummary, readText, SelectField, SubmitButton, TextField } from './form';
import { OneTimeSecret } from './one-time-secret';
import { useToast } from './toast';

type Field =
  | 'org-name'
  | 'org-kind'
  | 'org-company-number'
  | 'org-charity-number'
  | 'org-turnover'
  | 'org-sector'
  | 'org-specialisms'
  | 'admin-email'
  | 'admin-name';

const FIELD_ORDER: Field[] = [
  'org-name',
  'org-kind',
  'org-company-number',
  'org-charity-number',
  'org-turnover',
  'org-sector',
  'org-specialisms',
  'admin-email',
  'admin-name',
];

const FIELDS: Record<string, { name: Field; label: string }> = {
  'body.name': { name: 'org-name', label: 'Name' },
  'body.kind': { name: 'org-kind', label: 'Kind' },
  'body.companyNumber': { name: 'org-company-number', label: 'Company number' },
  'body.charityNumber': { name: 'org-charity-number', label: 'Charity number' },
  'body.turnoverBand': { name: 'org-turnover', label: 'Turnover band' },
  'body.sectorType': { name: 'org-sector', label: 'Sector' },
  'body.specialisms': { name: 'org-specialisms', label: 'Specialisms' },
  'body.firstAdmin.email': { name: 'admin-email', label: 'First admin’s email' },
  'body.firstAdmin.displayName': { name: 'admin-name', label: 'First admin’s name' },
};

const KINDS: { value: OnboardOrganisationBody['kind']; label: string }[] = [
  { value: 'COMMISSIONER', label: 'Commissioner' },
  { value: 'PRIME', label: 'Prime provider' },
  { value: 'SUBCONTRACTOR', label: 'Subcontractor' },
  { value: 'REFERRAL_PARTNER', label: 'Referral partner' },
];

const TURNOVER_BANDS = [
  { value: '', label: 'Not given' },
  { value: 'MICRO', label: 'Micro (under £100k a year)' },
  { value: 'SMALL', label: 'Small (£100k to £1m)' },
  { value: 'MEDIUM', label: 'Medium (£1m to £10m)' },
  { value: 'LARGE', label: 'Large (over £10m)' },
];

const SECTORS = [
  { value: '', label: 'Not given' },
  { value: 'VOLUNTARY', label: 'Voluntary, community or social enterprise' },
  { value: 'PUBLIC', label: 'Public' },
  { value: 'PRIVATE', label: 'Private' },
];

function optional(value: string): string | undefined {
  return value.trim() || undefined;
}

export function OnboardOrganisation() {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [onboarded, setOnboarded] = useState<{
    name: string;
    email: string;
    acceptUrl: string;
    expiresAt: string;
  } | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const name = readText(formData, 'org-name').trim();
    const adminEmail = readText(formData, 'admin-email').trim();
    const adminName = readText(formData, 'admin-name').trim();
    const fields: FormErrors<Field>['fields'] = {};
    if (!name) fields['org-name'] = 'Enter the organisation’s name';
    if (!adminEmail) fields['admin-email'] = 'Enter the first admin’s email address';
    if (!adminName) fields['admin-name'] = 'Enter the first admin’s name';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }

    const body: OnboardOrganisationBody = {
      name,
      kind: readText(formData, 'org-kind') as OnboardOrganisationBody['kind'],
      companyNumber: optional(readText(formData, 'org-company-number')),
      charityNumber: optional(readText(formData, 'org-charity-number')),
      turnoverBand: (optional(readText(formData, 'org-turnover')) ??
        undefined) as OnboardOrganisationBody['turnoverBand'],
      sectorType: (optional(readText(formData, 'org-sector')) ??
        undefined) as OnboardOrganisationBody['sectorType'],
      specialisms: readText(formData, 'org-specialisms')
        .split(',')
        .map((specialism) => specialism.trim())
        .filter(Boolean),
      firstAdmin: { email: adminEmail, displayName: adminName },
    };

    setIsBusy(true);
    try {
      const result = unwrap(await createBrowserClient().POST('/organisations', { body }));
      setErrors(NO_ERRORS);
      setOnboarded({
        name: result.organisation.name,
        email: result.firstAdminInvitation.email,
        acceptUrl: result.firstAdminInvitation.acceptUrl,
        expiresAt: result.firstAdminInvitation.expiresAt,
      });
      setFormKey((key) => key + 1);
      toast(`${result.organisation.name} onboarded.`);
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section aria-labelledby="onboard-heading" className="space-y-5">
      <h2 id="onboard-heading" className="text-2xl font-semibold text-navy-900">
        Onboard an organisation
      </h2>
      {onboarded && (
        <OneTimeSecret
          id="first-admin-link"
          label="First admin’s invitation link"
          value={onboarded.acceptUrl}
          onDone={() => setOnboarded(null)}
          doneLabel="I have sent the link"
        >
          <p>
            <strong>{onboarded.name}</strong> is on the platform. Send this link to its first admin,{' '}
            <strong>{onboarded.email}</strong>; they choose a password and then invite their own
            colleagues.
          </p>
          <p>
            It works once and expires in 7 days, on{' '}
            <strong>{formatDateTime(onboarded.expiresAt)}</strong>.
          </p>
        </OneTimeSecret>
      )}
      <form
        key={formKey}
        onSubmit={(event) => void handleSubmit(event)}
        noValidate
        className="space-y-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <ErrorSummary id="onboard-errors" errors={errors} labels={FIELD_ORDER} />
        <fieldset className="grid gap-6 lg:grid-cols-2">
          <legend className="mb-4 text-lg font-semibold text-navy-900">The organisation</legend>
          <TextField
            id="org-name"
            label="Name"
            autoComplete="organization"
            error={errors.fields['org-name']}
          />
          <SelectField
            id="org-kind"
            label="Kind"
            options={KINDS}
            error={errors.fields['org-kind']}
          />
          <TextField
            id="org-company-number"
            label="Company number (optional)"
            hint="Companies House, 8 characters."
            autoComplete="off"
            error={errors.fields['org-company-number']}
          />
          <TextField
            id="org-charity-number"
            label="Charity number (optional)"
            autoComplete="off"
            error={errors.fields['org-charity-number']}
          />
          <SelectField
            id="org-turnover"
            label="Turnover band (optional)"
            options={TURNOVER_BANDS}
            error={errors.fields['org-turnover']}
          />
          <SelectField
            id="org-sector"
            label="Sector (optional)"
            options={SECTORS}
            error={errors.fields['org-sector']}
          />
          <TextField
            id="org-specialisms"
            label="Specialisms (optional)"
            hint="Separate with commas, for example: mental health, ex-offenders."
            autoComplete="off"
            className="lg:col-span-2"
            error={errors.fields['org-specialisms']}
          />
        </fieldset>
        <fieldset className="grid gap-6 lg:grid-cols-2">
          <legend className="mb-4 text-lg font-semibold text-navy-900">Its first admin</legend>
          <TextField
            id="admin-email"
            label="Email address"
            type="email"
            autoComplete="off"
            error={errors.fields['admin-email']}
          />
          <TextField
            id="admin-name"
            label="Full name"
            autoComplete="off"
            error={errors.fields['admin-name']}
          />
        </fieldset>
        <SubmitButton isBusy={isBusy} busyLabel="Onboarding…">
          Onboard organisation
        </SubmitButton>
      </form>
    </section>
  );
}
