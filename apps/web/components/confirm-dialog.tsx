'use client';

import { type ReactNode } from 'react';
import { Dialog } from './dialog';
import { buttonClass } from './form';

/**
 * A confirmation for something that cannot be undone (revoking a key or an
 * invitation): what will happen, the API's problem if it refused, and a
 * danger button that holds focus first, beside Cancel.
 */
export function ConfirmDialog({
  id,
  title,
  isOpen,
  onClose,
  problem,
  isBusy,
  confirmLabel,
  busyLabel,
  onConfirm,
  children,
}: {
  id: string;
  title: string;
  isOpen: boolean;
  onClose: () => void;
  problem: string | null;
  isBusy: boolean;
  confirmLabel: string;
  busyLabel: string;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog id={id} title={title} isOpen={isOpen} onClose={onClose}>
      {isOpen && (
        <div className="space-y-5">
          {problem && (
            <p
              role="alert"
              className="rounded-md border-l-4 border-red-700 bg-red-50 p-3 text-red-900"
            >
              {problem}
            </p>
          )}
          <p className="text-slate-700">{children}</p>
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              data-autofocus=""
              disabled={isBusy}
              onClick={onConfirm}
              className={buttonClass('danger')}
            >
              {isBusy ? busyLabel : confirmLabel}
            </button>
            <button type="button" onClick={onClose} className={buttonClass('secondary')}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
