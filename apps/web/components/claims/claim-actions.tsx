'use client';

// The transitions this user may make now (the API's allowedTransitions), each
// behind a confirmation with a reason where the workflow needs one. Sends
// If-Match with the version read; 409/412 mean someone else got there first.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { humanise } from '@/components/data/status-badge';
import { Dialog } from '@/components/dialog';
import { buttonClass, ErrorSummary, readText, SubmitButton, TextArea } from '@/components/form';
import type { ClaimStatus } from '@/components/money/shared';
import { useToast } from '@/components/toast';
import { ApiProblemError, createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';

const NEEDS_REASON = new Set<ClaimStatus>([
  'PRIME_REJECTED',
  'PRIME_QUERIED',
  'REJECTED',
  'QUERIED',
]);

const VERBS: Partial<Record<ClaimStatus, string>> = {
  SUBMITTED: 'Submit to prime',
  WITHDRAWN: 'Withdraw',
  PRIME_APPROVED: 'Approve',
  PRIME_REJECTED: 'Reject',
  PRIME_QUERIED: 'Query',
  SUBMITTED_TO_COMMISSIONER: 'Submit to commissioner',
  APPROVED: 'Approve',
  REJECTED: 'Reject',
  QUERIED: 'Query',
};

function verbFor(status: ClaimStatus): string {
  return VERBS[status] ?? `Move to ${humanise(status).toLowerCase()}`;
}

export function ClaimActions({
  claimId,
  version,
  allowed,
  waitingFor,
}: {
  claimId: string;
  version: number;
  allowed: ClaimStatus[];
  /** Who acts next when it is not this user. */ waitingFor: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [target, setTarget] = useState<ClaimStatus | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<'reason'>>(NO_ERRORS);
  const [conflict, setConflict] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!target) return;
    const reason = readText(new FormData(event.currentTarget), 'reason').trim();
    if (NEEDS_REASON.has(target) && !reason) {
      setErrors({ fields: { reason: 'Enter a reason' }, form: [] });
      return;
    }
    setIsBusy(true);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/claims/{id}/transitions', {
          params: { path: { id: claimId }, header: { 'If-Match': `"${version}"` } },
          body: { to: target, ...(reason ? { reason } : {}) },
        }),
      );
      toast(`Claim now ${humanise(result.claim.status).toLowerCase()}.`);
      setTarget(null);
      router.refresh();
    } catch (error) {
      if (
        error instanceof ApiProblemError &&
        (error.problem.status === 409 || error.problem.status === 412)
      ) {
        setTarget(null);
        setConflict(
          `${error.problem.detail} The claim has changed since you opened it — reload to see its current state.`,
        );
        return;
      }
      setErrors(formErrorsFrom(error, { 'body.reason': { name: 'reason', label: 'Reason' } }));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section aria-labelledby="claim-actions-title" className="space-y-3">
      <h2 id="claim-actions-title" className="text-xl font-semibold text-navy-900">
        What you can do
      </h2>
      {conflict && (
        <div
          role="alert"
          className="rounded-md border-l-4 border-amber-600 bg-amber-50 p-4 text-slate-900"
        >
          <p>{conflict}</p>
          <button
            type="button"
            className={`${buttonClass('secondary', 'sm')} mt-2`}
            onClick={() => {
              setConflict(null);
              router.refresh();
            }}
          >
            Reload claim
          </button>
        </div>
      )}
      {allowed.length === 0 ? (
        <p className="text-slate-700">{waitingFor}</p>
      ) : (
        <div className="flex flex-wrap gap-3">
          {allowed.map((status) => (
            <button
              key={status}
              type="button"
              className={buttonClass(
                NEEDS_REASON.has(status) || status === 'WITHDRAWN' ? 'secondary' : 'primary',
                'sm',
              )}
              onClick={() => {
                setErrors(NO_ERRORS);
                setTarget(status);
              }}
            >
              {verbFor(status)}
            </button>
          ))}
        </div>
      )}
      <Dialog
        id="claim-transition"
        title={target ? `${verbFor(target)} this claim?` : ''}
        isOpen={target !== null}
        onClose={() => setTarget(null)}
      >
        {target && (
          <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
            <ErrorSummary id="transition-errors" errors={errors} labels={['reason']} />
            <p>
              The claim moves to <strong>{humanise(target)}</strong>. This is recorded in its
              timeline and the audit trail.
            </p>
            {NEEDS_REASON.has(target) ? (
              <TextArea
                id="reason"
                label="Reason"
                hint="The provider sees this; a query opens a thread."
                error={errors.fields.reason}
                autoFocus
              />
            ) : (
              <input type="hidden" name="reason" value="" />
            )}
            <div className="flex flex-wrap gap-3">
              <SubmitButton
                isBusy={isBusy}
                busyLabel="Saving…"
                variant={
                  target === 'PRIME_REJECTED' || target === 'REJECTED' ? 'danger' : 'primary'
                }
              >
                Confirm: {verbFor(target).toLowerCase()}
              </SubmitButton>
              <button
                type="button"
                className={buttonClass('secondary')}
                onClick={() => setTarget(null)}
              >
                Cancel
              </button>
            </div>
          </form>
        )}
      </Dialog>
    </section>
  );
}
