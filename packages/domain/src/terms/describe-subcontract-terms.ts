import { formatPence } from '../money/format-pence.js';
import { type SubcontractTerms } from './subcontract-terms.types.js';

const percent = (basisPoints: number): string => `${(basisPoints / 100).toFixed(2)}%`;
const words = (code: string): string => code.toLowerCase().replace(/_/g, ' ');
const KIND_NAMES: Record<SubcontractTerms['kind'], string> = {
  PBR_SHARE: 'share of each outcome payment',
  MILESTONE_TARIFF: 'own rate per milestone',
  SERVICE_FEE: 'service fee',
  GRANT: 'grant',
  HYBRID: 'upfront share then own rates',
};

/** The terms as lines a person reads: what is paid, the management fee, the payment deadline. */
export function describeSubcontractTerms(terms: SubcontractTerms): string[] {
  const lines = [`Basis: ${KIND_NAMES[terms.kind]}`];
  switch (terms.kind) {
    case 'PBR_SHARE':
      lines.push(`Share of each payment: ${percent(terms.shareBasisPoints)}`);
      break;
    case 'MILESTONE_TARIFF':
    case 'HYBRID':
      if (terms.kind === 'HYBRID') {
        lines.push(
          `Upfront: ${percent(terms.upfrontBasisPoints)} of ${formatPence(terms.contractValuePence)} in ${terms.upfrontInstalments} monthly instalments from ${terms.startDate}`,
        );
      }
      for (const [code, pence] of Object.entries(terms.ratesPence)) {
        if (pence !== undefined) lines.push(`Rate for ${words(code)}: ${formatPence(pence)}`);
      }
      break;
    case 'SERVICE_FEE':
      lines.push(
        `Fee: ${formatPence(terms.feePerPeriodPence)} every ${terms.periodMonths} month${terms.periodMonths === 1 ? '' : 's'} from ${terms.startDate}${terms.endDate ? ` to ${terms.endDate}` : ''}`,
      );
      break;
    case 'GRANT':
      terms.instalments.forEach((instalment, index) =>
        lines.push(
          `Grant instalment ${index + 1}: ${formatPence(instalment.amountPence)} due ${instalment.dueDate}`,
        ),
      );
      break;
  }
  if (terms.kind !== 'SERVICE_FEE' && terms.kind !== 'GRANT') {
    lines.push(
      terms.shortPaymentFlowDown === 'BACK_TO_BACK'
        ? 'Short payments: passed down (back-to-back) — paid on what the prime actually received for the claim'
        : 'Short payments: borne by the prime — paid in full whatever the commissioner paid',
    );
  }
  lines.push(`Management fee: ${percent(terms.managementFeeBasisPoints)}`);
  lines.push(`Paid within: ${terms.paymentSlaDays} days of the prime being paid`);
  return lines;
}

export interface TermsDifference {
  /** What changed, in words: `Share of each payment`. */
  item: string;
  before: string | null;
  after: string | null;
}

/**
 * What a variation changes, line by line, for both parties to read before it is
 * accepted: each described line that differs, keyed by its label.
 */
export function diffSubcontractTerms({
  before,
  after,
}: {
  before: SubcontractTerms;
  after: SubcontractTerms;
}): TermsDifference[] {
  const byLabel = (lines: string[]) =>
    new Map(
      lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
    );
  const was = byLabel(describeSubcontractTerms(before));
  const now = byLabel(describeSubcontractTerms(after));
  const items = [...new Set([...was.keys(), ...now.keys()])];
  return items
    .filter((item) => was.get(item) !== now.get(item))
    .map((item) => ({ item, before: was.get(item) ?? null, after: now.get(item) ?? null }));
}
