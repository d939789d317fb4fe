'use client';

// The moves this user may make on a subcontract now (the API's allowedMoves),
// each behind a confirmation, with a reason where the lifecycle needs one.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { humanise } from '@/components/data/status-badge';
import { Dialog } from '@/components/dialog';
import { buttonClass, ErrorSummary, readText, SubmitButton, TextArea } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { MOVE_VERBS, type SubcontractStatus } from './shared';

type Move = { to: SubcontractStatus; verb: string; needsReason: boolean; post: (id: string, reason: string) => Promise<unknown> };

function movesFor(status: SubcontractStatus, party: 'PRIME' | 'SUBCONTRACTOR' | 'OTHER', allowed: SubcontractStatus[]): Move[] {
  const client = createBrowserClient();
  const body = (reason: string) => (reason ? { reason } : {});
  const moves: Move[] = [];
  const at = (id: string) => ({ params: { path: { id } } });
  for (const to of allowed) {
    if (to === 'OFFERED') moves.push({ to, verb: MOVE_VERBS.OFFERED, needsReason: false, post: async (id, r) => unwrap(await client.POST('/subcontracts/{id}/offer', { ...at(id), body: body(r) })) });
    if (to === 'DRAFT') moves.push({ to, verb: MOVE_VERBS.DRAFT, needsReason: true, post: async (id, r) => unwrap(await client.POST('/subcontracts/{id}/withdraw-offer', { ...at(id), body: { reason: r } })) });
    if (to === 'ACCEPTED') moves.push({ to, verb: MOVE_VERBS.ACCEPTED, needsReason: false, post: async (id, r) => unwrap(await client.POST('/subcontracts/{id}/accept', { ...at(id), body: body(r) })) });
    if (to === 'ACTIVE' && status === 'ACCEPTED') moves.push({ to, verb: MOVE_VERBS.ACTIVE, needsReason: false, post: async (id, r) => unwrap(await client.POST('/subcontracts/{id}/activate', { ...at(id), body: body(r) })) });
    if (to === 'ENDED' && (status === 'DRAFT' || status === 'OFFERED')) {
      if (party === 'SUBCONTRACTOR') moves.push({ to, verb: 'Decline the offer', needsReason: true, post: async (id, r) => unwrap(await client.POST('/subcontracts/{id}/decline', { ...at(id), body: { reason: r } })) });
      else moves.push({ to, verb: 'Discard', needsReason: true, post: async (id, r) => unwrap(await client.POST('/subcontracts/{id}/discard', { ...at(id), body: { reason: r } })) });
    }
  }
  return moves;
}

export function SubcontractActions({ id, status, party, allowed }: { id: string; status: SubcontractStatus; party: 'PRIME' | 'SUBCONTRACTOR' | 'OTHER'; allowed: SubcontractStatus[] }) {
  const router = useRouter();
  const toast = useToast();
  const [target, setTarget] = useState<Move | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<'reason'>>(NO_ERRORS);
  const moves = movesFor(status, party, allowed);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!target) return;
    const reason = readText(new FormData(event.currentTarget), 'reason').trim();
    if (target.needsReason && !reason) {
      setErrors({ fields: { reason: 'Enter a reason' }, form: [] });
      return;
    }
    setIsBusy(true);
    try {
      await target.post(id, reason);
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
      <Dialog id="subcontract-move" title={target ? `${target.verb}?` : ''} isOpen={target !== null} onClose={() => setTarget(null)}>
        {target && (
          <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
            <ErrorSummary id="move-errors" errors={errors} labels={['reason']} />
            <p>
              The subcontract moves to <strong>{humanise(target.to)}</strong>. The other party sees this, and it is recorded in the history and the audit trail.
            </p>
            {target.needsReason ? <TextArea id="reason" label="Reason" hint="The other party and the commissioner see this." error={errors.fields.reason} autoFocus /> : <input type="hidden" name="reason" value="" />}
            <div className="flex flex-wrap gap-3">
              <SubmitButton isBusy={isBusy} busyLabel="Saving…" variant={target.to === 'ENDED' ? 'danger' : 'primary'}>
                Confirm
              </SubmitButton>
              <button type="button" className={buttonClass('secondary')} onClick={() => setTarget(null)}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </Dialog>
    </section>
  );
}
