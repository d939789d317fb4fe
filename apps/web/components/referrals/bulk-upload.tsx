'use client';

// Upload a referral file, then follow the background import with a progress
// bar (polling its status) until it completes or fails.
import { useEffect, useState, type FormEvent } from 'react';
import { ProgressBar } from '@/components/data/progress-bar';
import { ErrorSummary, SelectField, SubmitButton } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import type { ReferralImport } from './shared';

type Field = 'file' | 'primeContractId';
const POLL_MS = 1_000;

export function BulkUpload({
  primeContracts,
}: {
  primeContracts: { value: string; label: string }[];
}) {
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const [job, setJob] = useState<ReferralImport | null>(null);
  const isRunning = job !== null && (job.status === 'QUEUED' || job.status === 'RUNNING');

  useEffect(() => {
    if (!job || !isRunning) return;
    const poll = async () => {
      try {
        const next = unwrap(
          await createBrowserClient().GET('/referral-imports/{id}', {
            params: { path: { id: job.id } },
          }),
        ).referralImport;
        setJob(next);
        if (next.status === 'COMPLETED')
          toast(
            `Import finished: ${next.counts?.imported ?? 0} referrals created, ${next.counts?.rejected ?? 0} rows rejected.`,
          );
        if (next.status === 'FAILED')
          toast(`Import failed: ${next.failureReason ?? 'see the error report'}`, 'error');
      } catch {
        // A missed poll is retried on the next tick.
        setJob({ ...job });
      }
    };
    const timer = setTimeout(() => void poll(), POLL_MS);
    return () => clearTimeout(timer);
  }, [job, isRunning, toast]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const fields: FormErrors<Field>['fields'] = {};
    if (!(file instanceof File) || file.size === 0) fields.file = 'Choose a CSV or XLSX file';
    if (!form.get('primeContractId')) fields.primeContractId = 'Choose the prime contract';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/referral-imports', {
          // FormData passes through as multipart; the browser sets the boundary.
          body: form as never,
        }),
      );
      setJob(result.referralImport);
      if (result.duplicateOf) toast('This exact file was already uploaded: showing that import.');
    } catch (error) {
      setErrors(
        formErrorsFrom(error, {
          'body.file': { name: 'file', label: 'File' },
          'body.primeContractId': { name: 'primeContractId', label: 'Prime contract' },
        }),
      );
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      <section
        aria-labelledby="upload-title"
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <h2 id="upload-title" className="text-xl font-semibold text-navy-900">
          Choose a file
        </h2>
        <form onSubmit={(event) => void submit(event)} className="space-y-5" noValidate>
          <ErrorSummary id="upload-errors" errors={errors} labels={['file', 'primeContractId']} />
          <div className="space-y-1.5">
            <label htmlFor="file" className="block font-semibold text-navy-900">
              Referral file
            </label>
            <p id="file-hint" className="text-sm text-slate-600">
              CSV or XLSX, up to 100 MB.
            </p>
            {errors.fields.file && (
              <p id="file-error" className="text-sm font-semibold text-red-800">
                <span className="sr-only">Error: </span>
                {errors.fields.file}
              </p>
            )}
            <input
              id="file"
              name="file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={errors.fields.file ? 'file-hint file-error' : 'file-hint'}
              aria-invalid={errors.fields.file ? true : undefined}
              className="block w-full max-w-md rounded-md border-2 border-slate-500 bg-white px-3 py-2"
            />
          </div>
          <SelectField
            id="primeContractId"
            label="Prime contract"
            error={errors.fields.primeContractId}
            defaultValue={primeContracts.length === 1 ? primeContracts[0]?.value : ''}
            options={[{ value: '', label: 'Choose the prime contract' }, ...primeContracts]}
          />
          <fieldset className="space-y-2">
            <legend className="font-semibold text-navy-900">If some rows are bad</legend>
            <div className="flex items-center gap-2">
              <input
                id="mode-all"
                type="radio"
                name="mode"
                value="all-or-nothing"
                defaultChecked
                className="h-5 w-5 accent-teal-700"
              />
              <label htmlFor="mode-all">
                Import nothing until the file is fixed (all or nothing)
              </label>
            </div>
            <div className="flex items-center gap-2">
              <input
                id="mode-valid"
                type="radio"
                name="mode"
                value="valid-rows"
                className="h-5 w-5 accent-teal-700"
              />
              <label htmlFor="mode-valid">Import the good rows and report the bad ones</label>
            </div>
          </fieldset>
          <SubmitButton isBusy={isBusy} busyLabel="Uploading…">
            Upload file
          </SubmitButton>
        </form>
      </section>

      {job && (
        <section
          aria-labelledby="import-title"
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
        >
          <h2 id="import-title" className="text-xl font-semibold text-navy-900">
            {job.fileName ?? 'Your file'}:{' '}
            {job.status === 'COMPLETED'
              ? 'imported'
              : job.status === 'FAILED'
                ? 'failed'
                : job.status === 'QUEUED'
                  ? 'waiting to start'
                  : 'importing'}
          </h2>
          <ProgressBar
            label="Rows processed"
            done={
              job.status === 'COMPLETED' && job.counts ? job.counts.total : job.progress.rowsDone
            }
            total={
              job.status === 'COMPLETED' && job.counts ? job.counts.total : job.progress.rowsTotal
            }
          />
          {job.counts && (
            <dl className="grid grid-cols-3 gap-4 text-center">
              <div className="rounded-md bg-slate-50 p-3">
                <dt className="text-sm text-slate-700">Rows</dt>
                <dd className="text-2xl font-semibold tabular-nums">{job.counts.total}</dd>
              </div>
              <div className="rounded-md bg-teal-50 p-3">
                <dt className="text-sm text-slate-700">Referrals created</dt>
                <dd className="text-2xl font-semibold tabular-nums">{job.counts.imported}</dd>
              </div>
              <div className="rounded-md bg-amber-50 p-3">
                <dt className="text-sm text-slate-700">Rows rejected</dt>
                <dd className="text-2xl font-semibold tabular-nums">{job.counts.rejected}</dd>
              </div>
            </dl>
          )}
          {job.failureReason && (
            <p
              role="alert"
              className="rounded-md border-l-4 border-red-700 bg-red-50 p-3 text-red-900"
            >
              {job.failureReason}
            </p>
          )}
          {(job.status === 'FAILED' || (job.counts?.rejected ?? 0) > 0) && (
            <a
              href={`/api/referral-imports/${job.id}/errors.csv`}
              download
              className="font-semibold text-teal-800 underline underline-offset-4"
            >
              Download the error report (CSV)
            </a>
          )}
        </section>
      )}
    </div>
  );
}
