'use client';

// The transitions a party can make on a referral, each behind a dialog that
// asks for the reason the workflow records. Every write sends If-Match with
// the version read; 409/412 mean someone else got there first.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/dialog';
import {
  buttonClass,
  ErrorSummary,
  readText,
  SelectField,
  SubmitButton,
  TextArea,
} from '@/components/form';
import { useToast } from '@/components/toast';
import { ApiProblemError, createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import type { ReferralStatus } from './shared';

type Action =
  'accept' | 'reject' | 'allocate-auto' | 'allocate-hand' | 'attach' | 'hand-back' | 'exit';
type Field = 'reason' | 'subcontractId';

const LABELS: Record<Action, string> = {
  accept: 'Accept',
  reject: 'Reject',
  'allocate-auto': 'Allocate automatically',
  'allocate-hand': 'Allocate by hand',
  attach: 'Attach',
  'hand-back': 'Hand back to the prime',
  exit: 'Exit from the programme',
};

const DONE: Record<Action, string> = {
  accept: 'Referral accepted.',
  reject: 'Referral rejected.',
  'allocate-auto': 'Referral allocated by the declared policy.',
  'allocate-hand': 'Referral allocated.',
  attach: 'Participant attached.',
  'hand-back': 'Referral handed back to the prime.',
  exit: 'Participant exited.',
};

const NEEDS_REASON = new Set<Action>(['reject', 'allocate-hand', 'hand-back', 'exit']);

export function actionsFor(kind: string, status: ReferralStatus): Action[] {
  if (kind === 'PRIME') {
    if (status === 'RECEIVED') return ['accept', 'reject'];
    if (status === 'ACCEPTED') return ['allocate-auto', 'allocate-hand'];
  }
  if (kind === 'SUBCONTRACTOR') {
    if (status === 'ALLOCATED') return ['attach', 'hand-back'];
    if (status === 'ATTACHED') return ['exit'];
  }
  return [];
}

export function ReferralActions({
  referralId,
  participantReference,
  organisationKind,
  status,
  version,
  subcontracts = [],
  size = 'sm',
}: {
  referralId: string;
  participantReference: string;
  organisationKind: string;
  status: ReferralStatus;
  /** The version read with the page; rows without one read it just before writing. */
  version?: number;
  subcontracts?: { value: string; label: string }[];
  size?: 'sm' | 'md';
}) {
  const router = useRouter();
  const toast = useToast();
  const [action, setAction] = useState<Action | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const actions = actionsFor(organisationKind, status);
  if (actions.length === 0) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!action) return;
    const form = new FormData(event.currentTarget);
    const reason = readText(form, 'reason').trim();
    const subcontractId = readText(form, 'subcontractId');
    const fields: FormErrors<Field>['fields'] = {};
    if (NEEDS_REASON.has(action) && !reason) fields.reason = 'Enter a reason';
    if (action === 'allocate-hand' && !subcontractId)
      fields.subcontractId = 'Choose a subcontractor';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    try {
      const client = createBrowserClient();
      const current =
        version ??
        unwrap(await client.GET('/referrals/{id}', { params: { path: { id: referralId } } }))
          .referral.version;
      const params = { path: { id: referralId }, header: { 'if-match': `"${current}"` } };
      switch (action) {
        case 'accept':
          unwrap(await client.POST('/referrals/{id}/accept', { params, body: {} }));
          break;
        case 'reject':
          unwrap(await client.POST('/referrals/{id}/reject', { params, body: { reason } }));
          break;
        case 'allocate-auto':
          unwrap(await client.POST('/referrals/{id}/allocate', { params, body: {} }));
          break;
        case 'allocate-hand':
          unwrap(
            await client.POST('/referrals/{id}/allocate', {
              params,
              body: { subcontractId, reason },
            }),
          );
          break;
        case 'attach':
          unwrap(await client.POST('/referrals/{id}/attach', { params, body: {} }));
          break;
        case 'hand-back':
          unwrap(await client.POST('/referrals/{id}/hand-back', { params, body: { reason } }));
          break;
        case 'exit':
          unwrap(await client.POST('/referrals/{id}/exit', { params, body: { reason } }));
          break;
      }
      toast(`${participantReference}: ${DONE[action]}`);
      setAction(null);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiProblemError && error.problem.status === 412) {
        setErrors({
          fields: {},
          form: [
            `${error.problem.detail} The referral has changed since you opened it — close this and reload.`,
          ],
        });
        return;
      }
      // Eligibility failures come back as a problem document listing each rule that failed.
      setErrors(
        formErrorsFrom(error, {
          'body.reason': { name: 'reason', label: 'Reason' },
          'body.subcontractId': { name: 'subcontractId', label: 'Subcontractor' },
        }),
      );
    } finally {
      setIsBusy(false);
    }
  }

  const dialogId = `referral-${referralId}-action`;
  return (
    <div className="flex flex-wrap gap-2">
      {actions.map((item) => (
        <button
          key={item}
          type="button"
          aria-label={`${LABELS[item]} ${participantReference}`}
          className={buttonClass(
            item === 'reject' || item === 'hand-back' || item === 'exit' ? 'secondary' : 'primary',
            size,
          )}
          onClick={() => {
            setErrors(NO_ERRORS);
            setAction(item);
          }}
        >
          {LABELS[item]}
        </button>
      ))}
      <Dialog
        id={dialogId}
        title={action ? `${LABELS[action]}: ${participantReference}` : ''}
        isOpen={action !== null}
        onClose={() => setAction(null)}
      >
        {action && (
          <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
            <ErrorSummary
              id={`${dialogId}-errors`}
              errors={errors}
              labels={['subcontractId', 'reason']}
            />
            {action === 'accept' && (
              <p>
                The referral is checked against the programme&rsquo;s eligibility rules; any that
                fail are listed here.
              </p>
            )}
            {action === 'allocate-auto' && (
              <p>
                The prime contract&rsquo;s declared allocation policy chooses the subcontractor,
                respecting capacity, and records why.
              </p>
            )}
            {action === 'attach' && (
              <p>Attach the participant from today: their journey and milestones start here.</p>
            )}
            {action === 'allocate-hand' && (
              <SelectField
                id="subcontractId"
                label="Subcontractor"
                error={errors.fields.subcontractId}
                options={[{ value: '', label: 'Choose a subcontractor' }, ...subcontracts]}
                defaultValue=""
              />
            )}
            {NEEDS_REASON.has(action) ? (
              <TextArea
                id="reason"
                label="Reason"
                hint="Recorded on the referral and in the audit trail."
                error={errors.fields.reason}
                autoFocus={action !== 'allocate-hand'}
              />
            ) : (
              <input type="hidden" name="reason" value="" />
            )}
            <div className="flex flex-wrap gap-3">
              <SubmitButton
                isBusy={isBusy}
                busyLabel="Saving…"
                variant={action === 'reject' || action === 'exit' ? 'danger' : 'primary'}
              >
                Confirm: {LABELS[action].toLowerCase()}
              </SubmitButton>
              <button
                type="button"
                className={buttonClass('secondary')}
                onClick={() => setAction(null)}
              >
                Cancel
              </button>
            </div>
          </form>
        )}
      </Dialog>
    </div>
  );
}
