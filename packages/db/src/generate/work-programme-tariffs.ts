// The demo and scale data's Work Programme population: the share of referrals and job-outcome rate
// by group, and the weeks to a job outcome read from the Work Programme template's definition.
import { WORK_PROGRAMME_TEMPLATE } from '@waymark/domain';

/** Weeks in work before a job outcome falls due, from the template's JOB_OUTCOME trigger. */
export function workProgrammeOutcomeWeeks(group: string): number {
  const trigger = WORK_PROGRAMME_TEMPLATE.milestones.find((m) => m.code === 'JOB_OUTCOME')?.trigger;
  if (trigger?.kind !== 'WEEKS_IN_WORK') return 13;
  const weeks = trigger.weeks;
  return typeof weeks === 'number' ? weeks : (weeks.byGroup[group] ?? weeks.otherwise ?? 13);
}

// Share of referrals and two-year job-outcome rate by group: ~28 % overall, ~5 % for ESA ex-IB.
export const WORK_PROGRAMME_GROUP_MIX: readonly {
  code: string;
  weight: number;
  jobOutcomeRate: number;
  ages: readonly [number, number];
}[] = [
  { code: 'JSA_18_24', weight: 18, jobOutcomeRate: 0.36, ages: [18, 24] },
  { code: 'JSA_25_PLUS', weight: 50, jobOutcomeRate: 0.33, ages: [25, 64] },
  { code: 'JSA_EARLY_ACCESS', weight: 8, jobOutcomeRate: 0.25, ages: [18, 64] },
  { code: 'JSA_EX_IB', weight: 3, jobOutcomeRate: 0.15, ages: [25, 64] },
  { code: 'ESA_VOLUNTEERS', weight: 4, jobOutcomeRate: 0.15, ages: [18, 64] },
  { code: 'ESA_FLOW', weight: 9, jobOutcomeRate: 0.12, ages: [18, 64] },
  { code: 'ESA_EX_IB', weight: 6, jobOutcomeRate: 0.05, ages: [25, 64] },
  { code: 'IB_IS', weight: 2, jobOutcomeRate: 0.08, ages: [25, 64] },
];
