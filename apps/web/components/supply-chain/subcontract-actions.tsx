'use client';

// The moves this user may make on a subcontract now (the API's allowedMoves),
// each behind a confirmation, with a reason where the lifecycle needs one.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { humanise } from '@/components/data/status-badge';
import { Dialog } from '@/components/dialog';
import {
  buttonClass,
  ErrorSummary,
  readText,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
} from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { MOVE_VERBS, type SubcontractStatus } from './shared';

type Extra = { effectiveOn?: string; toSubcontractId?: string; transferCaseload?: boolean };
type Move = {
  to: SubcontractStatus;
  verb: string;
  needsReason: boolean;
  form?: 'END' | 'SUSPEND';
  post: (id: string, reason: string, extra: Extra) => Promise<unknown>;
};

function movesFor(
  status: SubcontractStatus,
  party: 'PRIME' | 'SUBCONTRACTOR' | 'OTHER',
  allowed: SubcontractStatus[],
): Move[] {
  const client = createBrowserClient();
  const body = (reason: string) => (reason ? { reason } : {});
  const moves: Move[] = [];
  const at = (id: string) => ({ params: { path: { id } } });
  for (const to of allowed) {
    if (to === 'OFFERED')
      moves.push({
        to,
        verb: MOVE_VERBS.OFFERED,
        needsReason: false,
        post: async (id, r) =>
          unwrap(await client.POST('/subcontracts/{id}/offer', { ...at(id), body: body(r) })),
      });
    if (to === 'DRAFT')
      moves.push({
        to,
        verb: MOVE_VERBS.DRAFT,
        needsReason: true,
        post: async (id, r) =>
          unwrap(
            await client.POST('/subcontracts/{id}/withdraw-offer', {
              ...at(id),
              body: { reason: r },
            }),
          ),
      });
    if (to === 'ACCEPTED')
      moves.push({
        to,
        verb: MOVE_VERBS.ACCEPTED,
        needsReason: false,
        post: async (id, r) =>
          unwrap(await client.POST('/subcontracts/{id}/accept', { ...at(id), body: body(r) })),
      });
    if (to === 'ACTIVE' && status === 'ACCEPTED')
      moves.push({
        to,
        verb: MOVE_VERBS.ACTIVE,
        needsReason: false,
        post: async (id, r) =>
          unwrap(await client.POST('/subcontracts/{id}/activate', { ...at(id), body: body(r) })),
      });
    if (to === 'SUSPENDED') {
      moves.push({
        to,
        verb: 'Suspend',
        needsReason: true,
        form: 'SUSPEND',
        post: async (id, r, extra) =>
          unwrap(
            await client.POST('/subcontracts/{id}/suspend', {
              ...at(id),
              body: {
                reason: r,
                transferCaseload: extra.transferCaseload ?? false,
                ...(extra.toSubcontractId ? { toSubcontractId: extra.toSubcontractId } : {}),
              },
            }),
          ),
      });
    }
    if (to === 'ACTIVE' && status === 'SUSPENDED')
      moves.push({
        to,
        verb: 'Reinstate',
        needsReason: true,
        post: async (id, r) =>
          unwrap(
            await client.POST('/subcontracts/{id}/reinstate', { ...at(id), body: { reason: r } }),
          ),
      });
    if (
      to === 'ENDED' &&
      (status === 'ACTIVE' || status === 'SUSPENDED' || status === 'ACCEPTED')
    ) {
      moves.push({
        to,
        verb: 'End the subcontract',
        needsReason: true,
        form: 'END',
        post: async (id, r, extra) =>
          unwrap(
            await client.POST('/subcontracts/{id}/end', {
              ...at(id),
              body: {
                reason: r,
                ...(extra.effectiveOn ? { effectiveOn: extra.effectiveOn } : {}),
                ...(extra.toSubcontractId ? { toSubcontractId: extra.toSubcontractId } : {}),
              },
            }),
          ),
      });
    }
    if (to === 'ENDED' && (status === 'DRAFT' || status === 'OFFERED')) {
      if (party === 'SUBCONTRACTOR')
        moves.push({
          to,
          verb: 'Decline the offer',
          needsReason: true,
          post: async (id, r) =>
            unwrap(
              await client.POST('/subcontracts/{id}/decline', { ...at(id), body: { reason: r } }),
            ),
        });
      else
        moves.push({
          to,
          verb: 'Discard',
          needsReason: true,
          post: async (id, r) =>
            unwrap(
              await client.POST('/subcontracts/{id}/discard', { ...at(id), body: { reason: r } }),
            ),
        });
    }
  }
  return moves;
}

export function SubcontractActions({
  id,
  status,
  party,
  allowed,
  targets = [],
}: {
  id: string;
  status: SubcontractStatus;
  party: 'PRIME' | 'SUBCONTRACTOR' | 'OTHER';
  allowed: SubcontractStatus[];
  /** Other live subcontracts of the contract a caseload can move to. */
  targets?: { value: string; label: string }[];
}) {
  const router = useRouter();
  const toast = useToast();
  const [target, setTarget] = useState<Move | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<'reason'>>(NO_ERRORS);
  const moves = movesFor(status, party, allowed);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!target) return;
    const form = new FormData(event.currentTarget);
    const reason = readText(form, 'reason').trim();
    const extra: Extra = {
      effectiveOn: readText(form, 'effectiveOn').trim() || undefined,
      toSubcontractId: readText(form, 'toSubcontractId') || undefined,
      transferCaseload: form.get('transferCaseload') === 'on',
    };
    if (target.needsReason && !reason) {
      setErrors({ fields: { reason: 'Enter a reason' }, form: [] });
      return;
    }
    setIsBusy(true);
    try {
      const result = (await target.post(id, reason, extra)) as { transferred?: unknown[] };
      if (result.transferred && result.transferred.length > 0)
        toast(`${result.transferred.length} participants moved to other subcontracts.`);
      toast(`Done: ${target.verb.toLowerCase()}.`);
      setTarget(null);
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, { 'body.reason': { name: 'reason', label: 'Reason' } }));
    } finally {
      setIsBusy(false);
    }
  }

  if (moves.length === 0) return null;
  return (
    <section aria-labelledby="subcontract-actions-title" className="space-y-3">
      <h2 id="subcontract-actions-title" className="text-xl font-semibold text-navy-900">
        What you can do
      </h2>
      <div className="flex flex-wrap gap-3">
        {moves.map((move) => (
          <button
            key={move.verb}
            type="button"
            className={buttonClass(move.needsReason ? 'secondary' : 'primary', 'sm')}
            onClick={() => {
              setErrors(NO_ERRORS);
              setTarget(move);
            }}
          >
            {move.verb}
          </button>
        ))}
      </div>
      <Dialog
        id="subcontract-move"
        title={target ? `${target.verb}?` : ''}
        isOpen={target !== null}
        onClose={() => setTarget(null)}
      >
        {target && (
          <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
            <ErrorSummary id="move-errors" errors={errors} labels={['reason']} />
            <p>
              The subcontract moves to <strong>{humanise(target.to)}</strong>. The other party sees
              this, and it is recorded in the history and the audit trail.
            </p>
            {target.needsReason ? (
              <TextArea
                id="reason"
                label="Reason"
                hint="The other party and the commissioner see this."
                error={errors.fields.reason}
                autoFocus
              />
            ) : (
              <input type="hidden" name="reason" value="" />
            )}
            {target.form === 'END' && (
              <TextField
                id="effectiveOn"
                label="Last day (optional)"
                type="date"
                hint="Today when left blank."
              />
            )}
            {target.form === 'SUSPEND' && (
              <div className="flex items-center gap-3">
                <input
                  id="transferCaseload"
                  name="transferCaseload"
                  type="checkbox"
                  className="h-5 w-5 rounded border-2 border-slate-500"
                />
                <label htmlFor="transferCaseload" className="font-semibold text-navy-900">
                  Also move its participants to other subcontracts
                </label>
              </div>
            )}
            {target.form && (
              <SelectField
                id="toSubcontractId"
                label="Move its participants to"
                hint="Their journeys and claims go with them; claims already made stay payable to this subcontractor."
                defaultValue=""
                options={[
                  { value: '', label: 'Choose for each by the allocation rules' },
                  ...targets,
                ]}
              />
            )}
            <div className="flex flex-wrap gap-3">
              <SubmitButton
                isBusy={isBusy}
                busyLabel="Saving…"
                variant={target.to === 'ENDED' ? 'danger' : 'primary'}
              >
                Confirm
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
