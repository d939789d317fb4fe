'use client';

// The confirmation step for anything that moves money: the one ActionDialog
// (components/action-dialog.tsx, which mints the Idempotency-Key that makes a
// double click pay once) with the money fields named, labelled and checked.
import { type ReactNode } from 'react';
import { ActionDialog, type ActionField, type ActionOutcome } from '@/components/action-dialog';
import { poundsToPence } from '@/lib/format';
import { todayIso } from './shared';

export type ConfirmField = 'paidReference' | 'paidOn' | 'receivedPounds' | 'note' | 'reason';

const FIELDS: Record<ConfirmField, Omit<ActionField, 'defaultValue'>> = {
  paidReference: { name: 'paidReference', label: 'Bank payment reference', isRequired: true },
  paidOn: { name: 'paidOn', label: 'Date paid', type: 'date', isRequired: true },
  receivedPounds: {
    name: 'receivedPounds',
    label: 'Amount received (£)',
    apiField: 'body.receivedPence',
    hint: 'What actually arrived. Less than due records a short payment; more, an over payment.',
    inputMode: 'decimal',
    isRequired: true,
    check: (value) =>
      poundsToPence(value) === null
        ? 'Amount received (£) must be an amount in pounds, like 1,250.00'
        : null,
  },
  note: { name: 'note', label: 'Note (optional)' },
  reason: { name: 'reason', label: 'Reason', isRequired: true },
};

export function ConfirmDialog({
  fields = [],
  defaults = {},
  onConfirm,
  ...dialog
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
  return (
    <ActionDialog
      {...dialog}
      fields={fields.map((field) => ({
        ...FIELDS[field],
        defaultValue: defaults[field] ?? (field === 'paidOn' ? todayIso() : undefined),
      }))}
      onConfirm={(values, { idempotencyKey }): Promise<ActionOutcome> =>
        onConfirm({
          idempotencyKey,
          values: {
            paidReference: values.paidReference ?? '',
            paidOn: values.paidOn ?? '',
            receivedPounds: values.receivedPounds ?? '',
            note: values.note ?? '',
            reason: values.reason ?? '',
          },
        })
      }
    />
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
