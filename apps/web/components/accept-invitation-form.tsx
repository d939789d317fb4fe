'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { ApiProblemError, createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { ErrorSummary, readText, SubmitButton, TextField } from './form';

type Field = 'password';

type State =
  | { status: 'editing'; errors: FormErrors<Field> }
  | { status: 'accepted' }
  | { status: 'gone'; detail: string };

const FIELDS = { 'body.password': { name: 'password' as const, label: 'Password' } };

export function AcceptInvitationForm({ token }: { token: string }) {
  const router = useRouter();
  const [isShowingPassword, setIsShowingPassword] = useState(false);

  const [state, formAction, isPending] = useActionState(
    async (_previous: State, formData: FormData): Promise<State> => {
      const password = readText(formData, 'password');
      if (!password) {
        return {
          status: 'editing',
          errors: { fields: { password: 'Enter a password' }, form: [] },
        };
      }
      try {
        unwrap(
          await createBrowserClient().POST('/invitations/accept', { body: { token, password } }),
        );
      } catch (error) {
        // 410: expired, revoked or already used — no password will make this link work.
        if (error instanceof ApiProblemError && error.problem.status === 410) {
          return { status: 'gone', detail: error.problem.detail };
        }
        return { status: 'editing', errors: formErrorsFrom(error, FIELDS) };
      }
      router.push('/sign-in?reason=invitation-accepted');
      return { status: 'accepted' };
    },
    { status: 'editing', errors: NO_ERRORS },
  );

  if (state.status === 'gone') {
    return (
      <div className="space-y-4" role="alert" aria-labelledby="invitation-gone-title">
        <h1 id="invitation-gone-title" className="text-3xl font-semibold text-navy-900">
          This link has expired or was used
        </h1>
        <p className="text-slate-700">{state.detail}</p>
        <p className="text-slate-700">
          Invitation links work once and for 7 days. Ask your organisation&rsquo;s admin to invite
          you again. If you already chose a password, sign in instead.
        </p>
        <Link href="/sign-in" className="inline-block text-teal-700 underline hover:text-teal-800">
          Go to sign in
        </Link>
      </div>
    );
  }

  const errors: FormErrors<Field> = state.status === 'editing' ? state.errors : NO_ERRORS;
  const isBusy = isPending || state.status === 'accepted';

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">Accept your invitation</h1>
        <p className="text-slate-700">
          Choose a password to finish setting up your Waymark account. You will then sign in with
          the email address you were invited with.
        </p>
      </div>
      <form action={formAction} noValidate className="space-y-6">
        <ErrorSummary errors={errors} labels={['password']} />
        <TextField
          id="password"
          label="Password"
          type={isShowingPassword ? 'text' : 'password'}
          autoComplete="new-password"
          hint={
            <>
              At least 12 characters, and not a commonly used password. There are no other rules: a
              few unrelated words make a strong passphrase that is easy to remember.
            </>
          }
          error={errors.fields.password}
          maxLength={128}
          required
        />
        <div className="flex items-center gap-2">
          <input
            id="show-password"
            type="checkbox"
            checked={isShowingPassword}
            onChange={(event) => setIsShowingPassword(event.target.checked)}
            className="h-5 w-5 accent-teal-700"
          />
          <label htmlFor="show-password" className="text-slate-900">
            Show password
          </label>
        </div>
        <SubmitButton isBusy={isBusy} busyLabel="Setting up your account…">
          Create my account
        </SubmitButton>
      </form>
    </div>
  );
}
