'use client';

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';

type Tone = 'success' | 'error';

interface Toast {
  id: number;
  tone: Tone;
  message: string;
}

const ToastContext = createContext<((message: string, tone?: Tone) => void) | null>(null);

// Long enough to read a sentence twice; errors stay until dismissed.
const SUCCESS_TIMEOUT_MS = 8_000;

/**
 * Results of actions ("Invitation revoked") announced in a polite live region.
 * The region is always in the DOM so screen readers register it before the
 * first message arrives.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(0);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback((message: string, tone: Tone = 'success') => {
    nextId.current += 1;
    const id = nextId.current;
    setToasts((current) => [...current.slice(-2), { id, tone, message }]);
  }, []);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex flex-col items-end gap-2 sm:left-auto sm:w-96"
      >
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (toast.tone !== 'success') return;
    const timer = setTimeout(() => onDismiss(toast.id), SUCCESS_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);

  return (
    <div
      className={`pointer-events-auto flex w-full items-start gap-3 rounded-md border-l-4 bg-white p-4 text-sm shadow-lg ${
        toast.tone === 'success' ? 'border-teal-700' : 'border-red-700'
      }`}
    >
      <p className="flex-1 text-slate-900">
        <span className="sr-only">{toast.tone === 'success' ? 'Done: ' : 'Problem: '}</span>
        {toast.message}
      </p>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="rounded px-1.5 text-slate-700 hover:bg-slate-100 hover:text-navy-900"
      >
        <span aria-hidden="true">×</span>
        <span className="sr-only">Dismiss message</span>
      </button>
    </div>
  );
}

export function useToast(): (message: string, tone?: Tone) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>');
  return show;
}
