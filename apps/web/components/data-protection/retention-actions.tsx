'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Dialog } from '@/components/dialog';
import { buttonClass, ErrorSummary } from '@/components/form';
import { useToast } from '@/components/toast';
import type { components } from '@waymark/api-client';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { ActionDialog } from '@/components/action-dialog';

type RetentionRun = components['schemas']['RetentionRunResponseDto']['retentionRun'];

export function EditRetentionPolicy({
  programmeId,
  policy,
}: {
  programmeId: string;
  policy: {
    personalDataYearsAfterExit: number | null;
    evidenceYearsAfterContractEnd: number | null;
    notes: string | null;
  };
}) {
  return (
    <ActionDialog
      id="edit-retention-policy"
      openLabel={
        policy.personalDataYearsAfterExit === null
          ? 'Set the retention policy'
          : 'Change the retention policy'
      }
      title="Retention policy"
      confirmLabel="Save policy"
      busyLabel="Saving…"
      variant="secondary"
      size="md"
      summary={
        <p>
          Every party in the programme sees this policy. The nightly job applies it: personal fields
          are pseudonymised and evidence files deleted; claims, payments, the ledger and the audit
          trail are kept.
        </p>
      }
      fields={[
        {
          name: 'personalDataYearsAfterExit',
          label: 'Personal data: years after exit',
          type: 'number',
          isRequired: true,
          defaultValue: policy.personalDataYearsAfterExit?.toString() ?? '',
          hint: 'Counted from the participant’s exit, or last activity if later.',
        },
        {
          name: 'evidenceYearsAfterContractEnd',
          label: 'Evidence files: years after the contract ends',
          type: 'number',
          isRequired: true,
          defaultValue: policy.evidenceYearsAfterContractEnd?.toString() ?? '',
        },
        {
          name: 'notes',
          label: 'Rationale (optional)',
          defaultValue: policy.notes ?? '',
          hint: 'e.g. the funding rule that sets the evidence period.',
        },
      ]}
      onConfirm={async (values) => {
        unwrap(
          await createBrowserClient().PUT('/programmes/{id}/retention-policy', {
            params: { path: { id: programmeId } },
            body: {
              personalDataYearsAfterExit: Number(values.personalDataYearsAfterExit),
              evidenceYearsAfterContractEnd: Number(values.evidenceYearsAfterContractEnd),
              notes: values.notes || undefined,
            },
          }),
        );
        return 'Retention policy saved.';
      }}
    />
  );
}

/** Dry run first: the dialog shows what would change, and only then offers to apply it. */
export function RetentionRunButton({
  programmeId,
  isPolicySet,
}: {
  programmeId: string;
  isPolicySet: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const [preview, setPreview] = useState<RetentionRun | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<string>>(NO_ERRORS);

  async function run(dryRun: boolean) {
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      const { retentionRun } = unwrap(
        await createBrowserClient().POST('/programmes/{id}/retention-runs', {
          params: { path: { id: programmeId } },
          body: { dryRun },
        }),
      );
      if (dryRun) setPreview(retentionRun);
      else {
        setPreview(null);
        toast(
          `Retention applied: ${retentionRun.run.participantsPseudonymised} participants pseudonymised, ${retentionRun.run.evidenceFilesPurged} evidence files deleted.`,
        );
        router.refresh();
      }
    } catch (error) {
      const problem = formErrorsFrom(error, {});
      if (dryRun) toast(problem.form.join(' '), 'error');
      else setErrors(problem);
    } finally {
      setIsBusy(false);
    }
  }

  const nothingToDo =
    preview !== null && preview.participants.length === 0 && preview.evidence.length === 0;
  return (
    <>
      <button
        type="button"
        className={buttonClass('primary')}
        disabled={!isPolicySet || isBusy}
        onClick={() => void run(true)}
      >
        {isBusy && !preview ? 'Checking…' : 'Preview a retention run'}
      </button>
      <Dialog
        id="retention-preview"
        title="Retention run: what would change"
        isOpen={preview !== null}
        onClose={() => setPreview(null)}
      >
        {preview && (
          <div className="space-y-4">
            <ErrorSummary id="retention-errors" errors={errors} labels={[]} />
            <p>
              As of {formatDate(preview.run.asOf)}: <strong>{preview.participants.length}</strong>{' '}
              participants would be pseudonymised and <strong>{preview.evidence.length}</strong>{' '}
              evidence files deleted. Nothing has changed yet.
            </p>
            {preview.participants.length > 0 && (
              <ul className="max-h-48 list-disc overflow-y-auto pl-5 text-sm">
                {preview.participants.map((participant) => (
                  <li key={participant.participantId}>
                    {participant.participantReference} — due {formatDate(participant.dueOn)}
                  </li>
                ))}
              </ul>
            )}
            {!nothingToDo && (
              <p className="text-sm text-slate-700">
                Pseudonymisation cannot be undone. Claims, payments, the ledger and audit events are
                kept.
              </p>
            )}
            <div className="flex flex-wrap gap-3">
              {!nothingToDo && (
                <button
                  type="button"
                  className={buttonClass('danger')}
                  disabled={isBusy}
                  onClick={() => void run(false)}
                >
                  {isBusy ? 'Applying…' : 'Apply retention now'}
                </button>
              )}
              <button
                type="button"
                className={buttonClass('secondary')}
                onClick={() => setPreview(null)}
              >
                {nothingToDo ? 'Close' : 'Cancel'}
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
