'use client';

// The commissioner records what the bid promised a subcontractor; the prime
// proposes it for the commissioner to confirm. Shares in percentages.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, readText, SelectField, SubmitButton, TextField } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { percentToBp } from './shared';

type Field = 'subcontractorId' | 'referralPercent' | 'spendPercent' | 'reason';
const ORDER: Field[] = ['subcontractorId', 'referralPercent', 'spendPercent', 'reason'];
const API_FIELDS: Record<string, { name: Field; label: string }> = {
  'body.subcontractorId': { name: 'subcontractorId', label: 'Subcontractor' },
  'body.plannedReferralShareBp': { name: 'referralPercent', label: 'Share of referrals' },
  'body.plannedSpendShareBp': { name: 'spendPercent', label: 'Share of money' },
  'body.reason': { name: 'reason', label: 'Where it comes from' },
};

export function BidCommitmentForm({
  primeContractId,
  subcontractors,
  isProposal,
}: {
  primeContractId: string;
  subcontractors: { value: string; label: string }[];
  isProposal: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const referral = percentToBp(readText(form, 'referralPercent'));
    const spend = percentToBp(readText(form, 'spendPercent'));
    const fields: FormErrors<Field>['fields'] = {};
    if (!readText(form, 'subcontractorId')) fields.subcontractorId = 'Choose the subcontractor';
    if (referral === null) fields.referralPercent = 'Enter a percentage from 0 to 100';
    if (spend === null) fields.spendPercent = 'Enter a percentage from 0 to 100';
    if (Object.keys(fields).length > 0 || referral === null || spend === null) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsBusy(true);
    setErrors(NO_ERRORS);
    try {
      const reason = readText(form, 'reason').trim();
      unwrap(
        await createBrowserClient().POST('/supply-chain/prime-contracts/{id}/bid-commitments', {
          params: { path: { id: primeContractId } },
          body: {
            subcontractorId: readText(form, 'subcontractorId'),
            plannedReferralShareBp: referral,
            plannedSpendShareBp: spend,
            specialistProvision: form.get('specialistProvision') === 'on',
            ...(reason ? { reason } : {}),
          },
        }),
      );
      toast(
        isProposal
          ? 'Proposed: the commissioner confirms it before it counts.'
          : 'Recorded: the commitment is in force.',
      );
      formElement.reset();
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, API_FIELDS));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      <h2 className="text-xl font-semibold text-navy-900">
        {isProposal ? 'Propose a bid commitment' : 'Record a bid commitment'}
      </h2>
      <ErrorSummary id="bid-errors" errors={errors} labels={ORDER} />
      <div className="grid gap-5 md:grid-cols-2">
        <SelectField
          id="subcontractorId"
          label="Subcontractor"
          error={errors.fields.subcontractorId}
          defaultValue=""
          options={[{ value: '', label: 'Choose the subcontractor' }, ...subcontractors]}
        />
        <TextField
          id="reason"
          label="Where it comes from (optional)"
          hint="The bid section or clarification."
          error={errors.fields.reason}
        />
        <TextField
          id="referralPercent"
          label="Share of referrals promised (%)"
          inputMode="decimal"
          error={errors.fields.referralPercent}
        />
        <TextField
          id="spendPercent"
          label="Share of money promised (%)"
          inputMode="decimal"
          error={errors.fields.spendPercent}
        />
      </div>
      <div className="flex items-center gap-3">
        <input
          id="specialistProvision"
          name="specialistProvision"
          type="checkbox"
          className="h-5 w-5 rounded border-2 border-slate-500"
        />
        <label htmlFor="specialistProvision" className="font-semibold text-navy-900">
          The bid names it as specialist provision
        </label>
      </div>
      <SubmitButton isBusy={isBusy} busyLabel="Saving…">
        {isProposal ? 'Propose to the commissioner' : 'Record the commitment'}
      </SubmitButton>
    </form>
  );
}

export function BidProposalActions({
  primeContractId,
  subcontractorId,
  version,
  subcontractorName,
}: {
  primeContractId: string;
  subcontractorId: string;
  version: number;
  subcontractorName: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [isBusy, setIsBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const params = { params: { path: { id: primeContractId, subcontractorId, version } } };

  async function decide(kind: 'confirm' | 'reject') {
    setIsBusy(true);
    setProblem(null);
    try {
      if (kind === 'confirm')
        unwrap(
          await createBrowserClient().POST(
            '/supply-chain/prime-contracts/{id}/bid-commitments/{subcontractorId}/versions/{version}/confirm',
            params,
          ),
        );
      else {
        const reason = window
          .prompt(`Why reject the proposal for ${subcontractorName}? The prime sees this.`)
          ?.trim();
        if (!reason) return;
        unwrap(
          await createBrowserClient().POST(
            '/supply-chain/prime-contracts/{id}/bid-commitments/{subcontractorId}/versions/{version}/reject',
            { ...params, body: { reason } },
          ),
        );
      }
      toast(
        kind === 'confirm'
          ? `Confirmed for ${subcontractorName}.`
          : `Rejected for ${subcontractorName}.`,
      );
      router.refresh();
    } catch (error) {
      setProblem(formErrorsFrom(error, {}).form.join(' '));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={isBusy}
        onClick={() => void decide('confirm')}
        className="rounded-md border-2 border-teal-700 bg-teal-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-teal-800"
      >
        Confirm
      </button>
      <button
        type="button"
        disabled={isBusy}
        onClick={() => void decide('reject')}
        className="rounded-md border-2 border-slate-500 bg-white px-3 py-1.5 text-sm font-semibold text-navy-900 hover:bg-slate-100"
      >
        Reject
      </button>
      {problem && (
        <p role="alert" className="w-full text-sm text-red-800">
          {problem}
        </p>
      )}
    </div>
  );
}

export function SpecialistMinimumForm({
  primeContractId,
  currentBp,
}: {
  primeContractId: string;
  currentBp: number | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const minimumBp = percentToBp(readText(new FormData(event.currentTarget), 'minimumPercent'));
    if (minimumBp === null) {
      setError('Enter a percentage from 0 to 100');
      return;
    }
    setIsBusy(true);
    setError(undefined);
    try {
      unwrap(
        await createBrowserClient().PUT(
          '/supply-chain/prime-contracts/{id}/bid-commitments/specialist-minimum',
          { params: { path: { id: primeContractId } }, body: { minimumBp } },
        ),
      );
      toast('Minimum specialist share set.');
      router.refresh();
    } catch (failure) {
      setError(formErrorsFrom(failure, {}).form.join(' '));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="flex flex-wrap items-end gap-3"
      noValidate
    >
      <TextField
        id="minimumPercent"
        label="Minimum share for specialists (%)"
        inputMode="decimal"
        defaultValue={currentBp === null ? '' : String(currentBp / 100)}
        error={error}
      />
      <SubmitButton isBusy={isBusy} busyLabel="Saving…">
        Set the minimum
      </SubmitButton>
    </form>
  );
}
