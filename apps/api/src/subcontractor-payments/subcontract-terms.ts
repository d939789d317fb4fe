// Reads a subcontract row (terms_kind, terms jsonb, management fee and SLA
// columns) into the domain's SubcontractTerms. The columns are the source of
// truth for the fee and SLA; the jsonb carries the kind-specific figures, with
// pence as strings. GRANT accepts explicit instalments or a regular
// instalment (instalmentPence every everyMonths from startDate). The claim-priced
// kinds carry shortPaymentFlowDown (absent: PRIME_BEARS, the default).
import {
  addMonths,
  type MilestoneCode,
  type ShortPaymentFlowDown,
  type SubcontractTerms,
} from '@waymark/domain';

export interface SubcontractTermsRow {
  termsKind: SubcontractTerms['kind'];
  terms: Record<string, unknown>;
  managementFeeBp: number;
  paymentSlaDays: number;
  startsOn: string;
  endsOn: string | null;
}

const toPence = (value: unknown): bigint =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
    ? BigInt(value)
    : 0n;
const toNumber = (value: unknown, fallback: number): number =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && value !== ''
      ? Number(value)
      : fallback;
/** Absent (terms from before the rule) or anything else: the prime bears a short payment. */
const toFlowDown = (value: unknown): ShortPaymentFlowDown =>
  value === 'BACK_TO_BACK' ? 'BACK_TO_BACK' : 'PRIME_BEARS';
const toDay = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;

function rates(value: unknown): Partial<Record<MilestoneCode, bigint>> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).map(([code, pence]) => [code, toPence(pence)]));
}

export function termsOf(row: SubcontractTermsRow): SubcontractTerms {
  const common = {
    managementFeeBasisPoints: row.managementFeeBp,
    paymentSlaDays: row.paymentSlaDays,
  };
  const t = row.terms;
  switch (row.termsKind) {
    case 'PBR_SHARE':
      return {
        kind: 'PBR_SHARE',
        ...common,
        shareBasisPoints: toNumber(t.shareBasisPoints ?? t.shareBp, 0),
        shortPaymentFlowDown: toFlowDown(t.shortPaymentFlowDown),
      };
    case 'MILESTONE_TARIFF':
      return {
        kind: 'MILESTONE_TARIFF',
        ...common,
        ratesPence: rates(t.ratesPence),
        shortPaymentFlowDown: toFlowDown(t.shortPaymentFlowDown),
      };
    case 'SERVICE_FEE':
      return {
        kind: 'SERVICE_FEE',
        ...common,
        feePerPeriodPence: toPence(t.feePerPeriodPence),
        periodMonths: toNumber(t.periodMonths, 1),
        startDate: toDay(t.startDate, row.startsOn),
        ...(row.endsOn || typeof t.endDate === 'string'
          ? { endDate: toDay(t.endDate, row.endsOn ?? '') }
          : {}),
      };
    case 'GRANT': {
      if (Array.isArray(t.instalments)) {
        const instalments = (t.instalments as { dueDate?: unknown; amountPence?: unknown }[]).map(
          (i) => ({ dueDate: toDay(i.dueDate, row.startsOn), amountPence: toPence(i.amountPence) }),
        );
        return { kind: 'GRANT', ...common, instalments };
      }
      const startDate = toDay(t.startDate, row.startsOn);
      const everyMonths = Math.max(1, toNumber(t.everyMonths, 3));
      const count = Math.max(0, toNumber(t.instalmentCount, 20));
      const instalments = Array.from({ length: count }, (_, index) => ({
        dueDate: addMonths(startDate, index * everyMonths),
        amountPence: toPence(t.instalmentPence),
      })).filter((i) => !row.endsOn || i.dueDate <= row.endsOn);
      return { kind: 'GRANT', ...common, instalments };
    }
    case 'HYBRID':
      return {
        kind: 'HYBRID',
        ...common,
        contractValuePence: toPence(t.contractValuePence),
        upfrontBasisPoints: toNumber(t.upfrontBasisPoints, 0),
        upfrontInstalments: Math.max(1, toNumber(t.upfrontInstalments, 1)),
        startDate: toDay(t.startDate, row.startsOn),
        ratesPence: rates(t.ratesPence),
        shortPaymentFlowDown: toFlowDown(t.shortPaymentFlowDown),
      };
  }
}
