'use client';

// The payment terms part of a subcontract or variation form: the basis, its
// figures, the management fee and the payment deadline. People type pounds and
// percentages; readTerms turns them into the API's pence and basis points.
// Claim-priced terms also say who bears a commissioner's short payment
// (shortPaymentFlowDown; the prime, unless agreed back-to-back).
import { useState } from 'react';
import { readText, SelectField, TextField } from '@/components/form';
import { humanise } from '@/components/data/status-badge';
import { poundsToPence } from '@/lib/format';
import { percentToBp } from './shared';

export type TermsField =
  | 'kind'
  | 'sharePercent'
  | 'feePounds'
  | 'feeStartDate'
  | 'managementFeePercent'
  | 'paymentSlaDays'
  | 'shortPaymentFlowDown'
  | `rate_${string}`;

const KINDS = [
  { value: 'PBR_SHARE', label: 'A share of each outcome payment the prime receives' },
  { value: 'MILESTONE_TARIFF', label: 'Own rate per milestone' },
  { value: 'SERVICE_FEE', label: 'A monthly service fee' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

const SHORT_PAYMENT_OPTIONS = [
  {
    value: 'PRIME_BEARS',
    label: 'The prime bears it: the subcontractor is paid in full (default)',
  },
  {
    value: 'BACK_TO_BACK',
    label: 'Back-to-back: the subcontractor is paid on what the prime actually received',
  },
];
type ShortPaymentFlowDown = 'PRIME_BEARS' | 'BACK_TO_BACK';

const RATE_CODES = ['ATTACHMENT', 'JOB_START', 'JOB_OUTCOME', 'SUSTAINMENT'] as const;

export const TERMS_API_FIELDS: Record<string, { name: TermsField; label: string }> = {
  'body.terms.shareBasisPoints': { name: 'sharePercent', label: 'Share of each payment' },
  'body.terms.managementFeeBp': { name: 'managementFeePercent', label: 'Management fee' },
  'body.terms.paymentSlaDays': { name: 'paymentSlaDays', label: 'Paid within' },
  'body.terms.feePerPeriodPence': { name: 'feePounds', label: 'Monthly fee' },
  'body.terms.startDate': { name: 'feeStartDate', label: 'Fee starts' },
  'body.terms.shortPaymentFlowDown': {
    name: 'shortPaymentFlowDown',
    label: 'If the commissioner pays a claim short',
  },
};

export interface Current {
  kind?: string;
  figures?: Record<string, unknown>;
  managementFeeBp?: number;
  paymentSlaDays?: number;
}

const asPercent = (bp: unknown) => (typeof bp === 'number' ? String(bp / 100) : '');
const asPounds = (pence: unknown) =>
  typeof pence === 'string' && /^\d+$/.test(pence) ? (Number(pence) / 100).toFixed(2) : '';

export function TermsFields({
  errors,
  current,
}: {
  errors: Partial<Record<TermsField, string>>;
  current?: Current;
}) {
  const [kind, setKind] = useState<Kind>(
    KINDS.find((k) => k.value === current?.kind)?.value ?? 'PBR_SHARE',
  );
  const rates = (current?.figures?.ratesPence ?? {}) as Record<string, unknown>;
  return (
    <fieldset className="space-y-5">
      <legend className="text-lg font-semibold text-navy-900">Payment terms</legend>
      <div className="space-y-1.5">
        <label htmlFor="kind" className="block font-semibold text-navy-900">
          How the subcontractor is paid
        </label>
        <select
          id="kind"
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as Kind)}
          className="block w-full max-w-md rounded-md border-2 border-slate-500 bg-white px-3 py-2 text-base text-slate-900"
        >
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-5 md:grid-cols-2">
        {kind === 'PBR_SHARE' && (
          <TextField
            id="sharePercent"
            label="Share of each payment (%)"
            inputMode="decimal"
            hint="For example 70 for 70 %."
            defaultValue={asPercent(current?.figures?.shareBasisPoints)}
            error={errors.sharePercent}
          />
        )}
        {kind === 'MILESTONE_TARIFF' &&
          // The usual milestones, and every milestone the terms already pay (so a variation keeps them unless changed).
          [...new Set([...RATE_CODES, ...Object.keys(rates)])].map((code) => (
            <TextField
              key={code}
              id={`rate_${code}`}
              label={`Rate for ${humanise(code).toLowerCase()} (£)`}
              inputMode="decimal"
              hint="Leave blank for none."
              defaultValue={asPounds(rates[code])}
              error={errors[`rate_${code}`]}
            />
          ))}
        {kind === 'SERVICE_FEE' && (
          <>
            <TextField
              id="feePounds"
              label="Monthly fee (£)"
              inputMode="decimal"
              defaultValue={asPounds(current?.figures?.feePerPeriodPence)}
              error={errors.feePounds}
            />
            <TextField
              id="feeStartDate"
              label="Fee starts"
              type="date"
              defaultValue={
                typeof current?.figures?.startDate === 'string' ? current.figures.startDate : ''
              }
              error={errors.feeStartDate}
            />
          </>
        )}
        {kind !== 'SERVICE_FEE' && (
          <SelectField
            id="shortPaymentFlowDown"
            label="If the commissioner pays a claim short"
            hint="Who bears the shortfall: the prime, or the subcontractor in proportion (back-to-back, 'pay when paid')."
            options={SHORT_PAYMENT_OPTIONS}
            defaultValue={
              current?.figures?.shortPaymentFlowDown === 'BACK_TO_BACK'
                ? 'BACK_TO_BACK'
                : 'PRIME_BEARS'
            }
            error={errors.shortPaymentFlowDown}
          />
        )}
        <TextField
          id="managementFeePercent"
          label="Management fee kept by the prime (%)"
          inputMode="decimal"
          defaultValue={asPercent(current?.managementFeeBp) || '0'}
          error={errors.managementFeePercent}
        />
        <TextField
          id="paymentSlaDays"
          label="Paid within (days of the prime being paid)"
          inputMode="numeric"
          defaultValue={String(current?.paymentSlaDays ?? 30)}
          error={errors.paymentSlaDays}
        />
      </div>
    </fieldset>
  );
}

type TermsBody =
  | {
      kind: 'PBR_SHARE';
      shareBasisPoints: number;
      shortPaymentFlowDown: ShortPaymentFlowDown;
      managementFeeBp: number;
      paymentSlaDays: number;
    }
  | {
      kind: 'MILESTONE_TARIFF';
      ratesPence: Record<string, string>;
      shortPaymentFlowDown: ShortPaymentFlowDown;
      managementFeeBp: number;
      paymentSlaDays: number;
    }
  | {
      kind: 'SERVICE_FEE';
      feePerPeriodPence: string;
      periodMonths: number;
      startDate: string;
      managementFeeBp: number;
      paymentSlaDays: number;
    };

/** The terms from the form, or the fields to correct. */
export function readTerms(form: FormData): {
  terms: TermsBody | null;
  fields: Partial<Record<TermsField, string>>;
} {
  const fields: Partial<Record<TermsField, string>> = {};
  const kind = readText(form, 'kind') as Kind;
  const managementFeeBp = percentToBp(readText(form, 'managementFeePercent'));
  if (managementFeeBp === null) fields.managementFeePercent = 'Enter a percentage from 0 to 100';
  const slaText = readText(form, 'paymentSlaDays').trim();
  const paymentSlaDays =
    /^\d{1,3}$/.test(slaText) && Number(slaText) <= 365 ? Number(slaText) : null;
  if (paymentSlaDays === null) fields.paymentSlaDays = 'Enter a number of days from 0 to 365';
  const common = { managementFeeBp: managementFeeBp ?? 0, paymentSlaDays: paymentSlaDays ?? 0 };
  const shortPaymentFlowDown: ShortPaymentFlowDown =
    readText(form, 'shortPaymentFlowDown') === 'BACK_TO_BACK' ? 'BACK_TO_BACK' : 'PRIME_BEARS';
  let terms: TermsBody | null = null;
  if (kind === 'PBR_SHARE') {
    const share = percentToBp(readText(form, 'sharePercent'));
    if (share === null) fields.sharePercent = 'Enter a percentage from 0 to 100';
    terms = { kind, shareBasisPoints: share ?? 0, shortPaymentFlowDown, ...common };
  } else if (kind === 'MILESTONE_TARIFF') {
    const ratesPence: Record<string, string> = {};
    const codes = [...form.keys()]
      .filter((key) => key.startsWith('rate_'))
      .map((key) => key.slice('rate_'.length));
    for (const code of codes) {
      const text = readText(form, `rate_${code}`).trim();
      if (!text) continue;
      const pence = poundsToPence(text);
      if (pence === null)
        fields[`rate_${code}`] = 'Enter an amount in pounds, such as 900 or 900.00';
      else ratesPence[code] = pence;
    }
    terms = { kind, ratesPence, shortPaymentFlowDown, ...common };
  } else {
    const fee = poundsToPence(readText(form, 'feePounds'));
    if (fee === null) fields.feePounds = 'Enter an amount in pounds, such as 2000';
    const startDate = readText(form, 'feeStartDate').trim();
    if (!startDate) fields.feeStartDate = 'Enter the day the fee starts';
    terms = {
      kind: 'SERVICE_FEE',
      feePerPeriodPence: fee ?? '0',
      periodMonths: 1,
      startDate,
      ...common,
    };
  }
  return { terms: Object.keys(fields).length > 0 ? null : terms, fields };
}
