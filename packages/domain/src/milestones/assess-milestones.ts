import { type DayDate } from '../vocabulary.js';
import { evaluateOccurrence, maxOccurrencesOf } from './evaluate-occurrence.js';
import { type Journey, type MilestoneAssessment } from './journey.types.js';
import { type MilestoneRule } from './milestone-rule.types.js';

/**
 * For each milestone rule: every unclaimed occurrence that has fallen (CLAIMABLE or EXPIRED),
 * then the next one (NOT_YET or BLOCKED); or ALREADY_CLAIMED / EXHAUSTED when nothing is left.
 */
export function assessMilestones({
  journey,
  rules,
  paymentGroup,
  today,
}: {
  journey: Journey;
  rules: readonly MilestoneRule[];
  paymentGroup: string;
  today: DayDate;
}): MilestoneAssessment[] {
  const context = { journey, rules, paymentGroup, today, projecting: false };
  return rules.flatMap((rule) => {
    const max = maxOccurrencesOf(rule, paymentGroup);
    const results: MilestoneAssessment[] = [];
    for (let occurrence = 1; occurrence <= max; occurrence += 1) {
      if (journey.claims.some((c) => c.code === rule.code && c.occurrence === occurrence)) continue;
      const assessment = evaluateOccurrence(context, rule, occurrence);
      results.push(assessment);
      if (assessment.status !== 'CLAIMABLE' && assessment.status !== 'EXPIRED') break;
    }
    if (results.length > 0) return results;
    return [
      max === 1
        ? {
            code: rule.code,
            occurrence: 1,
            status: 'ALREADY_CLAIMED',
            reason: `${rule.code} has already been claimed`,
          }
        : {
            code: rule.code,
            occurrence: max,
            status: 'EXHAUSTED',
            reason: `all ${max} occurrences of ${rule.code} for group ${paymentGroup} have been claimed`,
          },
    ];
  });
}
