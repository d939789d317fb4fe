import { type DayDate, type MilestoneCode, type ShortPaymentFlowDown } from '../vocabulary.js';

interface CommonTerms {
  /** The prime's management fee, deducted from everything passed down. */
  readonly managementFeeBasisPoints: number;
  /** Days after the prime receives money (or a scheduled date) by which the subcontractor must be paid. */
  readonly paymentSlaDays: number;
}

interface ClaimPricedTerms {
  /** Whether a commissioner's short payment of a claim reduces what is passed down; absent = PRIME_BEARS. */
  readonly shortPaymentFlowDown?: ShortPaymentFlowDown;
}

export type SubcontractTerms =
  | (CommonTerms &
      ClaimPricedTerms & { readonly kind: 'PBR_SHARE'; readonly shareBasisPoints: number })
  | (CommonTerms &
      ClaimPricedTerms & {
        readonly kind: 'MILESTONE_TARIFF';
        readonly ratesPence: Readonly<Partial<Record<MilestoneCode, bigint>>>;
      })
  | (CommonTerms & {
      readonly kind: 'SERVICE_FEE';
      readonly feePerPeriodPence: bigint;
      readonly periodMonths: number;
      readonly startDate: DayDate;
      readonly endDate?: DayDate;
    })
  | (CommonTerms & {
      readonly kind: 'GRANT';
      readonly instalments: readonly { dueDate: DayDate; amountPence: bigint }[];
    })
  | (CommonTerms &
      ClaimPricedTerms & {
        readonly kind: 'HYBRID';
        /** Share of the subcontract value paid upfront, in equal monthly instalments from startDate. */
        readonly contractValuePence: bigint;
        readonly upfrontBasisPoints: number;
        readonly upfrontInstalments: number;
        readonly startDate: DayDate;
        /** Then own rates per milestone. */
        readonly ratesPence: Readonly<Partial<Record<MilestoneCode, bigint>>>;
      });

export interface ScheduledPayment {
  dueDate: DayDate;
  grossPence: bigint;
  managementFeePence: bigint;
  netPence: bigint;
  description: string;
}
