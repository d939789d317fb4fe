'use client';

// The simulator: a hypothetical participant's payment group (and why) and every milestone they
// would earn under this version, with dates and amounts; optionally against another version.
import { type components } from '@waymark/api-client';
import { useState, type FormEvent } from 'react';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formatDate, formatMoney, poundsToPence } from '@/lib/format';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { ErrorSummary, readText, SelectField, SubmitButton, TextField } from '../form';
import { BARRIER_WORDS, type Definition } from './describe';

type Result = components['schemas']['SimulationResponseDto'];
type Field =
  | 'sim-benefit'
  | 'sim-age'
  | 'sim-referral'
  | 'sim-attachment'
  | 'sim-job-start'
  | 'sim-job-end'
  | 'sim-earnings'
  | 'sim-reassessed'
  | 'sim-compare';
const ORDER: Field[] = [
  'sim-benefit',
  'sim-age',
  'sim-referral',
  'sim-attachment',
  'sim-job-start',
  'sim-job-end',
  'sim-earnings',
  'sim-reassessed',
  'sim-compare',
];
const FIELDS: Record<string, { name: Field; label: string }> = {
  'body.participant.benefitType': { name: 'sim-benefit', label: 'Benefit' },
  'body.participant.ageYears': { name: 'sim-age', label: 'Age' },
  'body.participant.referralDate': { name: 'sim-referral', label: 'Referred on' },
  'body.participant.attachmentDate': { name: 'sim-attachment', label: 'Attached on' },
};
const BARRIERS = Object.keys(BARRIER_WORDS);
const SEVERITIES = [
  { value: '0', label: 'None' },
  { value: '1', label: 'Low' },
  { value: '2', label: 'Medium' },
  { value: '3', label: 'High' },
];
const th = 'px-3 py-2 text-left font-semibold text-navy-900';
const td = 'px-3 py-2 align-top';

function barriersFrom(data: FormData, prefix: string) {
  return BARRIERS.map((type) => ({
    type,
    severity: Number(readText(data, `${prefix}-${type}`) || '0'),
  })).filter((b) => b.severity > 0) as { type: 'HEALTH'; severity: 0 | 1 | 2 | 3 }[];
}

export function Simulator({
  versionId,
  effectiveFrom,
  others,
  definition,
}: {
  versionId: string;
  effectiveFrom: string;
  others: { id: string; label: string }[];
  definition: Definition;
}) {
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const recordable = definition.milestones.filter((m) => m.trigger.kind === 'RECORDED');

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const fields: FormErrors<Field>['fields'] = {};
    const earnings = readText(data, 'sim-earnings')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [date, pounds] = line.split(/\s+/, 2);
        const amountPence = poundsToPence(pounds ?? '', { maxPoundsDigits: 11 });
        if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || amountPence === null)
          fields['sim-earnings'] =
            `Write each earnings line as a date and pounds, e.g. "2027-05-31 900" (not "${line}")`;
        return { date: date ?? '', amountPence: amountPence ?? '0' };
      });
    if (!readText(data, 'sim-referral'))
      fields['sim-referral'] = 'Enter the day the participant is referred';
    if (Object.keys(fields).length > 0) return setErrors({ fields, form: [] });
    const optional = (name: string) => readText(data, name) || undefined;
    const age = readText(data, 'sim-age');
    const jobStart = optional('sim-job-start');
    const jobEnd = optional('sim-job-end');
    const reassessed = optional('sim-reassessed');
    const compare = optional('sim-compare');
    setIsBusy(true);
    try {
      const response = unwrap(
        await createBrowserClient().POST('/payment-model-versions/{id}/simulate', {
          params: { path: { id: versionId } },
          body: {
            participant: {
              benefitType: readText(data, 'sim-benefit').trim() || 'UC',
              ...(age ? { ageYears: Number(age) } : {}),
              barriers: barriersFrom(data, 'sim-barrier'),
              referralDate: readText(data, 'sim-referral'),
              ...(optional('sim-attachment')
                ? { attachmentDate: readText(data, 'sim-attachment') }
                : {}),
              recorded: recordable.flatMap((m) =>
                readText(data, `sim-recorded-${m.code}`)
                  ? [{ code: m.code, date: readText(data, `sim-recorded-${m.code}`) }]
                  : [],
              ),
              jobs: jobStart
                ? [{ startDate: jobStart, ...(jobEnd ? { endDate: jobEnd } : {}) }]
                : [],
              earnings,
              reassessments: reassessed
                ? [{ date: reassessed, barriers: barriersFrom(data, 'sim-later') }]
                : [],
            },
            horizonDays: 1095,
            ...(compare ? { compareWithVersionId: compare } : {}),
          },
        }),
      );
      setErrors(NO_ERRORS);
      setResult(response);
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section
      aria-labelledby="simulator-heading"
      className="space-y-4 rounded-md border border-slate-300 bg-white p-4"
    >
      <h2 id="simulator-heading" className="text-2xl font-semibold text-navy-900">
        Try it on a participant
      </h2>
      <p className="text-slate-700">
        Describe a participant and see the group they fall in, why, and every payment they would
        earn over three years under this version.
      </p>
      <form onSubmit={(event) => void handleSubmit(event)} noValidate className="space-y-5">
        <ErrorSummary id="sim-errors" errors={errors} labels={ORDER} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            id="sim-benefit"
            label="Benefit"
            defaultValue="UC"
            error={errors.fields['sim-benefit']}
          />
          <TextField
            id="sim-age"
            label="Age (optional)"
            inputMode="numeric"
            error={errors.fields['sim-age']}
          />
          <TextField
            id="sim-referral"
            label="Referred on"
            type="date"
            defaultValue={effectiveFrom}
            error={errors.fields['sim-referral']}
          />
        </div>
        <fieldset>
          <legend className="font-semibold text-navy-900">Barriers at the first assessment</legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-3">
            {BARRIERS.map((type) => (
              <SelectField
                key={type}
                id={`sim-barrier-${type}`}
                label={BARRIER_WORDS[type] ?? type}
                options={SEVERITIES}
              />
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            id="sim-attachment"
            label="Attached on (optional)"
            type="date"
            error={errors.fields['sim-attachment']}
          />
          <TextField
            id="sim-job-start"
            label="Starts work on (optional)"
            type="date"
            error={errors.fields['sim-job-start']}
          />
          <TextField
            id="sim-job-end"
            label="Leaves work on (optional)"
            type="date"
            error={errors.fields['sim-job-end']}
          />
        </div>
        {recordable.length > 0 && (
          <fieldset>
            <legend className="font-semibold text-navy-900">
              Milestones a caseworker records (optional)
            </legend>
            <div className="mt-2 grid gap-3 sm:grid-cols-3">
              {recordable.map((m) => (
                <TextField key={m.code} id={`sim-recorded-${m.code}`} label={m.name} type="date" />
              ))}
            </div>
          </fieldset>
        )}
        <div className="space-y-1.5">
          <label htmlFor="sim-earnings" className="block font-semibold text-navy-900">
            Earnings in the data-match file (optional)
          </label>
          <p id="sim-earnings-hint" className="text-sm text-slate-600">
            One period per line: the day it ends and the pounds earned, e.g. “2027-05-31 900”.
          </p>
          {errors.fields['sim-earnings'] && (
            <p className="font-semibold text-red-800">{errors.fields['sim-earnings']}</p>
          )}
          <textarea
            id="sim-earnings"
            name="sim-earnings"
            rows={3}
            aria-describedby="sim-earnings-hint"
            className="block w-full max-w-md rounded-md border-2 border-slate-500 bg-white px-3 py-2 font-mono text-sm"
          />
        </div>
        <details>
          <summary className="cursor-pointer font-semibold text-teal-800">
            A later needs assessment (distance travelled)
          </summary>
          <div className="mt-3 space-y-3">
            <TextField id="sim-reassessed" label="Reassessed on" type="date" />
            <div className="grid gap-3 sm:grid-cols-3">
              {BARRIERS.map((type) => (
                <SelectField
                  key={type}
                  id={`sim-later-${type}`}
                  label={`${BARRIER_WORDS[type] ?? type} then`}
                  options={SEVERITIES}
                />
              ))}
            </div>
          </div>
        </details>
        {others.length > 0 && (
          <SelectField
            id="sim-compare"
            label="Compare with"
            options={[
              { value: '', label: 'No comparison' },
              ...others.map((o) => ({ value: o.id, label: o.label })),
            ]}
          />
        )}
        <SubmitButton isBusy={isBusy} busyLabel="Simulating…">
          Simulate
        </SubmitButton>
      </form>

      {result && (
        <div aria-live="polite" className="space-y-4 border-t border-slate-200 pt-4">
          <p className="text-lg">
            Payment group: <strong>{result.simulation.paymentGroupName}</strong>.{' '}
            <span className="text-slate-700">{result.simulation.groupExplanation}</span>
          </p>
          {result.simulation.schedule.length === 0 ? (
            <p>Nothing would be earned by {formatDate(result.simulation.horizon)}.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-300 text-sm">
                <caption className="text-left font-semibold text-navy-900">
                  {formatMoney(result.simulation.totalPence)} earned by{' '}
                  {formatDate(result.simulation.horizon)}
                </caption>
                <thead className="bg-slate-100">
                  <tr>
                    <th scope="col" className={th}>
                      Milestone
                    </th>
                    <th scope="col" className={th}>
                      Falls on
                    </th>
                    <th scope="col" className={th}>
                      Claimable from
                    </th>
                    <th scope="col" className={`${th} text-right`}>
                      Amount
                    </th>
                    <th scope="col" className={th}>
                      How it is priced
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {result.simulation.schedule.map((m) => (
                    <tr key={`${m.code}-${m.occurrence}`}>
                      <th scope="row" className={`${td} font-semibold`}>
                        {m.name}
                        {m.occurrence > 1 ? ` (${m.occurrence})` : ''}
                      </th>
                      <td className={td}>{formatDate(m.milestoneDate)}</td>
                      <td className={td}>{formatDate(m.claimableFrom)}</td>
                      <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                        {m.isPaid ? formatMoney(m.amountPence) : 'not paid'}
                      </td>
                      <td className={td}>{m.explanation}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.comparison && (
            <div>
              <h3 className="text-xl font-semibold text-navy-900">
                Against version {result.comparison.version}
              </h3>
              {result.comparison.differences.length === 0 ? (
                <p>No difference for this participant.</p>
              ) : (
                <ul className="mt-2 list-disc space-y-1 pl-6">
                  {result.comparison.differences.map((d) => (
                    <li key={`${d.code}-${d.occurrence}`}>
                      {d.name}
                      {d.occurrence > 1 ? ` (${d.occurrence})` : ''}:{' '}
                      {d.before
                        ? `${formatMoney(d.before.amountPence)} from ${formatDate(d.before.claimableFrom)}`
                        : 'not earned'}{' '}
                      →{' '}
                      {d.after
                        ? `${formatMoney(d.after.amountPence)} from ${formatDate(d.after.claimableFrom)}`
                        : 'not earned'}
                    </li>
                  ))}
                </ul>
              )}
              <p className="mt-2 font-semibold">
                Change in total: {formatMoney(result.comparison.totalChangePence)}
              </p>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
