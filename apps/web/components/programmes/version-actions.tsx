'use client';

// What a commissioner admin can do with a version: edit and submit a draft; publish (as a second
// admin) or return a submitted one; draft the next version of a published one.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ApiProblemError, createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { buttonClass, ErrorSummary, readText, SubmitButton, TextField } from '../form';
import { useToast } from '../toast';

interface Version {
  id: string;
  version: number;
  status: 'DRAFT' | 'AWAITING_APPROVAL' | 'PUBLISHED';
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: unknown;
  submittedByUserId: string | null;
}

type Field =
  'version-from' | 'version-to' | 'version-note' | 'version-definition' | 'version-reason';
const ORDER: Field[] = [
  'version-from',
  'version-to',
  'version-note',
  'version-definition',
  'version-reason',
];
const FIELDS: Record<string, { name: Field; label: string }> = {
  'body.effectiveFrom': { name: 'version-from', label: 'In force from' },
  'body.effectiveTo': { name: 'version-to', label: 'In force to' },
  'body.changeNote': { name: 'version-note', label: 'What changes' },
  'body.reason': { name: 'version-reason', label: 'Reason' },
  effectiveFrom: { name: 'version-from', label: 'In force from' },
};

/** Definition problems come back as body.definition.<path>: show each with its place in the definition. */
function withDefinitionPaths(error: unknown, errors: FormErrors<Field>): FormErrors<Field> {
  if (!(error instanceof ApiProblemError)) return errors;
  const inDefinition = (error.problem.errors ?? []).filter((e) =>
    e.field.startsWith('body.definition'),
  );
  if (inDefinition.length === 0) return errors;
  return {
    fields: errors.fields,
    form: inDefinition.map(
      (e) => `${e.field.replace(/^body\.definition\.?/, '') || 'definition'}: ${e.message}`,
    ),
  };
}

export function VersionActions({
  version,
  paymentModelId,
  userId,
}: {
  version: Version;
  paymentModelId: string;
  userId: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const client = createBrowserClient();

  async function act(action: () => Promise<string | void>, done: string) {
    setIsBusy(true);
    try {
      const next = await action();
      setErrors(NO_ERRORS);
      toast(done);
      if (next) router.push(next);
      router.refresh();
    } catch (error) {
      setErrors(withDefinitionPaths(error, formErrorsFrom(error, FIELDS)));
    } finally {
      setIsBusy(false);
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    let definition: Record<string, unknown>;
    try {
      definition = JSON.parse(readText(data, 'version-definition')) as Record<string, unknown>;
    } catch {
      return setErrors({
        fields: { 'version-definition': 'The definition is not valid JSON' },
        form: [],
      });
    }
    const to = readText(data, 'version-to');
    const note = readText(data, 'version-note').trim();
    await act(async () => {
      unwrap(
        await client.PUT('/payment-model-versions/{id}', {
          params: { path: { id: version.id } },
          body: {
            effectiveFrom: readText(data, 'version-from'),
            effectiveTo: to || null,
            definition,
            ...(note ? { changeNote: note } : {}),
          },
        }),
      );
    }, `Version ${version.version} saved`);
  }

  async function returnToDraft(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = readText(new FormData(event.currentTarget), 'version-reason').trim();
    if (reason.length < 3)
      return setErrors({ fields: { 'version-reason': 'Say why it goes back to draft' }, form: [] });
    await act(async () => {
      unwrap(
        await client.POST('/payment-model-versions/{id}/return', {
          params: { path: { id: version.id } },
          body: { reason },
        }),
      );
    }, `Version ${version.version} is a draft again`);
  }

  async function draftNext(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const from = readText(data, 'version-from');
    if (!from)
      return setErrors({
        fields: { 'version-from': 'Enter the day the new version comes into force' },
        form: [],
      });
    const note = readText(data, 'version-note').trim();
    await act(async () => {
      const created = unwrap(
        await client.POST('/payment-models/{id}/versions', {
          params: { path: { id: paymentModelId } },
          body: { effectiveFrom: from, ...(note ? { changeNote: note } : {}) },
        }),
      );
      return `/programmes/versions/${created.version.id}`;
    }, 'New draft version created');
  }

  const isSubmitter = version.submittedByUserId === userId;
  return (
    <section
      aria-labelledby="actions-heading"
      className="space-y-4 rounded-md border border-slate-300 bg-white p-4"
    >
      <h2 id="actions-heading" className="text-2xl font-semibold text-navy-900">
        {version.status === 'DRAFT'
          ? 'Edit this draft'
          : version.status === 'AWAITING_APPROVAL'
            ? 'Check and publish'
            : 'Change the rules from a date'}
      </h2>
      <ErrorSummary id="version-errors" errors={errors} labels={ORDER} />

      {version.status === 'DRAFT' && (
        <>
          <form onSubmit={(event) => void save(event)} noValidate className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                id="version-from"
                label="In force from"
                type="date"
                defaultValue={version.effectiveFrom}
                error={errors.fields['version-from']}
              />
              <TextField
                id="version-to"
                label="In force to (optional)"
                type="date"
                defaultValue={version.effectiveTo ?? ''}
                error={errors.fields['version-to']}
              />
            </div>
            <TextField
              id="version-note"
              label="What changes (optional)"
              error={errors.fields['version-note']}
            />
            <div className="space-y-1.5">
              <label htmlFor="version-definition" className="block font-semibold text-navy-900">
                Definition
              </label>
              <p id="version-definition-hint" className="text-sm text-slate-600">
                Payment groups and grouping rules, milestones and what makes them fall, amounts in
                pence, tapers in basis points, caps. Problems are listed above with their place in
                the definition.
              </p>
              {errors.fields['version-definition'] && (
                <p className="font-semibold text-red-800">{errors.fields['version-definition']}</p>
              )}
              <textarea
                id="version-definition"
                name="version-definition"
                rows={18}
                spellCheck={false}
                aria-describedby="version-definition-hint"
                defaultValue={JSON.stringify(version.definition, null, 2)}
                className="block w-full rounded-md border-2 border-slate-500 bg-white px-3 py-2 font-mono text-sm"
              />
            </div>
            <SubmitButton isBusy={isBusy} busyLabel="Saving…" variant="secondary">
              Save draft
            </SubmitButton>
          </form>
          <div className="border-t border-slate-200 pt-4">
            <p className="mb-2 text-slate-700">
              When it is right, submit it: another admin of your organisation checks and publishes
              it.
            </p>
            <button
              type="button"
              disabled={isBusy}
              className={buttonClass('primary')}
              onClick={() =>
                void act(
                  async () =>
                    void unwrap(
                      await client.POST('/payment-model-versions/{id}/submit', {
                        params: { path: { id: version.id } },
                      }),
                    ),
                  `Version ${version.version} submitted for approval`,
                )
              }
            >
              Submit for approval
            </button>
          </div>
        </>
      )}

      {version.status === 'AWAITING_APPROVAL' && (
        <>
          {isSubmitter ? (
            <p className="rounded-md border-l-4 border-amber-600 bg-amber-50 p-3">
              You submitted this version, so another admin of your organisation must check and
              publish it.
            </p>
          ) : (
            <div>
              <p className="mb-2 text-slate-700">
                Publishing puts these rules in force from {version.effectiveFrom}; a version already
                in force is closed the day before. A published version never changes.
              </p>
              <button
                type="button"
                disabled={isBusy}
                className={buttonClass('primary')}
                onClick={() =>
                  void act(
                    async () =>
                      void unwrap(
                        await client.POST('/payment-model-versions/{id}/publish', {
                          params: { path: { id: version.id } },
                        }),
                      ),
                    `Version ${version.version} published`,
                  )
                }
              >
                Publish version {version.version}
              </button>
            </div>
          )}
          <form
            onSubmit={(event) => void returnToDraft(event)}
            noValidate
            className="space-y-3 border-t border-slate-200 pt-4"
          >
            <TextField
              id="version-reason"
              label="Return to draft — reason"
              error={errors.fields['version-reason']}
            />
            <SubmitButton isBusy={isBusy} busyLabel="Returning…" variant="secondary">
              Return to draft
            </SubmitButton>
          </form>
        </>
      )}

      {version.status === 'PUBLISHED' && (
        <form onSubmit={(event) => void draftNext(event)} noValidate className="space-y-4">
          <p className="text-slate-700">
            A published version never changes. To change the rules, draft version{' '}
            {version.version + 1} from a date: it starts as a copy of the latest version.
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              id="version-from"
              label="New version in force from"
              type="date"
              error={errors.fields['version-from']}
            />
            <TextField
              id="version-note"
              label="What changes"
              error={errors.fields['version-note']}
            />
          </div>
          <SubmitButton isBusy={isBusy} busyLabel="Creating…">
            Draft version {version.version + 1}
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
