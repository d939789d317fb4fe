'use client';

// The one confirmation dialog: a button that opens it, optional fields, the
// work, and the outcome — a toast on success (then a refresh, or a move to
// `href`), the API's problem (e.g. "you recorded this request, another admin
// must decide it") in an error summary inside the dialog on failure. Every
// action that changes something uses it: money (components/money/confirm-dialog.tsx
// adds its fields and figures), data protection, oversight, API keys and
// invitations. Opening it mints one Idempotency-Key, so a double click (or a
// retry after a network blip) replays the first answer instead of doing the
// work twice. Fields are only in the DOM while their dialog is open, so their
// ids stay unique per page.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type HTMLAttributes, type ReactNode } from 'react';
import { Dialog } from '@/components/dialog';
import { buttonClass, ErrorSummary, readText, SubmitButton, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';

export interface ActionField {
  name: string;
  label: string;
  /** The API's field name, e.g. body.reason, so its messages land beside the field. */
  apiField?: string;
  type?: 'text' | 'date' | 'number';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  isRequired?: boolean;
  hint?: string;
  defaultValue?: string;
  /** A check before the API is asked: the message for a value it refuses, or null. */
  check?: (value: string) => string | null;
}

/** What the work reports: the toast's message, and optionally where to go next. */
export type ActionOutcome = string | { message: string; href?: string };

type Variant = 'primary' | 'secondary' | 'danger';

export function ActionDialog({
  id,
  openLabel,
  title,
  confirmLabel,
  busyLabel,
  summary,
  fields = [],
  variant = 'primary',
  openVariant = variant,
  size = 'sm',
  isDisabled = false,
  onOpen,
  onConfirm,
}: {
  id: string;
  /** The opening button's text (may carry visually hidden words naming the row it acts on). */
  openLabel: ReactNode;
  title: string;
  confirmLabel: string;
  busyLabel: string;
  summary?: ReactNode;
  fields?: ActionField[];
  /** The confirm button's look (danger for what cannot be undone). */
  variant?: Variant;
  /** The opening button's look, when it differs (a quiet row button opening a danger confirmation). */
  openVariant?: Variant;
  size?: 'sm' | 'md';
  isDisabled?: boolean;
  onOpen?: () => void;
  /** Does the work. Throw (ApiProblemError) to show the problem. */
  onConfirm: (
    values: Record<string, string>,
    request: { idempotencyKey: string },
  ) => Promise<ActionOutcome>;
}) {
  const router = useRouter();
  const toast = useToast();
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<string>>(NO_ERRORS);
  const close = () => setIdempotencyKey(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!idempotencyKey || isBusy) return;
    const formData = new FormData(event.currentTarget);
    const values: Record<string, string> = {};
    for (const field of fields) values[field.name] = readText(formData, field.name).trim();
    const refused = fields.flatMap((field): [string, string][] => {
      const value = values[field.name] ?? '';
      if (field.isRequired && !value) return [[field.name, `Enter ${field.label.toLowerCase()}`]];
      const message = value ? field.check?.(value) : null;
      return message ? [[field.name, message]] : [];
    });
    if (refused.length > 0) {
      setErrors({ fields: Object.fromEntries(refused), form: [] });
      return;
    }
    setIsBusy(true);
    try {
      const outcome = await onConfirm(values, { idempotencyKey });
      const { message, href } = typeof outcome === 'string' ? { message: outcome } : outcome;
      close();
      toast(message);
      if (href) router.push(href);
      else router.refresh();
    } catch (error) {
      setErrors(
        formErrorsFrom(
          error,
          Object.fromEntries(
            fields.map((field) => [
              field.apiField ?? `body.${field.name}`,
              { name: field.name, label: field.label },
            ]),
          ),
        ),
      );
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={buttonClass(openVariant, size)}
        disabled={isDisabled}
        onClick={() => {
          setErrors(NO_ERRORS);
          setIdempotencyKey(crypto.randomUUID());
          onOpen?.();
        }}
      >
        {openLabel}
      </button>
      <Dialog id={id} title={title} isOpen={idempotencyKey !== null} onClose={close}>
        <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
          <ErrorSummary
            id={`${id}-errors`}
            errors={errors}
            labels={fields.map((field) => field.name)}
          />
          {summary && <div className="space-y-2 text-slate-800">{summary}</div>}
          {fields.map((field, index) => (
            <TextField
              key={field.name}
              id={field.name}
              name={field.name}
              label={field.label}
              hint={field.hint}
              type={field.type ?? 'text'}
              inputMode={field.inputMode}
              defaultValue={field.defaultValue}
              error={errors.fields[field.name]}
              required={field.isRequired}
              data-autofocus={index === 0 ? '' : undefined}
            />
          ))}
          <div className="flex flex-wrap gap-3">
            <SubmitButton
              isBusy={isBusy}
              busyLabel={busyLabel}
              variant={variant}
              isAutofocus={fields.length === 0}
            >
              {confirmLabel}
            </SubmitButton>
            <button type="button" className={buttonClass('secondary')} onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
