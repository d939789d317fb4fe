// Which domain rules a prime contract runs on. The database holds the
// programme's payment model by name, with one tariff row per (group,
// milestone); the domain model carries what the rows cannot (per-occurrence
// sustainment amounts, tapers, per-group occurrence limits), so the API uses
// the domain definition named by the contract's payment model, re-dated to
// the contract start as the scale generator writes it.
import {
  NEEDS_BASED_GROUPING_RULES,
  NEEDS_BASED_MILESTONE_RULES,
  NEEDS_BASED_MODEL,
  WORK_PROGRAMME_GROUPING_RULES,
  WORK_PROGRAMME_MILESTONE_RULES,
  WORK_PROGRAMME_MODEL,
  type GroupingRuleSet,
  type MilestoneRule,
  type PaymentModel,
} from '@waymark/domain';

export interface ProgrammeRules {
  kind: 'WORK_PROGRAMME' | 'NEEDS_BASED';
  model: PaymentModel;
  milestoneRules: readonly MilestoneRule[];
  groupingRules: GroupingRuleSet;
}

/** A payment model named like the Work Programme's runs on its rules; every other model is needs-based. */
export function resolveProgrammeRules(options: { paymentModelName: string | null; contractStartsOn: string }): ProgrammeRules {
  const isWorkProgramme = (options.paymentModelName ?? '').toLowerCase().startsWith('work programme');
  const base = isWorkProgramme ? WORK_PROGRAMME_MODEL : NEEDS_BASED_MODEL;
  const model: PaymentModel = {
    ...base,
    versions: base.versions.slice(0, 1).map((version) => ({ ...version, effectiveFrom: options.contractStartsOn, effectiveTo: undefined })),
  };
  return isWorkProgramme
    ? { kind: 'WORK_PROGRAMME', model, milestoneRules: WORK_PROGRAMME_MILESTONE_RULES, groupingRules: WORK_PROGRAMME_GROUPING_RULES }
    : { kind: 'NEEDS_BASED', model, milestoneRules: NEEDS_BASED_MILESTONE_RULES, groupingRules: NEEDS_BASED_GROUPING_RULES };
}
