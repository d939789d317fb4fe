import { wordFor } from '@/lib/words';

/** A state as a readable badge (ALLOCATED → "Allocated", in the dictionary's words), coloured by meaning, never by colour alone. */
const ATTENTION = new Set([
  'QUERIED',
  'PRIME_QUERIED',
  'LATE',
  'SHORT',
  'OVER',
  'UNMATCHED',
  'FLAGGED',
  'OPEN',
  'FAILED',
  'TO_RECOVER',
  'RECORDED_LATE',
  'EVIDENCE_MISSING',
]);
const DONE = new Set([
  'PAID',
  'APPROVED',
  'MATCHED',
  'COMPLETED',
  'RESOLVED',
  'ATTACHED',
  'VERIFIED',
  'PASSED',
  'EXECUTED',
]);
const STOPPED = new Set([
  'REJECTED',
  'PRIME_REJECTED',
  'WITHDRAWN',
  'CLAWED_BACK',
  'EXITED',
  'REFUSED',
  'REVOKED',
  'RECOVERED',
]);

/** A status code in words (lib/words.ts). */
export function humanise(state: string): string {
  return wordFor('status', state);
}

export function StatusBadge({ status }: { status: string }) {
  const tone = ATTENTION.has(status)
    ? 'bg-amber-100 text-amber-900 ring-amber-300'
    : DONE.has(status)
      ? 'bg-teal-100 text-teal-900 ring-teal-300'
      : STOPPED.has(status)
        ? 'bg-slate-200 text-slate-800 ring-slate-300'
        : 'bg-sky-100 text-sky-900 ring-sky-300';
  return (
    <span
      className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${tone}`}
    >
      {humanise(status)}
    </span>
  );
}
