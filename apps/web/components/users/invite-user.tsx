'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createBrowserClient, ROLES, unwrap, type InvitationCreated } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import {
  ErrorSummary,
  readRoles,
  readText,
  RoleCheckboxes,
  SubmitButton,
  TextField,
} from '../form';
import { OneTimeSecret } from '../one-time-secret';
import { useToast } from '../toast';

type Field = 'invite-email' | 'invite-name' | 'invite-roles';

const FIELDS = {
  'body.email': { name: 'invite-email' as const, label: 'Email address' },
  'body.displayName': { name: 'invite-name' as const, label: 'Full name' },
  'body.roles': { name: 'invite-roles' as const, label: 'Roles' },
};

export function InviteUser() {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  // Remounts the form empty after each invitation.
  const [formKey, setFormKey] = useState(0);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const email = readText(formData, 'invite-email').trim();
    const displayName = readText(formData, 'invite-name').trim();
    const roles = readRoles(formData, 'invite-roles');
    const fields: FormErrors<Field>['fields'] = {};
    if (!email) fields['invite-email'] = 'Enter the email address to invite';
    if (!displayName) fields['invite-name'] = 'Enter their full name';
    if (roles.length === 0) fields['invite-roles'] = 'Choose at least one role';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }

    setIsBusy(true);
    try {
      const invitation = unwrap(
        await createBrowserClient().POST('/invitations', { body: { email, displayName, roles } }),
      );
      setErrors(NO_ERRORS);
      setCreated(invitation);
      setFormKey((key) => key + 1);
      toast(`Invitation created for ${invitation.email}.`);
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section aria-labelledby="invite-heading" className="space-y-5">
      <h2 id="invite-heading" className="text-2xl font-semibold text-navy-900">
        Invite someone
      </h2>
      {created && (
        <OneTimeSecret
          id="invitation-link"
          label="Invitation link"
          value={created.acceptUrl}
          onDone={() => setCreated(null)}
          doneLabel="I have sent the link"
        >
          <p>
            Send this link to <strong>{created.email}</strong> yourself, by a channel you trust.
            They open it to choose a password.
          </p>
          <p>
            It works once and expires in 7 days, on{' '}
            <strong>{formatDateTime(created.expiresAt)}</strong>. You can revoke it below until it
            is used.
          </p>
        </OneTimeSecret>
      )}
      <form
        key={formKey}
        onSubmit={(event) => void handleSubmit(event)}
        noValidate
        className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <ErrorSummary
          id="invite-errors"
          errors={errors}
          labels={['invite-email', 'invite-name', 'invite-roles']}
        />
        <div className="grid gap-6 lg:grid-cols-2">
          <TextField
            id="invite-email"
            label="Email address"
            type="email"
            autoComplete="off"
            error={errors.fields['invite-email']}
          />
          <TextField
            id="invite-name"
            label="Full name"
            autoComplete="off"
            error={errors.fields['invite-name']}
          />
        </div>
        <RoleCheckboxes
          id="invite-roles"
          legend="Roles"
          hint="What they may do. Admins manage users and API keys."
          roles={ROLES}
          error={errors.fields['invite-roles']}
        />
        <SubmitButton isBusy={isBusy} busyLabel="Creating invitation…">
          Create invitation link
        </SubmitButton>
      </form>
    </section>
  );
}
