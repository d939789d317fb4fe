// The Work Programme model from @waymark/domain, plus tariffs for the three
// groups the domain leaves unpriced (ESA flow, ESA ex-IB, IB/IS). Those figures
// are NOT in DESIGN.md's reference figures: they are illustrative, chosen so
// the hardest-to-help groups pay more per outcome, as the programme intended.
import {
  allocateProportionally,
  WORK_PROGRAMME_ATTACHMENT_TAPER_BASIS_POINTS,
  WORK_PROGRAMME_MILESTONE_RULES,
  WORK_PROGRAMME_MODEL,
  type PaymentModel,
  type Tariff,
} from '@waymark/domain';

const EXTRA_GROUPS: readonly [string, bigint, bigint, bigint, number][] = [
  ['ESA_FLOW', 600_00n, 1_200_00n, 4_700_00n, 20],
  ['ESA_EX_IB', 600_00n, 3_500_00n, 9_600_00n, 26],
  ['IB_IS', 400_00n, 1_000_00n, 2_300_00n, 20],
];

export const WORK_PROGRAMME_GROUP_NAMES: Record<string, string> = {
  JSA_18_24: 'JSA 18–24',
  JSA_25_PLUS: 'JSA 25+',
  JSA_EARLY_ACCESS: 'JSA early access',
  JSA_EX_IB: 'JSA ex-Incapacity Benefit',
  ESA_VOLUNTEERS: 'ESA volunteers',
  ESA_FLOW: 'New ESA claimants',
  ESA_EX_IB: 'ESA ex-Incapacity Benefit',
  IB_IS: 'IB/IS volunteers',
};

export const WORK_PROGRAMME_WITH_ALL_GROUPS: PaymentModel = {
  ...WORK_PROGRAMME_MODEL,
  versions: WORK_PROGRAMME_MODEL.versions.map((version) => ({
    ...version,
    tariffs: [
      ...version.tariffs,
      ...EXTRA_GROUPS.flatMap(([group, attachment, outcome, sustainment, periods]): Tariff[] => [
        { paymentGroup: group, milestoneCode: 'ATTACHMENT', amountPence: attachment, taperBasisPointsByContractYear: WORK_PROGRAMME_ATTACHMENT_TAPER_BASIS_POINTS },
        { paymentGroup: group, milestoneCode: 'JOB_OUTCOME', amountPence: outcome },
        { paymentGroup: group, milestoneCode: 'SUSTAINMENT', amountPence: allocateProportionally(sustainment, Array<number>(periods).fill(1)) },
      ]),
    ],
  })),
};

/** Weeks in work before a job outcome falls due, from the domain's milestone rules. */
export function workProgrammeOutcomeWeeks(group: string): number {
  const rule = WORK_PROGRAMME_MILESTONE_RULES.find((r) => r.code === 'JOB_OUTCOME');
  if (rule?.timing.kind !== 'WEEKS_IN_WORK') return 13;
  const weeks = rule.timing.weeks;
  return typeof weeks === 'number' ? weeks : (weeks.byGroup[group] ?? weeks.otherwise ?? 13);
}

// Share of referrals and two-year job-outcome rate by group: ~28 % overall, ~5 % for ESA ex-IB.
export const WORK_PROGRAMME_GROUP_MIX: readonly { code: string; weight: number; jobOutcomeRate: number; ages: readonly [number, number] }[] = [
  { code: 'JSA_18_24', weight: 18, jobOutcomeRate: 0.36, ages: [18, 24] },
  { code: 'JSA_25_PLUS', weight: 50, jobOutcomeRate: 0.33, ages: [25, 64] },
  { code: 'JSA_EARLY_ACCESS', weight: 8, jobOutcomeRate: 0.25, ages: [18, 64] },
  { code: 'JSA_EX_IB', weight: 3, jobOutcomeRate: 0.15, ages: [25, 64] },
  { code: 'ESA_VOLUNTEERS', weight: 4, jobOutcomeRate: 0.15, ages: [18, 64] },
  { code: 'ESA_FLOW', weight: 9, jobOutcomeRate: 0.12, ages: [18, 64] },
  { code: 'ESA_EX_IB', weight: 6, jobOutcomeRate: 0.05, ages: [25, 64] },
  { code: 'IB_IS', weight: 2, jobOutcomeRate: 0.08, ages: [25, 64] },
];
