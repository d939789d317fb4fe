'use client';

// Form building blocks in the GOV.UK pattern: an error summary that takes
// focus and links to each field, messages beside fields, labels always visible.
import {
  useEffect,
  useRef,
  type InputHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { DateInput } from '@/components/date-input';
import { describeRole } from '@/lib/navigation';
import { ROLES, type Role } from '@/lib/api';
import { hasErrors, type FormErrors } from '@/lib/form-errors';

export function ErrorSummary<Field extends string>({
  id = 'error-summary',
  errors,
  labels,
}: {
  /** Unique per page when several forms share one. */
  id?: string;
  errors: FormErrors<Field>;
  /** The fields in form order; each is also the id of its input. */
  labels: Field[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const isShown = hasErrors(errors);

  // Focus the summary so screen-reader and keyboard users hear what went wrong.
  useEffect(() => {
    if (isShown) ref.current?.focus();
  }, [errors, isShown]);

  if (!isShown) return null;

  function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
    event.preventDefault();
    const input = document.getElementById(id);
    input?.focus();
    input?.scrollIntoView({ block: 'center' });
  }

  const titleId = `${id}-title`;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby={titleId}
      className="rounded-md border-4 border-red-700 bg-white p-4"
    >
      <h2 id={titleId} className="text-lg font-semibold text-navy-900">
        There is a problem
      </h2>
      <ul className="mt-2 space-y-1">
        {labels
          .filter((name) => errors.fields[name])
          .map((name) => (
            <li key={name}>
              <a
                href={`#${name}`}
                onClick={(event) => focusField(event, name)}
                className="font-semibold text-red-800 underline hover:text-red-900"
              >
                {errors.fields[name]}
              </a>
            </li>
          ))}
        {errors.form.map((message, index) => (
          <li key={`${index}-${message}`} className="text-red-800">
            {message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="text-sm font-semibold text-red-800">
      <span className="sr-only">Error: </span>
      {error}
    </p>
  );
}

export function TextField({
  id,
  label,
  hint,
  error,
  className,
  ...input
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  // Every date in the portal is entered as day / month / year (components/date-input.tsx).
  if (input.type === 'date') {
    return (
      <div className={className}>
        <DateInput
          id={id}
          name={input.name}
          label={label}
          hint={typeof hint === 'string' ? hint : undefined}
          error={error}
          defaultValue={typeof input.defaultValue === 'string' ? input.defaultValue : undefined}
          required={input.required}
        />
      </div>
    );
  }
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`space-y-1.5 ${className ?? ''}`}>
      <label htmlFor={id} className="block font-semibold text-navy-900">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} error={error} />
      <input
        id={id}
        name={input.name ?? id}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`block w-full max-w-md rounded-md border-2 bg-white px-3 py-2 text-base text-slate-900 ${
          error ? 'border-red-700' : 'border-slate-500'
        }`}
        {...input}
      />
    </div>
  );
}

export function SelectField({
  id,
  label,
  error,
  options,
  defaultValue,
  hint,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block font-semibold text-navy-900">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} error={error} />
      <select
        id={id}
        name={id}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={`block w-full max-w-md rounded-md border-2 bg-white px-3 py-2 text-base text-slate-900 ${
          error ? 'border-red-700' : 'border-slate-500'
        }`}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Roles as checkboxes in a fieldset; `name` is submitted once per checked role. */
export function RoleCheckboxes({
  id,
  legend,
  hint,
  roles,
  defaultChecked = [],
  error,
}: {
  id: string;
  legend: string;
  hint?: string;
  roles: readonly Role[];
  defaultChecked?: readonly Role[];
  error?: string;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      className="space-y-2"
    >
      <legend className="font-semibold text-navy-900">{legend}</legend>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} error={error} />
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {roles.map((role, index) => (
          <div key={role} className="flex items-center gap-2">
            <input
              // The first box carries the fieldset's id so the error summary can focus it.
              id={index === 0 ? id : `${id}-${role.toLowerCase()}`}
              type="checkbox"
              name={id}
              value={role}
              defaultChecked={defaultChecked.includes(role)}
              className="h-5 w-5 rounded border-2 border-slate-500 accent-teal-700"
            />
            <label
              htmlFor={index === 0 ? id : `${id}-${role.toLowerCase()}`}
              className="text-slate-900"
            >
              {describeRole(role)}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

type ButtonVariant = 'primary' | 'secondary' | 'danger';

const BUTTON_CLASSES: Record<ButtonVariant, string> = {
  primary: 'bg-teal-700 text-white hover:bg-teal-800 border-2 border-teal-700',
  secondary: 'border-2 border-slate-500 bg-white text-navy-900 hover:bg-slate-100',
  danger: 'bg-red-700 text-white hover:bg-red-800 border-2 border-red-700',
};

export function buttonClass(variant: ButtonVariant, size: 'md' | 'sm' = 'md'): string {
  const sizing = size === 'sm' ? 'px-3 py-1.5 text-sm' : 'px-5 py-2.5 text-base';
  return `inline-flex items-center justify-center gap-2 rounded-md font-semibold shadow-sm disabled:cursor-progress disabled:opacity-80 ${sizing} ${BUTTON_CLASSES[variant]}`;
}

export function SubmitButton({
  isBusy,
  busyLabel,
  children,
  variant = 'primary',
  isAutofocus = false,
}: {
  isBusy: boolean;
  busyLabel: string;
  children: ReactNode;
  variant?: ButtonVariant;
  /** Takes the focus when its dialog opens (a confirmation with no field to fill). */
  isAutofocus?: boolean;
}) {
  return (
    <button
      type="submit"
      disabled={isBusy}
      aria-disabled={isBusy}
      data-autofocus={isAutofocus ? '' : undefined}
      className={buttonClass(variant)}
    >
      {isBusy ? busyLabel : children}
    </button>
  );
}

/** Reads one text field of a submitted form. */
export function readText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

/** Reads every checked role of a RoleCheckboxes group. */
export function readRoles(formData: FormData, name: string): Role[] {
  return ROLES.filter((role) => formData.getAll(name).includes(role));
}

export function TextArea({
  id,
  label,
  hint,
  error,
  autoFocus,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** Focused when its dialog opens. */
  autoFocus?: boolean;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block font-semibold text-navy-900">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} error={error} />
      <textarea
        id={id}
        name={id}
        rows={3}
        required
        data-autofocus={autoFocus ? '' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={`block w-full rounded-md border-2 bg-white px-3 py-2 text-base text-slate-900 ${
          error ? 'border-red-700' : 'border-slate-500'
        }`}
      />
    </div>
  );
}
