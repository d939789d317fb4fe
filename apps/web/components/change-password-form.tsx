'use client';

import { useState, type FormEvent } from 'react';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { buttonClass, ErrorSummary, readText, SubmitButton, TextField } from './form';
import { useToast } from './toast';

type Field = 'current-password' | 'new-password';

const FIELDS = {
  'body.currentPassword': { name: 'current-password' as const, label: 'Current password' },
  'body.newPassword': { name: 'new-password' as const, label: 'New password' },
};

export function ChangePasswordForm() {
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const [isChanged, setIsChanged] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const currentPassword = readText(formData, 'current-password');
    const newPassword = readText(formData, 'new-password');
    const fields: FormErrors<Field>['fields'] = {};
    if (!currentPassword) fields['current-password'] = 'Enter your current password';
    if (!newPassword) fields['new-password'] = 'Enter a new password';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    try {
      unwrap(
        await createBrowserClient().POST('/auth/password', {
          body: { currentPassword, newPassword },
        }),
      );
      setErrors(NO_ERRORS);
      setIsChanged(true);
      toast('Password changed. Other devices have been signed out.');
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-heading" className="max-w-2xl space-y-4">
      <h2 id="password-heading" className="text-2xl font-semibold text-navy-900">
        Change your password
      </h2>
      {isChanged ? (
        <div className="space-y-4 rounded-lg border-2 border-teal-700 bg-teal-50 p-6">
          <p className="font-semibold text-navy-900">Your password has been changed.</p>
          <p className="text-slate-800">
            For your safety, every other device and browser where you were signed in has been signed
            out; sign in there again with the new password. You stay signed in here.
          </p>
          <button
            type="button"
            onClick={() => setIsChanged(false)}
            className={buttonClass('secondary', 'sm')}
          >
            Change it again
          </button>
        </div>
      ) : (
        <form
          onSubmit={(event) => void handleSubmit(event)}
          noValidate
          className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
        >
          <ErrorSummary
            id="password-errors"
            errors={errors}
            labels={['current-password', 'new-password']}
          />
          <TextField
            id="current-password"
            label="Current password"
            type="password"
            autoComplete="current-password"
            error={errors.fields['current-password']}
          />
          <TextField
            id="new-password"
            label="New password"
            type="password"
            autoComplete="new-password"
            maxLength={128}
            hint="At least 12 characters, and not a commonly used password. A few unrelated words make a strong passphrase."
            error={errors.fields['new-password']}
          />
          <SubmitButton isBusy={isBusy} busyLabel="Changing password…">
            Change password
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
