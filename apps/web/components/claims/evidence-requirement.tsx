// What evidence the claim's milestone requires (its payment model's definition), whether it is there, and the
// prime's recorded override if it was let through without it. The API refuses submission while it is missing.
import type { Schemas } from '@/components/money/shared';
import { StatusBadge } from '@/components/data/status-badge';
import { OverrideEvidence } from './override-evidence';
import { formatDateTime } from '@/lib/format';

type ClaimEvidence = Schemas['ClaimResponseDto']['claim']['evidence'];

export function EvidenceRequirement({
  claimId,
  evidence,
  canOverride,
}: {
  claimId: string;
  evidence: ClaimEvidence;
  canOverride: boolean;
}) {
  if (evidence.required.length === 0 && !evidence.override) return null;
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
      {canOverride && evidence.isMissing && <OverrideEvidence claimId={claimId} />}
    </section>
  );
}
