import { type MilestoneRule } from '../milestones/milestone-rule.types.js';
import { type GroupingRuleSet } from '../payment-groups/grouping-rule.types.js';
import { type PaymentModel, type Tariff } from '../tariffs/tariff.types.js';
import { type MilestoneCode } from '../vocabulary.js';

// A needs-based milestone model of the kind the sector asked for (NCVO "Stepping Stones":
// "flexible payment models, including recognition of milestones towards employment"; payment by
// need, not benefit type). Figures are illustrative, rising with need.
export const NEEDS_BASED_GROUPS = ['A', 'B', 'C', 'D'] as const;
export type NeedsBasedGroup = (typeof NEEDS_BASED_GROUPS)[number];
export const NEEDS_BASED_GROUP_NAMES: Readonly<Record<NeedsBasedGroup, string>> = {
  A: 'light needs',
  B: 'moderate needs',
  C: 'high needs',
  D: 'very high needs',
};

// Pence per occurrence for groups [A, B, C, D].
const FEES: readonly [MilestoneCode, readonly [bigint, bigint, bigint, bigint]][] = [
  ['ATTACHMENT', [100_00n, 150_00n, 200_00n, 250_00n]],
  ['NEEDS_ASSESSMENT', [50_00n, 75_00n, 100_00n, 125_00n]],
  ['ACTION_PLAN', [50_00n, 75_00n, 100_00n, 125_00n]],
  ['ACCREDITED_QUALIFICATION', [150_00n, 200_00n, 250_00n, 300_00n]],
  ['WORK_PLACEMENT', [200_00n, 250_00n, 300_00n, 350_00n]],
  ['VOLUNTEERING', [100_00n, 150_00n, 200_00n, 250_00n]],
  ['SELF_EMPLOYMENT_START', [500_00n, 600_00n, 800_00n, 1_000_00n]],
  ['JOB_START', [300_00n, 500_00n, 700_00n, 900_00n]],
  ['JOB_OUTCOME', [1_000_00n, 1_500_00n, 2_000_00n, 3_000_00n]],
  ['SUSTAINMENT', [100_00n, 150_00n, 200_00n, 300_00n]],
];
const SUSTAINMENT_PERIODS: Readonly<Record<NeedsBasedGroup, number>> = { A: 6, B: 9, C: 12, D: 13 };
const QUALIFICATIONS_PAID = 2;

export const NEEDS_BASED_MODEL: PaymentModel = {
  id: 'NEEDS_BASED',
  name: 'Needs-based milestone model',
  paymentGroups: NEEDS_BASED_GROUPS,
  versions: [
    {
      version: 'NB-2026',
      effectiveFrom: '2026-04-01',
      caps: { perParticipantPence: 10_000_00n },
      tariffs: NEEDS_BASED_GROUPS.flatMap((group, index) =>
        FEES.map(([milestoneCode, amounts]): Tariff => {
          const amountPence = amounts[index] ?? 0n;
          if (milestoneCode === 'SUSTAINMENT') {
            return {
              paymentGroup: group,
              milestoneCode,
              amountPence,
              maxOccurrences: SUSTAINMENT_PERIODS[group],
            };
          }
          if (milestoneCode === 'ACCREDITED_QUALIFICATION') {
            return {
              paymentGroup: group,
              milestoneCode,
              amountPence,
              maxOccurrences: QUALIFICATIONS_PAID,
            };
          }
          return { paymentGroup: group, milestoneCode, amountPence };
        }),
      ),
    },
  ],
};

const onEvent = (
  code: MilestoneCode,
  prerequisites: MilestoneCode[],
  maxOccurrences = 1,
): MilestoneRule => ({
  code,
  prerequisites,
  timing: { kind: 'ON_EVENT' },
  maxOccurrences,
  claimDeadlineDays: 90,
});

export const NEEDS_BASED_MILESTONE_RULES: readonly MilestoneRule[] = [
  onEvent('ATTACHMENT', []),
  onEvent('NEEDS_ASSESSMENT', ['ATTACHMENT']),
  onEvent('ACTION_PLAN', ['NEEDS_ASSESSMENT']),
  onEvent('ACCREDITED_QUALIFICATION', ['ACTION_PLAN'], QUALIFICATIONS_PAID),
  onEvent('WORK_PLACEMENT', ['ACTION_PLAN']),
  onEvent('VOLUNTEERING', ['ACTION_PLAN']),
  onEvent('SELF_EMPLOYMENT_START', ['ACTION_PLAN']),
  onEvent('JOB_START', ['ATTACHMENT']),
  {
    code: 'JOB_OUTCOME',
    prerequisites: ['JOB_START'],
    // 13 weeks in work for higher-need groups, 26 for light needs (mirrors the WP split).
    timing: { kind: 'WEEKS_IN_WORK', weeks: { byGroup: { A: 26 }, otherwise: 13 } },
    maxOccurrences: 1,
    claimDeadlineDays: 90,
  },
  {
    code: 'SUSTAINMENT',
    prerequisites: ['JOB_OUTCOME'],
    timing: { kind: 'EVERY_WEEKS_AFTER', anchor: 'JOB_OUTCOME', everyWeeks: 4 },
    maxOccurrences: { byGroup: SUSTAINMENT_PERIODS },
    claimableAfterWorkingDays: 15,
    claimDeadlineDays: 90,
  },
];

export const NEEDS_BASED_GROUPING_RULES: GroupingRuleSet = {
  version: 'NB-2026',
  effectiveFrom: '2026-04-01',
  rules: [
    {
      id: 'NB_D_HIGH_HEALTH_OR_SUBSTANCE',
      description: 'a HIGH barrier in health or substance misuse',
      when: { kind: 'ANY_BARRIER_AT_LEAST', severity: 3, types: ['HEALTH', 'SUBSTANCE_MISUSE'] },
      paymentGroup: 'D',
    },
    {
      id: 'NB_D_SCORE_12',
      description: 'total severity score ≥ 12',
      when: { kind: 'TOTAL_SCORE_AT_LEAST', score: 12 },
      paymentGroup: 'D',
    },
    {
      id: 'NB_C_TWO_MEDIUM',
      description: 'two or more barriers at MEDIUM or above',
      when: { kind: 'COUNT_AT_LEAST', severity: 2, count: 2 },
      paymentGroup: 'C',
    },
    {
      id: 'NB_C_SCORE_8',
      description: 'total severity score ≥ 8',
      when: { kind: 'TOTAL_SCORE_AT_LEAST', score: 8 },
      paymentGroup: 'C',
    },
    {
      id: 'NB_B_ONE_MEDIUM',
      description: 'one barrier at MEDIUM or above',
      when: { kind: 'ANY_BARRIER_AT_LEAST', severity: 2 },
      paymentGroup: 'B',
    },
    {
      id: 'NB_B_SCORE_4',
      description: 'total severity score ≥ 4',
      when: { kind: 'TOTAL_SCORE_AT_LEAST', score: 4 },
      paymentGroup: 'B',
    },
  ],
  fallback: { id: 'NB_A_FALLBACK', paymentGroup: 'A', description: 'light needs' },
};
