import { addDays } from '../dates/add-days.js';
import { DomainError } from '../errors/domain-error.js';
import { findVersionInForce } from '../tariffs/find-version-in-force.js';
import { priceMilestone } from '../tariffs/price-milestone.js';
import { type PaymentModel } from '../tariffs/tariff.types.js';
import { type DayDate, type MilestoneCode } from '../vocabulary.js';
import {
  evaluateOccurrence,
  maxOccurrencesOf,
  type EvaluationContext,
} from './evaluate-occurrence.js';
import { type Journey } from './journey.types.js';
import { MilestoneError } from './milestone.errors.js';
import { type MilestoneRule } from './milestone-rule.types.js';

export interface ForecastItem {
  code: MilestoneCode;
  occurrence: number;
  milestoneDate: DayDate;
  /** When the money can be claimed: today for what is claimable now, else the projected day. */
  dueDate: DayDate;
  amountPence: bigint;
  tariffVersion: string;
  basis: 'CLAIMABLE_NOW' | 'PROJECTED';
}

/**
 * Expected claims from today to today + horizonDays, assuming the participant stays in work and
 * recorded future events happen. Prices each with the tariff in force on its milestone date,
 * counting earlier forecast items against the caps; milestones the model does not pay are left
 * out. Sorted by due date.
 */
export function forecastMilestones({
  journey,
  rules,
  paymentGroup,
  today,
  horizonDays,
  model,
  contractStartDate,
  alreadyPaidForParticipantPence = 0n,
  alreadyPaidForContractPence = 0n,
  contractValueCapPence,
}: {
  journey: Journey;
  rules: readonly MilestoneRule[];
  paymentGroup: string;
  today: DayDate;
  horizonDays: number;
  model: PaymentModel;
  contractStartDate: DayDate;
  alreadyPaidForParticipantPence?: bigint;
  alreadyPaidForContractPence?: bigint;
  /** The prime contract's value cap, as the claim path applies it. */
  contractValueCapPence?: bigint;
}): ForecastItem[] {
  if (!Number.isInteger(horizonDays) || horizonDays < 0) {
    throw new DomainError(
      MilestoneError.INVALID_HORIZON,
      `horizonDays must be a whole number ≥ 0, got ${horizonDays}`,
      {
        horizonDays,
      },
    );
  }
  const horizon = addDays(today, horizonDays);
  const context = { journey, rules, paymentGroup, today, projecting: true };
  const due: Omit<ForecastItem, 'amountPence' | 'tariffVersion'>[] = [];

  for (const rule of rules) {
    const max = maxOccurrencesOf(rule, paymentGroup);
    for (let occurrence = 1; occurrence <= max; occurrence += 1) {
      if (journey.claims.some((c) => c.code === rule.code && c.occurrence === occurrence)) continue;
      const assessment = evaluateOccurrence(context, rule, occurrence);
      if (assessment.status === 'EXPIRED') continue;
      if (assessment.status === 'CLAIMABLE' && assessment.milestoneDate) {
        // Claimable now only if the claim path would agree today: a prerequisite that is merely
        // projected makes it due on the day that prerequisite is expected, not now.
        const waitingFor = prerequisitesDueBy(context, rule);
        if (waitingFor === null) break;
        const isNow = waitingFor === undefined;
        if (!isNow && waitingFor > horizon) break;
        due.push({
          code: rule.code,
          occurrence,
          milestoneDate: assessment.milestoneDate,
          dueDate: isNow ? today : waitingFor,
          basis: isNow ? 'CLAIMABLE_NOW' : 'PROJECTED',
        });
        continue;
      }
      if (assessment.status !== 'NOT_YET' || !assessment.dueDate || !assessment.milestoneDate)
        break;
      if (assessment.dueDate > horizon) break;
      due.push({
        code: rule.code,
        occurrence,
        milestoneDate: assessment.milestoneDate,
        dueDate: assessment.dueDate,
        basis: 'PROJECTED',
      });
    }
  }

  due.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  let participantPaid = alreadyPaidForParticipantPence;
  let contractPaid = alreadyPaidForContractPence;
  // Milestones the version in force does not pay (e.g. the WP's unpaid JOB_START step), or that
  // fall where no version is in force, are not cash flow: the claim path would refuse them too.
  const isPaid = (item: (typeof due)[number]) =>
    findVersionInForce({ versions: model.versions, onDate: item.milestoneDate })?.tariffs.some(
      (t) => t.paymentGroup === paymentGroup && t.milestoneCode === item.code,
    ) ?? false;
  return due.filter(isPaid).map((item) => {
    const price = priceMilestone({
      model,
      paymentGroup,
      milestoneCode: item.code,
      milestoneDate: item.milestoneDate,
      occurrence: item.occurrence,
      contractStartDate,
      alreadyPaidForParticipantPence: participantPaid,
      alreadyPaidForContractPence: contractPaid,
      ...(contractValueCapPence !== undefined ? { contractValueCapPence } : {}),
    });
    participantPaid += price.amountPence;
    contractPaid += price.amountPence;
    return { ...item, amountPence: price.amountPence, tariffVersion: price.tariffVersion };
  });
}

/**
 * undefined: every prerequisite is achieved today. Otherwise the latest day a projected
 * prerequisite is expected, or null when one cannot be projected.
 */
function prerequisitesDueBy(
  context: EvaluationContext,
  rule: MilestoneRule,
): DayDate | null | undefined {
  let latest: DayDate | undefined;
  for (const code of rule.prerequisites) {
    const prerequisite = context.rules.find((r) => r.code === code);
    if (!prerequisite) return null;
    const actual = evaluateOccurrence({ ...context, projecting: false }, prerequisite, 1);
    if (actual.status !== 'NOT_YET' && actual.status !== 'BLOCKED') continue;
    const projected = evaluateOccurrence(context, prerequisite, 1).milestoneDate;
    if (projected === undefined) return null;
    if (latest === undefined || projected > latest) latest = projected;
  }
  return latest;
}
