'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, type MouseEvent } from 'react';
import { ApiProblemError, createBrowserClient, RateLimitedError, signIn } from '@/lib/api';
import { recordSessionRefreshed } from './session-keeper';

type FieldName = 'email' | 'password';

const FIELD_ORDER: FieldName[] = ['email', 'password'];

// The API names fields by where they sit in the request (body.email).
const FIELD_BY_API_NAME: Record<string, FieldName> = {
  'body.email': 'email',
  'body.password': 'password',
};

interface SignInState {
  status: 'idle' | 'invalid' | 'signed-in';
  email: string;
  fieldErrors: Partial<Record<FieldName, string>>;
  /** Problems not tied to a field: the problem document's detail. */
  formErrors: string[];
}

const INITIAL_STATE: SignInState = { status: 'idle', email: '', fieldErrors: {}, formErrors: [] };

function readText(formData: FormData, name: FieldName): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

function describeRetryAfter(seconds: number | undefined): string {
  if (seconds === undefined) return 'Wait a moment before trying again.';
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

function stateFromError(error: unknown, email: string): SignInState {
  const invalid: SignInState = { status: 'invalid', email, fieldErrors: {}, formErrors: [] };
  if (error instanceof RateLimitedError) {
    return {
      ...invalid,
      formErrors: [`${error.problem.detail} ${describeRetryAfter(error.retryAfterSeconds)}`],
    };
  }
  if (error instanceof ApiProblemError) {
    for (const { field, message } of error.problem.errors ?? []) {
      const name = FIELD_BY_API_NAME[field];
      if (name) invalid.fieldErrors[name] ??= message;
      else invalid.formErrors.push(message);
    }
    if (Object.keys(invalid.fieldErrors).length === 0 && invalid.formErrors.length === 0) {
      invalid.formErrors.push(error.problem.detail);
    }
    return invalid;
  }
  return {
    ...invalid,
    formErrors: ['Waymark could not be reached. Check your connection and try again.'],
  };
}

/** `next`: where to go once signed in — already checked to be a path on this origin. */
export function SignInForm({
  next = '/',
  defaultEmail = '',
}: {
  next?: string;
  defaultEmail?: string;
}) {
  const router = useRouter();
  const summaryRef = useRef<HTMLDivElement>(null);

  const [state, formAction, isPending] = useActionState(
    async (_previous: SignInState, formData: FormData): Promise<SignInState> => {
      const email = readText(formData, 'email').trim();
      const password = readText(formData, 'password');
      const fieldErrors: SignInState['fieldErrors'] = {};
      if (!email) fieldErrors.email = 'Enter your email address';
      if (!password) fieldErrors.password = 'Enter your password';
      if (fieldErrors.email || fieldErrors.password)
        return { status: 'invalid', email, fieldErrors, formErrors: [] };

      try {
        await signIn(createBrowserClient(), { email, password });
      } catch (error) {
        return stateFromError(error, email);
      }
      // The new session's tokens are fresh: open tabs need not refresh for another 10 minutes.
      recordSessionRefreshed();
      router.replace(next);
      router.refresh();
      return { status: 'signed-in', email, fieldErrors: {}, formErrors: [] };
    },
    { ...INITIAL_STATE, email: defaultEmail },
  );

  const fieldsInError = FIELD_ORDER.filter((name) => state.fieldErrors[name]);
  const hasErrors = fieldsInError.length > 0 || state.formErrors.length > 0;

  // Move focus to the summary so screen-reader and keyboard users hear what went wrong.
  useEffect(() => {
    if (!hasErrors) return;
    summaryRef.current?.focus();
    if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
    return () => {
      document.title = document.title.replace(/^Error: /, '');
    };
  }, [state, hasErrors]);

  function focusField(event: MouseEvent<HTMLAnchorElement>, name: FieldName) {
    event.preventDefault();
    const input = document.getElementById(name);
    input?.focus();
    input?.scrollIntoView({ block: 'center' });
  }

  const isBusy = isPending || state.status === 'signed-in';

  return (
    <form action={formAction} noValidate className="mt-8 space-y-6">
      {hasErrors && (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          aria-labelledby="error-summary-title"
          className="rounded-md border-4 border-red-700 bg-white p-4"
        >
          <h2 id="error-summary-title" className="text-lg font-semibold text-navy-900">
            There is a problem
          </h2>
          <ul className="mt-2 space-y-1">
            {fieldsInError.map((name) => (
              <li key={name}>
                <a
                  href={`#${name}`}
                  onClick={(event) => focusField(event, name)}
                  className="font-semibold text-red-800 underline hover:text-red-900"
                >
                  {state.fieldErrors[name]}
                </a>
              </li>
            ))}
            {state.formErrors.map((message, index) => (
              <li key={`${index}-${message}`} className="text-red-800">
                {message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <Field
        name="email"
        label="Email address"
        type="email"
        autoComplete="username"
        defaultValue={state.email}
        error={state.fieldErrors.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        error={state.fieldErrors.password}
      />

      <button
        type="submit"
        disabled={isBusy}
        aria-disabled={isBusy}
        className="inline-flex w-full items-center justify-center gap-2 rounded-md bg-teal-700 px-5 py-3 text-base font-semibold text-white shadow-sm hover:bg-teal-800 disabled:cursor-progress disabled:opacity-80 sm:w-auto"
      >
        {isBusy && (
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 animate-spin" fill="none">
            <circle
              cx="12"
              cy="12"
              r="9"
              stroke="currentColor"
              strokeOpacity="0.3"
              strokeWidth="3"
            />
            <path
              d="M21 12a9 9 0 0 0-9-9"
              stroke="currentColor"
              strokeWidth="3"
              strokeLinecap="round"
            />
          </svg>
        )}
        {isBusy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function Field({
  name,
  label,
  type,
  autoComplete,
  defaultValue,
  error,
}: {
  name: FieldName;
  label: string;
  type: 'email' | 'password';
  autoComplete: string;
  defaultValue?: string;
  error: string | undefined;
}) {
  const errorId = `${name}-error`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block font-semibold text-navy-900">
        {label}
      </label>
      {error && (
        <p id={errorId} className="text-sm font-semibold text-red-800">
          <span className="sr-only">Error: </span>
          {error}
        </p>
      )}
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        spellCheck={false}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={`block w-full max-w-md rounded-md border-2 bg-white px-3 py-2 text-base text-slate-900 ${
          error ? 'border-red-700' : 'border-slate-500'
        }`}
      />
    </div>
  );
}
