// Words for a payment model definition: what people read instead of its JSON. Used by the version
// page (server) and the simulator (client).
import { type components } from '@waymark/api-client';
import { formatMoney } from '@/lib/format';

type Schemas = components['schemas'];
export type RulesInForce = Schemas['RulesInForceDto'];
export type Definition = RulesInForce['definition'];
export type DefinitionMilestone = Definition['milestones'][number];
export type Condition = Definition['grouping']['rules'][number]['when'];
export type VersionStatus = Schemas['VersionResponseDto']['version']['status'];

export const VERSION_STATUS_WORDS: Record<VersionStatus, string> = {
  DRAFT: 'Draft',
  AWAITING_APPROVAL: 'Awaiting approval',
  PUBLISHED: 'Published',
};

export const BARRIER_WORDS: Record<string, string> = {
  HEALTH: 'health',
  DISABILITY: 'disability',
  HOUSING: 'housing',
  OFFENDING: 'offending history',
  LANGUAGE: 'language',
  BASIC_SKILLS: 'basic skills',
  CARING: 'caring responsibilities',
  SUBSTANCE_MISUSE: 'substance misuse',
  TIME_OUT_OF_WORK: 'time out of work',
};
const SEVERITY_WORDS = ['none', 'low', 'medium', 'high'];

type PerGroup<T> = T | { byGroup: Record<string, T>; otherwise?: T };

export function perGroupWords<T>(
  value: PerGroup<T>,
  render: (v: T) => string,
  groupName: (code: string) => string,
): string {
  if (typeof value === 'object' && value !== null && 'byGroup' in value) {
    const parts = Object.entries(value.byGroup).map(
      ([group, v]) => `${render(v)} for ${groupName(group)}`,
    );
    if (value.otherwise !== undefined) parts.push(`${render(value.otherwise)} otherwise`);
    return parts.join('; ');
  }
  return render(value);
}

export function describeTrigger(
  milestone: DefinitionMilestone,
  names: { group: (code: string) => string; milestone: (code: string) => string },
): string {
  const trigger = milestone.trigger;
  switch (trigger.kind) {
    case 'RECORDED':
      return 'When a caseworker records it';
    case 'WEEKS_IN_WORK':
      return `After ${perGroupWords(trigger.weeks, (w) => `${w} weeks`, names.group)} in work`;
    case 'EVERY_WEEKS_AFTER':
      return `Every ${trigger.everyWeeks} weeks after ${names.milestone(trigger.anchor)}, while in work`;
    case 'EARNINGS_REACHED':
      return `When earnings in the data-match file reach ${perGroupWords(trigger.thresholdPence, (p) => formatMoney(p), names.group)}`;
    case 'BARRIERS_IMPROVED':
      return `When the barrier score falls by ${trigger.points} points since the first assessment`;
  }
}

export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'ANY_BARRIER_AT_LEAST':
      return `a ${condition.types ? condition.types.map((t) => BARRIER_WORDS[t] ?? t).join(' or ') : ''} barrier at ${SEVERITY_WORDS[condition.severity]} or above`.replace(
        'a  barrier',
        'any barrier',
      );
    case 'COUNT_AT_LEAST':
      return `${condition.count} or more barriers at ${SEVERITY_WORDS[condition.severity]} or above`;
    case 'TOTAL_SCORE_AT_LEAST':
      return `a total barrier score of ${condition.score} or more`;
    case 'BENEFIT_TYPE_IN':
      return `on ${condition.benefitTypes.join(' or ')}`;
    case 'AGE_BETWEEN':
      return condition.minYears !== undefined && condition.maxYears !== undefined
        ? `aged ${condition.minYears} to ${condition.maxYears}`
        : condition.minYears !== undefined
          ? `aged ${condition.minYears} or over`
          : `aged ${condition.maxYears ?? ''} or under`;
    case 'ALL':
      return condition.conditions.map(describeCondition).join(' and ');
    case 'ANY':
      return `either ${condition.conditions.map(describeCondition).join(' or ')}`;
  }
}

export function describeTaper(basisPoints: number[]): string {
  return (
    basisPoints.map((bp, i) => `year ${i + 1}: ${(bp / 100).toFixed(0)}%`).join(', ') +
    (basisPoints.length > 1 ? ' (later years as the last)' : '')
  );
}

export function namesOf(definition: Definition) {
  const groups = new Map(definition.paymentGroups.map((g) => [g.code, g.name]));
  const milestones = new Map(definition.milestones.map((m) => [m.code, m.name]));
  return {
    group: (code: string) => groups.get(code) ?? code,
    milestone: (code: string) => milestones.get(code) ?? code,
  };
}
