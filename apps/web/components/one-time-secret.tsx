'use client';

import { useState, type ReactNode } from 'react';
import { buttonClass } from './form';

/**
 * A secret the API shows exactly once (an invitation link, an API key): in a
 * read-only field to select, with a copy button and a warning.
 */
export function OneTimeSecret({
  id,
  label,
  value,
  children,
  onDone,
  doneLabel = 'Done',
}: {
  id: string;
  label: string;
  value: string;
  /** What the secret is for and how long it lasts. */
  children: ReactNode;
  onDone: () => void;
  doneLabel?: string;
}) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      // No clipboard permission (or an insecure origin): select it for the user to copy.
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.select();
      setCopyState('failed');
    }
  }

  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="space-y-4 rounded-lg border-2 border-teal-700 bg-teal-50 p-5"
    >
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-navy-900">
        {label}
      </h2>
      <div className="space-y-2 text-slate-800">{children}</div>
      <p className="flex items-start gap-2 rounded-md bg-white p-3 text-sm font-semibold text-navy-900">
        <span aria-hidden="true" className="text-red-700">
          !
        </span>
        This is shown only once. Copy it now: Waymark keeps only a fingerprint and cannot show it
        again.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1 space-y-1.5">
          <label htmlFor={id} className="block text-sm font-semibold text-navy-900">
            {label}
          </label>
          <input
            id={id}
            readOnly
            value={value}
            onFocus={(event) => event.currentTarget.select()}
            className="block w-full rounded-md border-2 border-slate-500 bg-white px-3 py-2 font-mono text-sm text-slate-900"
          />
        </div>
        <button type="button" onClick={() => void copy()} className={buttonClass('primary')}>
          Copy
        </button>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm text-slate-700">
        {copyState === 'copied' && 'Copied to the clipboard.'}
        {copyState === 'failed' &&
          'Could not reach the clipboard: the text is selected, press Ctrl+C (or ⌘C) to copy it.'}
      </p>
      <button type="button" onClick={onDone} className={buttonClass('secondary', 'sm')}>
        {doneLabel}
      </button>
    </section>
  );
}
