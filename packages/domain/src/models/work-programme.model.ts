import { type MilestoneRule } from '../milestones/milestone-rule.types.js';
import { allocateProportionally } from '../money/allocate-proportionally.js';
import { type GroupingRuleSet } from '../payment-groups/grouping-rule.types.js';
import { type PaymentModel, type Tariff } from '../tariffs/tariff.types.js';

// Work Programme (June 2011 – 2017), DESIGN.md "Reference figures".
export const WORK_PROGRAMME_GROUPS = [
  'JSA_18_24',
  'JSA_25_PLUS',
  'JSA_EARLY_ACCESS',
  'JSA_EX_IB',
  'ESA_VOLUNTEERS',
  'ESA_FLOW',
  'ESA_EX_IB',
  'IB_IS',
] as const;
export type WorkProgrammeGroup = (typeof WORK_PROGRAMME_GROUPS)[number];

interface WorkProgrammeFees {
  group: WorkProgrammeGroup;
  attachmentPence: bigint;
  jobOutcomePence: bigint;
  sustainmentTotalPence: bigint;
  /** Sustainment periods: "12 to 26 depending on the group" — the per-group count is our assumption. */
  sustainmentPeriods: number;
  jobOutcomeWeeks: number;
}

// Year-1 maximum fees per participant (attachment / job outcome / sustainment total).
// Only the groups with public reference figures are priced; ESA_FLOW, ESA_EX_IB and IB_IS are
// grouped (see WORK_PROGRAMME_GROUPING_RULES) but have no tariff here.
const FEES: readonly WorkProgrammeFees[] = [
  {
    group: 'JSA_18_24',
    attachmentPence: 400_00n,
    jobOutcomePence: 1_200_00n,
    sustainmentTotalPence: 2_210_00n,
    sustainmentPeriods: 20,
    jobOutcomeWeeks: 26,
  },
  {
    group: 'JSA_25_PLUS',
    attachmentPence: 400_00n,
    jobOutcomePence: 1_200_00n,
    sustainmentTotalPence: 2_795_00n,
    sustainmentPeriods: 22,
    jobOutcomeWeeks: 26,
  },
  {
    group: 'JSA_EARLY_ACCESS',
    attachmentPence: 400_00n,
    jobOutcomePence: 1_200_00n,
    sustainmentTotalPence: 5_000_00n,
    sustainmentPeriods: 26,
    jobOutcomeWeeks: 13,
  },
  {
    group: 'JSA_EX_IB',
    attachmentPence: 400_00n,
    jobOutcomePence: 1_200_00n,
    sustainmentTotalPence: 5_000_00n,
    sustainmentPeriods: 26,
    jobOutcomeWeeks: 13,
  },
  {
    group: 'ESA_VOLUNTEERS',
    attachmentPence: 400_00n,
    jobOutcomePence: 1_000_00n,
    sustainmentTotalPence: 2_300_00n,
    sustainmentPeriods: 20,
    jobOutcomeWeeks: 13,
  },
];

// "The attachment fee fell each contract year and was gone by 2014" (year 4 from June 2011).
// The intermediate steps (75 %, 50 %) are our assumption.
export const WORK_PROGRAMME_ATTACHMENT_TAPER_BASIS_POINTS = [10_000, 7_500, 5_000, 0] as const;

export const WORK_PROGRAMME_MODEL: PaymentModel = {
  id: 'WORK_PROGRAMME',
  name: 'Work Programme (2011)',
  paymentGroups: WORK_PROGRAMME_GROUPS,
  versions: [
    {
      version: 'WP-2011',
      effectiveFrom: '2011-06-01',
      effectiveTo: '2017-03-31',
      tariffs: FEES.flatMap((fees): Tariff[] => [
        {
          paymentGroup: fees.group,
          milestoneCode: 'ATTACHMENT',
          amountPence: fees.attachmentPence,
          taperBasisPointsByContractYear: WORK_PROGRAMME_ATTACHMENT_TAPER_BASIS_POINTS,
        },
        {
          paymentGroup: fees.group,
          milestoneCode: 'JOB_OUTCOME',
          amountPence: fees.jobOutcomePence,
        },
        {
          paymentGroup: fees.group,
          milestoneCode: 'SUSTAINMENT',
          // The total divided across its periods by largest remainder, so the periods sum to it exactly.
          amountPence: allocateProportionally(
            fees.sustainmentTotalPence,
            Array<number>(fees.sustainmentPeriods).fill(1),
          ),
        },
      ]),
    },
  ],
};

const byGroup = <T>(pick: (fees: WorkProgrammeFees) => T): Partial<Record<string, T>> =>
  Object.fromEntries(FEES.map((fees) => [fees.group, pick(fees)]));

export const WORK_PROGRAMME_MILESTONE_RULES: readonly MilestoneRule[] = [
  {
    code: 'ATTACHMENT',
    prerequisites: [],
    timing: { kind: 'ON_EVENT' },
    maxOccurrences: 1,
    claimDeadlineDays: 365,
  },
  {
    code: 'JOB_START',
    prerequisites: ['ATTACHMENT'],
    timing: { kind: 'ON_EVENT' },
    maxOccurrences: 1,
    claimDeadlineDays: 365,
  },
  {
    code: 'JOB_OUTCOME',
    prerequisites: ['ATTACHMENT', 'JOB_START'],
    // "A job outcome fell due after 13 weeks in work (26 for the main JSA groups)".
    timing: {
      kind: 'WEEKS_IN_WORK',
      weeks: { byGroup: byGroup((f) => f.jobOutcomeWeeks), otherwise: 13 },
    },
    maxOccurrences: 1,
    claimDeadlineDays: 365,
  },
  {
    code: 'SUSTAINMENT',
    prerequisites: ['JOB_OUTCOME'],
    // "Paid every 4 weeks after that, for 12 to 26 periods depending on the group,
    // claimable 15 working days after each period ends".
    timing: { kind: 'EVERY_WEEKS_AFTER', anchor: 'JOB_OUTCOME', everyWeeks: 4 },
    maxOccurrences: { byGroup: byGroup((f) => f.sustainmentPeriods), otherwise: 26 },
    claimableAfterWorkingDays: 15,
    claimDeadlineDays: 365,
  },
];

// Benefit type was the Work Programme's proxy for need: the group is the benefit category.
export const WORK_PROGRAMME_GROUPING_RULES: GroupingRuleSet = {
  version: 'WP-2011',
  effectiveFrom: '2011-06-01',
  rules: WORK_PROGRAMME_GROUPS.filter((group) => group !== 'JSA_25_PLUS').map((group) => ({
    id: `WP_${group}`,
    description: `benefit type ${group}`,
    when: { kind: 'BENEFIT_TYPE_IN', benefitTypes: [group] },
    paymentGroup: group,
  })),
  fallback: {
    id: 'WP_JSA_25_PLUS',
    paymentGroup: 'JSA_25_PLUS',
    description: 'any other JSA claimant aged 25 or over',
  },
};
