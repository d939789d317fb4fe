'use client';

// A prime brings a charity that is not on Waymark yet: the organisation is created as a
// subcontractor with a one-time invitation for its first admin, and appears in the subcontract
// form's list straight away, so the prime can offer it terms for that admin to accept.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, readText, SubmitButton, TextField } from '@/components/form';
import { OneTimeSecret } from '@/components/one-time-secret';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';

type Field =
  | 'invite-name'
  | 'invite-charity'
  | 'invite-company'
  | 'invite-specialisms'
  | 'invite-email'
  | 'invite-admin';
const ORDER: Field[] = [
  'invite-name',
  'invite-charity',
  'invite-company',
  'invite-specialisms',
  'invite-email',
  'invite-admin',
];
const FIELDS: Record<string, { name: Field; label: string }> = {
  'body.name': { name: 'invite-name', label: 'Name' },
  'body.charityNumber': { name: 'invite-charity', label: 'Charity number' },
  'body.companyNumber': { name: 'invite-company', label: 'Company number' },
  'body.specialisms': { name: 'invite-specialisms', label: 'Specialisms' },
  'body.firstAdmin.email': { name: 'invite-email', label: 'Their admin’s email' },
  'body.firstAdmin.displayName': { name: 'invite-admin', label: 'Their admin’s name' },
};

export function InviteSubcontractor() {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const [invited, setInvited] = useState<{ name: string; email: string; acceptUrl: string } | null>(
    null,
  );

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const value = (name: Field) => readText(data, name).trim();
    const fields: FormErrors<Field>['fields'] = {};
    if (!value('invite-name')) fields['invite-name'] = 'Enter the organisation’s name';
    if (!value('invite-email')) fields['invite-email'] = 'Enter their admin’s email address';
    if (!value('invite-admin')) fields['invite-admin'] = 'Enter their admin’s name';
    if (Object.keys(fields).length > 0) return setErrors({ fields, form: [] });
    setIsBusy(true);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/organisations/subcontractors', {
          body: {
            name: value('invite-name'),
            ...(value('invite-charity') ? { charityNumber: value('invite-charity') } : {}),
            ...(value('invite-company') ? { companyNumber: value('invite-company') } : {}),
            specialisms: value('invite-specialisms')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            firstAdmin: { email: value('invite-email'), displayName: value('invite-admin') },
          },
        }),
      );
      setErrors(NO_ERRORS);
      setInvited({
        name: result.organisation.name,
        email: value('invite-email'),
        acceptUrl: result.firstAdminInvitation.acceptUrl,
      });
      form.reset();
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <details className="rounded-md border border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-teal-800">
        The subcontractor is not on Waymark yet? Invite it
      </summary>
      {invited && (
        <OneTimeSecret
          id="subcontractor-invitation"
          label="Their admin’s invitation link"
          value={invited.acceptUrl}
          onDone={() => setInvited(null)}
          doneLabel="I have sent the link"
        >
          <p>
            <strong>{invited.name}</strong> is on Waymark and in your list of subcontractors. Send
            this link to <strong>{invited.email}</strong>: they choose a password, then accept the
            terms you offer.
          </p>
        </OneTimeSecret>
      )}
      <form onSubmit={(event) => void handleSubmit(event)} noValidate className="mt-3 space-y-4">
        <ErrorSummary id="invite-errors" errors={errors} labels={ORDER} />
        <TextField
          id="invite-name"
          label="Organisation name"
          error={errors.fields['invite-name']}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="invite-charity"
            label="Charity number (optional)"
            error={errors.fields['invite-charity']}
          />
          <TextField
            id="invite-company"
            label="Company number (optional)"
            error={errors.fields['invite-company']}
          />
        </div>
        <TextField
          id="invite-specialisms"
          label="Specialisms (optional)"
          hint="Separated by commas, e.g. ESOL, women returners."
          error={errors.fields['invite-specialisms']}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="invite-email"
            label="Their admin’s email"
            type="email"
            error={errors.fields['invite-email']}
          />
          <TextField
            id="invite-admin"
            label="Their admin’s name"
            error={errors.fields['invite-admin']}
          />
        </div>
        <SubmitButton isBusy={isBusy} busyLabel="Inviting…">
          Invite the subcontractor
        </SubmitButton>
      </form>
    </details>
  );
}
