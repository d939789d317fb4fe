'use client';

import { useState } from 'react';
import { createBrowserClient, verifyAuditTrail, type AuditChainVerification } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { buttonClass } from './form';

type State =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; verification: AuditChainVerification }
  | { status: 'failed'; detail: string };

/** Runs the chain check on demand: it reads every event, so it is not done on page load. */
export function VerifyAuditTrail() {
  const [state, setState] = useState<State>({ status: 'idle' });

  async function verify() {
    setState({ status: 'checking' });
    try {
      setState({ status: 'done', verification: await verifyAuditTrail(createBrowserClient()) });
    } catch (error) {
      setState({ status: 'failed', detail: describeError(error) });
    }
  }

  return (
    <section aria-labelledby="verify-heading" className="max-w-3xl space-y-5">
      <h2 id="verify-heading" className="text-2xl font-semibold text-navy-900">
        Verify the audit trail
      </h2>
      <p className="text-slate-700">
        Recompute every hash and link from the first event to the last. On a large trail this can
        take a little while.
      </p>
      <button
        type="button"
        onClick={() => void verify()}
        disabled={state.status === 'checking'}
        aria-disabled={state.status === 'checking'}
        className={buttonClass('primary')}
      >
        {state.status === 'checking' ? 'Verifying…' : 'Verify audit trail'}
      </button>
      <div aria-live="polite">
        {state.status === 'done' && <Result verification={state.verification} />}
        {state.status === 'failed' && (
          <p
            role="alert"
            className="rounded-md border-l-4 border-red-700 bg-red-50 p-4 text-red-900"
          >
            The check could not run: {state.detail}
          </p>
        )}
      </div>
    </section>
  );
}

function Result({ verification }: { verification: AuditChainVerification }) {
  const checked = `${verification.eventsChecked.toLocaleString('en-GB')} event${verification.eventsChecked === 1 ? '' : 's'}`;
  if (verification.isValid) {
    return (
      <div className="space-y-1 rounded-lg border-2 border-teal-700 bg-teal-50 p-5">
        <p className="text-lg font-semibold text-navy-900">Verified: the audit trail is intact</p>
        <p className="text-slate-800">
          All {checked} checked; every hash and link matches. Checked at{' '}
          {formatDateTime(verification.checkedAt)}.
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-1 rounded-lg border-2 border-red-700 bg-red-50 p-5">
      <p className="text-lg font-semibold text-red-900">
        Broken at event {verification.firstBrokenSeq ?? 'unknown'}
      </p>
      <p className="text-red-900">{verification.reason ?? 'No reason was given.'}</p>
      <p className="text-slate-800">
        {checked} checked at {formatDateTime(verification.checkedAt)}. Events before this one are
        intact; this event or the one before it was altered or removed outside Waymark. Report it to
        your security contact.
      </p>
    </div>
  );
}
