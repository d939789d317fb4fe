'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { buttonClass, ErrorSummary, readText, SubmitButton, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { ActionDialog } from '@/components/action-dialog';

/** Approve / refuse / execute: the controller's decisions, each with the API's maker≠checker rule shown when it bites. */
export function RequestDecisions({
  id,
  status,
  reference,
  kind,
}: {
  id: string;
  status: string;
  reference: string;
  kind: string;
}) {
  const what = kind === 'ERASURE' ? 'erasure' : 'rectification';
  if (status === 'REQUESTED') {
    return (
      <div className="flex flex-wrap gap-2">
        <ActionDialog
          id={`approve-${id}`}
          openLabel="Approve"
          title={`Approve the ${what} request for ${reference}?`}
          confirmLabel="Approve request"
          busyLabel="Approving…"
          summary={
            <p>
              Approving does not change the participant yet: execute the request afterwards. Someone
              other than the person who recorded it must decide.
            </p>
          }
          fields={[{ name: 'reason', label: 'Reason', isRequired: true }]}
          onConfirm={async (values) => {
            unwrap(
              await createBrowserClient().POST('/data-subject-requests/{id}/approve', {
                params: { path: { id } },
                body: { reason: values.reason ?? '' },
              }),
            );
            return `Request for ${reference} approved.`;
          }}
        />
        <ActionDialog
          id={`refuse-${id}`}
          openLabel="Refuse"
          title={`Refuse the ${what} request for ${reference}?`}
          confirmLabel="Refuse request"
          busyLabel="Refusing…"
          variant="danger"
          summary={
            <p>
              Give the reason the participant will be told, e.g. evidence kept for the funder’s
              audit (Art. 17(3)(b)).
            </p>
          }
          fields={[{ name: 'reason', label: 'Reason', isRequired: true }]}
          onConfirm={async (values) => {
            unwrap(
              await createBrowserClient().POST('/data-subject-requests/{id}/refuse', {
                params: { path: { id } },
                body: { reason: values.reason ?? '' },
              }),
            );
            return `Request for ${reference} refused.`;
          }}
        />
      </div>
    );
  }
  if (status === 'APPROVED') {
    return (
      <ActionDialog
        id={`execute-${id}`}
        openLabel="Execute"
        title={`Execute the ${what} for ${reference}?`}
        confirmLabel={kind === 'ERASURE' ? 'Pseudonymise now' : 'Correct the record'}
        busyLabel="Executing…"
        variant="danger"
        summary={
          kind === 'ERASURE' ? (
            <p>
              The participant’s NI number, special category data, notes and other personal fields
              are removed for good. Claims, payments, the ledger and audit events are kept under the
              pseudonymous reference. This cannot be undone.
            </p>
          ) : (
            <p>
              The corrected fields replace the participant’s current values. The change is audited.
            </p>
          )
        }
        onConfirm={async () => {
          unwrap(
            await createBrowserClient().POST('/data-subject-requests/{id}/execute', {
              params: { path: { id } },
            }),
          );
          return `Request for ${reference} executed.`;
        }}
      />
    );
  }
  return null;
}

type Field =
  'kind' | 'receivedOn' | 'description' | 'lawfulBasisNotes' | 'dateOfBirth' | 'benefitType';
const LABELS: Record<Field, string> = {
  kind: 'Kind of request',
  receivedOn: 'Date received',
  description: 'What the participant asked for',
  lawfulBasisNotes: 'Lawful basis notes (optional)',
  dateOfBirth: 'Corrected date of birth',
  benefitType: 'Corrected benefit type',
};

export function CreateRequestForm({
  participantId,
  reference,
  today,
}: {
  participantId: string;
  reference: string;
  today: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [kind, setKind] = useState<'ERASURE' | 'RECTIFICATION'>('ERASURE');
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const description = readText(data, 'description').trim();
    if (!description) {
      setErrors({ fields: { description: 'Enter what the participant asked for' }, form: [] });
      return;
    }
    setIsBusy(true);
    try {
      const dateOfBirth = readText(data, 'dateOfBirth');
      const benefitType = readText(data, 'benefitType').trim();
      const { dataSubjectRequest } = unwrap(
        await createBrowserClient().POST('/participants/{id}/data-subject-requests', {
          params: { path: { id: participantId } },
          body: {
            kind,
            receivedOn: readText(data, 'receivedOn'),
            description,
            lawfulBasisNotes: readText(data, 'lawfulBasisNotes').trim() || undefined,
            rectification:
              kind === 'RECTIFICATION'
                ? { dateOfBirth: dateOfBirth || undefined, benefitType: benefitType || undefined }
                : undefined,
          },
        }),
      );
      setErrors(NO_ERRORS);
      form.reset();
      toast(
        `${kind === 'ERASURE' ? 'Erasure' : 'Rectification'} request recorded for ${dataSubjectRequest.participantReference}. Another commissioner admin must decide it.`,
      );
      router.push(`/data-protection/requests?participant=${encodeURIComponent(reference)}`);
    } catch (error) {
      setErrors(
        formErrorsFrom(
          error,
          Object.fromEntries(
            (Object.keys(LABELS) as Field[]).map((name) => [
              name === 'dateOfBirth' || name === 'benefitType'
                ? `body.rectification.${name}`
                : `body.${name}`,
              { name, label: LABELS[name] },
            ]),
          ),
        ),
      );
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
      aria-labelledby="create-request-title"
    >
      <h2 id="create-request-title" className="text-xl font-semibold text-navy-900">
        Record an erasure or rectification request
      </h2>
      <ErrorSummary
        id="create-request-errors"
        errors={errors}
        labels={Object.keys(LABELS) as Field[]}
      />
      <fieldset className="space-y-2">
        <legend className="font-semibold text-navy-900">{LABELS.kind}</legend>
        {(['ERASURE', 'RECTIFICATION'] as const).map((value) => (
          <label key={value} className="flex items-center gap-2">
            <input
              type="radio"
              name="kind"
              value={value}
              checked={kind === value}
              onChange={() => setKind(value)}
              className="h-5 w-5 accent-teal-700"
            />
            {value === 'ERASURE'
              ? 'Erasure (pseudonymise the participant)'
              : 'Rectification (correct date of birth or benefit type)'}
          </label>
        ))}
      </fieldset>
      <TextField
        id="receivedOn"
        label={LABELS.receivedOn}
        type="date"
        defaultValue={today}
        max={today}
        error={errors.fields.receivedOn}
        hint="The one-month clock to respond starts here."
      />
      <TextField
        id="description"
        label={LABELS.description}
        error={errors.fields.description}
        required
        hint="Kept in the request, never in the audit trail."
      />
      <TextField
        id="lawfulBasisNotes"
        label={LABELS.lawfulBasisNotes}
        error={errors.fields.lawfulBasisNotes}
        hint="e.g. evidence files kept to their retention date for the funder’s audit (Art. 17(3)(b))."
      />
      {kind === 'RECTIFICATION' && (
        <>
          <TextField
            id="dateOfBirth"
            label={LABELS.dateOfBirth}
            type="date"
            error={errors.fields.dateOfBirth}
          />
          <TextField
            id="benefitType"
            label={LABELS.benefitType}
            error={errors.fields.benefitType}
            hint="As the referral partner records it, e.g. ESA or JSA_25_PLUS. Leave blank for no change."
          />
        </>
      )}
      <div className="flex gap-3">
        <SubmitButton isBusy={isBusy} busyLabel="Recording…">
          Record request
        </SubmitButton>
        <button
          type="reset"
          className={buttonClass('secondary')}
          onClick={() => setErrors(NO_ERRORS)}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
