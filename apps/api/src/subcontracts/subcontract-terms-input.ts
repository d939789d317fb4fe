// Terms as the API takes them ↔ as they are stored (kind + fee + SLA columns,
// kind-specific figures in jsonb) ↔ as the domain prices them.
import { describeSubcontractTerms, type SubcontractTerms, type TermsKind } from '@waymark/domain';
import { type z } from 'zod';
import { termsOf } from '../subcontractor-payments/subcontract-terms';
import { type TermsInput, type TermsView } from './subcontracts.dto';

export interface StoredTerms {
  termsKind: TermsKind;
  terms: Record<string, unknown>;
  managementFeeBp: number;
  paymentSlaDays: number;
}

export function storedTermsOf(input: z.infer<typeof TermsInput>): StoredTerms {
  const { kind, managementFeeBp, paymentSlaDays, ...figures } = input;
  return { termsKind: kind, terms: figures, managementFeeBp, paymentSlaDays };
}

export function domainTermsOf(
  stored: StoredTerms,
  dates: { startsOn: string; endsOn: string | null },
): SubcontractTerms {
  return termsOf({ ...stored, ...dates });
}

export function termsViewOf(
  stored: StoredTerms,
  dates: { startsOn: string; endsOn: string | null },
): z.infer<typeof TermsView> {
  return {
    kind: stored.termsKind,
    managementFeeBp: stored.managementFeeBp,
    paymentSlaDays: stored.paymentSlaDays,
    figures: stored.terms,
    description: describeSubcontractTerms(domainTermsOf(stored, dates)),
  };
}
