'use client';

// The caseworker's forms on the participant page: log an activity, record a
// needs assessment, and draft a claim for a milestone that is claimable now.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import {
  buttonClass,
  ErrorSummary,
  readText,
  SelectField,
  SubmitButton,
  TextField,
} from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { describeError, formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import {
  ACTIVITY_KINDS,
  BARRIER_TYPES,
  todayIso,
  type ActivityKind,
  type MilestoneCode,
} from '@/components/referrals/shared';

type ActivityField =
  | 'kind'
  | 'occurredOn'
  | 'notes'
  | 'employer'
  | 'hoursPerWeek'
  | 'hourlyPay'
  | 'title'
  | 'organisation'
  | 'business';
const ACTIVITY_ORDER: ActivityField[] = [
  'kind',
  'occurredOn',
  'employer',
  'hoursPerWeek',
  'hourlyPay',
  'title',
  'organisation',
  'business',
  'notes',
];

/** "12.21" pounds → "1221" pence, without floats. */
function poundsToPence(text: string): string | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/^£/, ''));
  if (!match) return null;
  return String(BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0') || '0'));
}

/** Milestones the payment model has caseworkers record that no activity kind above already records. */
const RECORDED_BY_KIND = new Set([
  'ACTION_PLAN',
  'WORK_PLACEMENT',
  'ACCREDITED_QUALIFICATION',
  'VOLUNTEERING',
  'JOB_START',
  'SELF_EMPLOYMENT_START',
]);
const MILESTONE_PREFIX = 'MILESTONE:';

export function LogActivityForm({
  referralId,
  recordableMilestones = [],
}: {
  referralId: string;
  recordableMilestones?: { code: string; name: string }[];
}) {
  const router = useRouter();
  const toast = useToast();
  const [choice, setChoice] = useState<string>('CONTACT');
  const milestoneCode = choice.startsWith(MILESTONE_PREFIX)
    ? choice.slice(MILESTONE_PREFIX.length)
    : undefined;
  const kind: ActivityKind = milestoneCode ? 'MILESTONE' : (choice as ActivityKind);
  const ownMilestones = recordableMilestones.filter((m) => !RECORDED_BY_KIND.has(m.code));
  const [errors, setErrors] = useState<FormErrors<ActivityField>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const value = (name: ActivityField) => readText(form, name).trim();
    const fields: FormErrors<ActivityField>['fields'] = {};
    if (!value('occurredOn')) fields.occurredOn = 'Enter the date it happened';
    let hourlyPayPence: string | undefined;
    if (kind === 'JOB_START') {
      if (!value('employer')) fields.employer = 'Enter the employer';
      if (!value('hoursPerWeek')) fields.hoursPerWeek = 'Enter the hours per week';
      const pence = poundsToPence(value('hourlyPay'));
      if (pence === null) fields.hourlyPay = 'Enter the hourly pay in pounds, like 12.21';
      else hourlyPayPence = pence;
    }
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      const optional = (name: ActivityField) => (value(name) ? value(name) : undefined);
      unwrap(
        await createBrowserClient().POST('/referrals/{id}/activities', {
          params: { path: { id: referralId } },
          body: {
            kind,
            occurredOn: value('occurredOn'),
            notes: optional('notes'),
            employer: optional('employer'),
            hoursPerWeek: value('hoursPerWeek') ? Number(value('hoursPerWeek')) : undefined,
            hourlyPayPence,
            title: optional('title'),
            organisation: optional('organisation'),
            business: optional('business'),
            milestoneCode,
          },
        }),
      );
      toast(
        `${ownMilestones.find((m) => m.code === milestoneCode)?.name ?? ACTIVITY_KINDS.find((item) => item.value === kind)?.label ?? 'Activity'} logged.`,
      );
      formElement.reset();
      setChoice('CONTACT');
      router.refresh();
    } catch (error) {
      setErrors(
        formErrorsFrom(error, {
          'body.occurredOn': { name: 'occurredOn', label: 'Date' },
          'body.employer': { name: 'employer', label: 'Employer' },
          'body.hoursPerWeek': { name: 'hoursPerWeek', label: 'Hours per week' },
          'body.hourlyPayPence': { name: 'hourlyPay', label: 'Hourly pay' },
          'body.title': { name: 'title', label: 'Qualification' },
          'body.organisation': { name: 'organisation', label: 'Organisation' },
          'body.business': { name: 'business', label: 'Business' },
          'body.notes': { name: 'notes', label: 'Notes' },
        }),
      );
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section
      aria-labelledby="log-activity-title"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="log-activity-title" className="text-xl font-semibold text-navy-900">
        Log an activity
      </h2>
      <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
        <ErrorSummary id="activity-errors" errors={errors} labels={ACTIVITY_ORDER} />
        <div className="space-y-1.5">
          <label htmlFor="kind" className="block font-semibold text-navy-900">
            What happened
          </label>
          <select
            id="kind"
            name="kind"
            value={choice}
            onChange={(event) => setChoice(event.target.value)}
            className="block w-full max-w-md rounded-md border-2 border-slate-500 bg-white px-3 py-2 text-base"
          >
            {ACTIVITY_KINDS.filter((item) => item.value !== 'MILESTONE').map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
            {ownMilestones.length > 0 && (
              <optgroup label="Milestones of this participant’s programme">
                {ownMilestones.map((m) => (
                  <option key={m.code} value={`${MILESTONE_PREFIX}${m.code}`}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <TextField
          id="occurredOn"
          label="Date"
          type="date"
          defaultValue={todayIso()}
          max={todayIso()}
          error={errors.fields.occurredOn}
        />
        {(kind === 'JOB_START' || kind === 'WORK_PLACEMENT') && (
          <TextField id="employer" label="Employer" error={errors.fields.employer} />
        )}
        {(kind === 'JOB_START' || kind === 'SELF_EMPLOYMENT_START') && (
          <TextField
            id="hoursPerWeek"
            label="Hours per week"
            type="number"
            min={1}
            max={80}
            inputMode="numeric"
            error={errors.fields.hoursPerWeek}
          />
        )}
        {kind === 'JOB_START' && (
          <TextField
            id="hourlyPay"
            label="Hourly pay (£)"
            hint="For example, 12.21"
            inputMode="decimal"
            error={errors.fields.hourlyPay}
          />
        )}
        {kind === 'ACCREDITED_QUALIFICATION' && (
          <TextField id="title" label="Qualification" error={errors.fields.title} />
        )}
        {kind === 'VOLUNTEERING' && (
          <TextField id="organisation" label="Organisation" error={errors.fields.organisation} />
        )}
        {kind === 'SELF_EMPLOYMENT_START' && (
          <TextField id="business" label="Business" error={errors.fields.business} />
        )}
        <TextField id="notes" label="Notes (optional)" error={errors.fields.notes} />
        <SubmitButton isBusy={isBusy} busyLabel="Saving…">
          Log activity
        </SubmitButton>
      </form>
    </section>
  );
}

const SEVERITIES = [
  { value: '0', label: 'None' },
  { value: '1', label: 'Low' },
  { value: '2', label: 'Medium' },
  { value: '3', label: 'High' },
];

export function NeedsAssessmentForm({ referralId }: { referralId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const barriers = BARRIER_TYPES.map((barrier) => ({
      type: barrier.value,
      severity: Number(readText(form, `barrier-${barrier.value}`) || '0') as 0 | 1 | 2 | 3,
    }));
    setIsBusy(true);
    setError(null);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/referrals/{id}/needs-assessments', {
          params: { path: { id: referralId } },
          body: { barriers },
        }),
      );
      const latest = result.assessments.at(-1);
      toast(latest ? `Needs assessed: payment group ${latest.paymentGroup}.` : 'Needs assessed.');
      router.refresh();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <details className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <summary className="cursor-pointer text-xl font-semibold text-navy-900">
        Record a needs assessment
      </summary>
      <form onSubmit={(event) => void submit(event)} className="mt-4 space-y-4">
        {error && (
          <p
            role="alert"
            className="rounded-md border-l-4 border-red-700 bg-red-50 p-3 text-red-900"
          >
            {error}
          </p>
        )}
        <p className="text-sm text-slate-700">
          Severity of each barrier. The programme&rsquo;s rules set the payment group from these,
          and a reassessment keeps the history.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          {BARRIER_TYPES.map((barrier) => (
            <SelectField
              key={barrier.value}
              id={`barrier-${barrier.value}`}
              label={barrier.label}
              options={SEVERITIES}
              defaultValue="0"
            />
          ))}
        </div>
        <SubmitButton isBusy={isBusy} busyLabel="Saving…">
          Save assessment
        </SubmitButton>
      </form>
    </details>
  );
}

export function DraftClaimButton({
  referralId,
  milestoneCode,
  occurrence,
  label,
}: {
  referralId: string;
  milestoneCode: MilestoneCode;
  occurrence: number;
  label: string;
}) {
  const toast = useToast();
  const router = useRouter();
  const [claimId, setClaimId] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  if (claimId) {
    return (
      <Link
        href={`/claims/${claimId}`}
        className="font-semibold text-teal-800 underline underline-offset-4"
      >
        Open the draft claim
      </Link>
    );
  }
  return (
    <button
      type="button"
      disabled={isBusy}
      className={buttonClass('primary', 'sm')}
      aria-label={`Draft a claim for ${label}`}
      onClick={() =>
        void (async () => {
          setIsBusy(true);
          try {
            const result = unwrap(
              await createBrowserClient().POST('/claims', {
                body: { referralId, milestoneCode, occurrence },
              }),
            );
            setClaimId(result.claim.id);
            toast(`Claim drafted for ${label}.`);
            // Straight to the draft, where its evidence is uploaded: refreshing this page instead would drop
            // the milestone from "Claimable now" (it is claimed) and this button, link and all, with it.
            router.push(`/claims/${result.claim.id}`);
          } catch (error) {
            toast(describeError(error), 'error');
          } finally {
            setIsBusy(false);
          }
        })()
      }
    >
      {isBusy ? 'Drafting…' : 'Draft claim'}
    </button>
  );
}
