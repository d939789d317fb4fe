// What evidence the claim's milestone requires (its payment model's definition), whether it is there, and the
// prime's recorded override if it was let through without it, and any override withdrawn as recorded in error. The
// API refuses submission while it is missing (and, once an override was withdrawn, any further step towards payment).
import type { Schemas } from '@/components/money/shared';
import { StatusBadge } from '@/components/data/status-badge';
import { OverrideEvidence } from './override-evidence';
import { WithdrawEvidenceOverride } from './withdraw-evidence-override';
import { formatDateTime } from '@/lib/format';

type ClaimEvidence = Schemas['ClaimResponseDto']['claim']['evidence'];

export function EvidenceRequirement({
  claimId,
  evidence,
  canOverride,
  canWithdrawOverride,
}: {
  claimId: string;
  evidence: ClaimEvidence;
  canOverride: boolean;
  canWithdrawOverride: boolean;
}) {
  if (
    evidence.required.length === 0 &&
    !evidence.override &&
    evidence.withdrawnOverrides.length === 0
  )
    return null;
  return (
    <section
      aria-labelledby="evidence-required-title"
      className={`space-y-2 rounded-lg border p-5 ${evidence.isMissing ? 'border-amber-300 bg-amber-50' : 'border-slate-200 bg-white'}`}
    >
      <h2
        id="evidence-required-title"
        className="flex flex-wrap items-center gap-2 text-lg font-semibold text-navy-900"
      >
        Evidence required: {evidence.required.join('; ')}
        {evidence.isMissing && <StatusBadge status="EVIDENCE_MISSING" />}
      </h2>
      {evidence.isMissing ? (
        <p className="text-slate-800">
          No file is attached, so the claim cannot be submitted. Upload the evidence below, or ask
          the prime’s finance team to record an override.
        </p>
      ) : evidence.fileCount > 0 ? (
        <p className="text-slate-800">
          {evidence.fileCount} file{evidence.fileCount === 1 ? '' : 's'} attached.
        </p>
      ) : null}
      {evidence.override && (
        <p className="text-slate-800">
          Submitted without it by an override of{' '}
          {evidence.override.byName ?? 'the prime’s finance team'} on{' '}
          {formatDateTime(evidence.override.at)}: “{evidence.override.reason}”
        </p>
      )}
      {canWithdrawOverride && evidence.override && <WithdrawEvidenceOverride claimId={claimId} />}
      {evidence.withdrawnOverrides.length > 0 && (
        <ul aria-label="Withdrawn overrides" className="space-y-1 text-sm text-slate-700">
          {evidence.withdrawnOverrides.map((withdrawn) => (
            <li key={withdrawn.withdrawnAt}>
              <StatusBadge status="WITHDRAWN" /> An override recorded by{' '}
              {withdrawn.byName ?? 'the prime’s finance team'} on {formatDateTime(withdrawn.at)} (“
              {withdrawn.reason}”) was withdrawn by{' '}
              {withdrawn.withdrawnByName ?? 'the prime’s finance team'} on{' '}
              {formatDateTime(withdrawn.withdrawnAt)}: “{withdrawn.withdrawalReason}”
            </li>
          ))}
        </ul>
      )}
      {canOverride && evidence.isMissing && <OverrideEvidence claimId={claimId} />}
    </section>
  );
}
