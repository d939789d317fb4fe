'use client';

// A button that opens a confirmation dialog with optional fields, does the
// work, and reports the outcome: a toast on success, the API's problem
// (e.g. "you recorded this request, another admin must decide it") in an
// error summary inside the dialog on failure. Used by the data-protection and
// oversight pages for every action that changes something. Fields are only
// in the DOM while their dialog is open, so their ids stay unique per page.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
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
  isRequired?: boolean;
  hint?: string;
  defaultValue?: string;
}

export function ActionDialog({
  id,
  openLabel,
  title,
  confirmLabel,
  busyLabel,
  summary,
  fields = [],
  variant = 'primary',
  size = 'sm',
  onConfirm,
}: {
  id: string;
  openLabel: string;
  title: string;
  confirmLabel: string;
  busyLabel: string;
  summary?: ReactNode;
  fields?: ActionField[];
  variant?: 'primary' | 'secondary' | 'danger';
  size?: 'sm' | 'md';
  /** Does the work; returns the toast message. Throw (ApiProblemError) to show the problem. */
  onConfirm: (values: Record<string, string>) => Promise<string>;
}) {
  const router = useRouter();
  const toast = useToast();
  const [isOpen, setIsOpen] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<string>>(NO_ERRORS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isBusy) return;
    const formData = new FormData(event.currentTarget);
    const values: Record<string, string> = {};
    for (const field of fields) values[field.name] = readText(formData, field.name).trim();
    const missing = fields.filter((field) => field.isRequired && !values[field.name]);
    if (missing.length > 0) {
      setErrors({
        fields: Object.fromEntries(
          missing.map((field) => [field.name, `Enter ${field.label.toLowerCase()}`]),
        ),
        form: [],
      });
      return;
    }
    setIsBusy(true);
    try {
      const message = await onConfirm(values);
      setIsOpen(false);
      toast(message);
      router.refresh();
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
        className={buttonClass(variant, size)}
        onClick={() => {
          setErrors(NO_ERRORS);
          setIsOpen(true);
        }}
      >
        {openLabel}
      </button>
      <Dialog id={id} title={title} isOpen={isOpen} onClose={() => setIsOpen(false)}>
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
              defaultValue={field.defaultValue}
              error={errors.fields[field.name]}
              required={field.isRequired}
              data-autofocus={index === 0 ? '' : undefined}
            />
          ))}
          <div className="flex flex-wrap gap-3">
            <SubmitButton isBusy={isBusy} busyLabel={busyLabel} variant={variant}>
              {confirmLabel}
            </SubmitButton>
            <button
              type="button"
              className={buttonClass('secondary')}
              onClick={() => setIsOpen(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
