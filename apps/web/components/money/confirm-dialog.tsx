'use client';

// The confirmation step for anything that moves money. Opening the dialog
// mints one Idempotency-Key, so a double click (or a retry after a network
// blip) replays the first answer instead of paying twice.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '@/components/dialog';
import { buttonClass, ErrorSummary, readText, SubmitButton, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { poundsToPence } from '@/lib/format';
import { todayIso } from './shared';

export type ConfirmField = 'paidReference' | 'paidOn' | 'receivedPounds' | 'note' | 'reason';

const LABELS: Record<ConfirmField, string> = {
  paidReference: 'Bank payment reference',
  paidOn: 'Date paid',
  receivedPounds: 'Amount received (£)',
  note: 'Note (optional)',
  reason: 'Reason',
};

export function ConfirmDialog({
  id,
  openLabel,
  title,
  confirmLabel,
  busyLabel,
  summary,
  fields = [],
  defaults = {},
  variant = 'primary',
  isDisabled = false,
  onConfirm,
  onOpen,
}: {
  id: string;
  openLabel: string;
  title: string;
  confirmLabel: string;
  busyLabel: string;
  summary: ReactNode;
  fields?: ConfirmField[];
  /** What a field starts with (e.g. the amount received: the net due). */
  defaults?: Partial<Record<ConfirmField, string>>;
  variant?: 'primary' | 'secondary' | 'danger';
  isDisabled?: boolean;
  /** Does the work; returns the toast message and optionally where to go next. */
  onConfirm: (input: {
    idempotencyKey: string;
    values: Record<ConfirmField, string>;
  }) => Promise<{ message: string; href?: string }>;
  onOpen?: () => void;
}) {
  const router = useRouter();
  const toast = useToast();
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<ConfirmField>>(NO_ERRORS);

  function open() {
    setErrors(NO_ERRORS);
    setIdempotencyKey(crypto.randomUUID());
    onOpen?.();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!idempotencyKey || isBusy) return;
    const formData = new FormData(event.currentTarget);
    const values = { paidReference: '', paidOn: '', receivedPounds: '', note: '', reason: '' };
    for (const field of fields) values[field] = readText(formData, field).trim();
    if (fields.includes('receivedPounds') && poundsToPence(values.receivedPounds) === null) {
      setErrors({
        fields: {
          receivedPounds: `${LABELS.receivedPounds} must be an amount in pounds, like 1,250.00`,
        },
        form: [],
      });
      return;
    }
    setIsBusy(true);
    try {
      const result = await onConfirm({ idempotencyKey, values });
      setIdempotencyKey(null);
      toast(result.message);
      if (result.href) router.push(result.href);
      else router.refresh();
    } catch (error) {
      setErrors(
        formErrorsFrom(error, {
          'body.paidReference': { name: 'paidReference', label: LABELS.paidReference },
          'body.paidOn': { name: 'paidOn', label: LABELS.paidOn },
          'body.receivedPence': { name: 'receivedPounds', label: LABELS.receivedPounds },
          'body.note': { name: 'note', label: LABELS.note },
          'body.reason': { name: 'reason', label: LABELS.reason },
        }),
      );
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={buttonClass(variant, 'sm')}
        onClick={open}
        disabled={isDisabled}
      >
        {openLabel}
      </button>
      <Dialog
        id={id}
        title={title}
        isOpen={idempotencyKey !== null}
        onClose={() => setIdempotencyKey(null)}
      >
        <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
          <ErrorSummary id={`${id}-errors`} errors={errors} labels={fields} />
          <div className="text-slate-800">{summary}</div>
          {fields.includes('paidReference') && (
            <TextField
              id="paidReference"
              label={LABELS.paidReference}
              error={errors.fields.paidReference}
              required
              data-autofocus=""
            />
          )}
          {fields.includes('paidOn') && (
            <TextField
              id="paidOn"
              type="date"
              label={LABELS.paidOn}
              defaultValue={todayIso()}
              error={errors.fields.paidOn}
              required
            />
          )}
          {fields.includes('receivedPounds') && (
            <TextField
              id="receivedPounds"
              label={LABELS.receivedPounds}
              hint="What actually arrived. Less than due records a short payment; more, an over payment."
              inputMode="decimal"
              defaultValue={defaults.receivedPounds}
              error={errors.fields.receivedPounds}
              required
            />
          )}
          {fields.includes('note') && (
            <TextField id="note" label={LABELS.note} error={errors.fields.note} />
          )}
          {fields.includes('reason') && (
            <TextField id="reason" label={LABELS.reason} error={errors.fields.reason} required />
          )}
          <div className="flex flex-wrap gap-3">
            <SubmitButton isBusy={isBusy} busyLabel={busyLabel} variant={variant}>
              {confirmLabel}
            </SubmitButton>
            <button
              type="button"
              className={buttonClass('secondary')}
              onClick={() => setIdempotencyKey(null)}
            >
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

/** A definition list of figures for a confirmation summary. */
export function Figures({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 rounded-md bg-slate-50 p-4">
      {items.map((item) => (
        <div key={item.label} className="contents">
          <dt className="text-sm text-slate-700">{item.label}</dt>
          <dd className="text-right font-semibold tabular-nums text-navy-900">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
