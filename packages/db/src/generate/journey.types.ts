import { type MilestoneCode, type ProgrammeRules, type TermsKind } from '@waymark/domain';

export interface PricedMilestone {
  tariffId: string;
  amountPence: bigint;
}

/** Prices one milestone occurrence on a date; undefined when the model does not pay it. */
export type PriceLookup = (
  group: string,
  code: MilestoneCode,
  occurrence: number,
  day: number,
) => PricedMilestone | undefined;

export interface SimSubcontract {
  id: string;
  subcontractorId: string;
  weight: number;
  /** Payment groups served; null serves every group. */
  servesGroups: readonly string[] | null;
  termsKind: TermsKind;
  shareBasisPoints: number;
  ratesPence: Partial<Record<MilestoneCode, bigint>>;
  managementFeeBasisPoints: number;
  paymentSlaDays: number;
  /** Chance a payment to this subcontractor is late (small charities wait longer). */
  lateChance: number;
  caseworkerUserId: string;
  financeUserId: string;
  cashAccountId: string;
}

export interface SimGroup {
  code: string;
  id: string;
  /** Share of referrals (Work Programme: by benefit type); unused when barriers decide the group. */
  weight: number;
  /** Chance of a job outcome within the two years on programme. */
  jobOutcomeRate: number;
  /** Age range at referral. */
  ages: readonly [number, number];
}

export interface SimContract {
  programmeId: string;
  primeContractId: string;
  /** Short code used in references (participants, submissions, payments). */
  code: string;
  startsOn: number;
  /** Which population the generator simulates (who gets referred); the rules come from `rules`. */
  model: 'WORK_PROGRAMME' | 'NEEDS_BASED';
  /** The contract's payment model as stored: groups are assigned by its definition. */
  rules: ProgrammeRules;
  groups: readonly SimGroup[];
  price: PriceLookup;
  capPerParticipantPence: bigint | null;
  jobOutcomeWeeks: (group: string) => number;
  milestoneTypeIds: Partial<Record<MilestoneCode, string>>;
  subcontracts: readonly SimSubcontract[];
  referralPartners: readonly { id: string; caseworkerUserId: string | null }[];
  primeCaseworkerUserId: string;
  primeFinanceUserId: string;
  commissionerFinanceUserId: string;
  commissionerCashAccountId: string;
  primeCashAccountId: string;
}
