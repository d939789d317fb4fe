// The rules a prime contract runs on, from its payment model's published versions and nothing
// else. Which version applies to what:
//   - pricing (amounts, tapers, caps): the version in force on the milestone date;
//   - a participant's payment group: the version in force on the day they are assessed;
//   - a journey's milestones and timings: the version in force on the referral date (a participant
//     keeps the milestone rules they started under; before the first version, the first applies).
// Claims, the claimable list, the forecast and the simulator all go through here.
import { DomainError } from '../errors/domain-error.js';
import { assessMilestones } from '../milestones/assess-milestones.js';
import { forecastMilestones, type ForecastItem } from '../milestones/forecast-milestones.js';
import { type Journey, type MilestoneAssessment } from '../milestones/journey.types.js';
import {
  type PaymentGroupAssignment,
  assignPaymentGroup,
} from '../payment-groups/assign-payment-group.js';
import { type Barrier } from '../payment-groups/grouping-rule.types.js';
import { findVersionInForce } from '../tariffs/find-version-in-force.js';
import { priceMilestone, type MilestonePrice } from '../tariffs/price-milestone.js';
import { TariffError } from '../tariffs/tariff.errors.js';
import { type PaymentModel } from '../tariffs/tariff.types.js';
import { type DayDate, type MilestoneCode } from '../vocabulary.js';
import {
  compileDefinition,
  type CompiledVersion,
  type StoredModelVersion,
} from './compile-definition.js';

export interface ProgrammeRules {
  readonly paymentModelId: string;
  readonly versions: readonly CompiledVersion[];
  /** Every version's tariffs, for priceMilestone's version-in-force lookup. */
  readonly model: PaymentModel;
}

export function programmeRulesOf({
  paymentModelId,
  name,
  versions,
}: {
  paymentModelId: string;
  name: string;
  versions: readonly StoredModelVersion[];
}): ProgrammeRules {
  if (versions.length === 0) {
    throw new DomainError(
      TariffError.NO_TARIFF_IN_FORCE,
      `payment model ${name} has no published version`,
      { paymentModelId },
    );
  }
  const compiled = [...versions]
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
    .map(compileDefinition);
  const groups = [
    ...new Set(compiled.flatMap((v) => v.stored.definition.paymentGroups.map((g) => g.code))),
  ];
  return {
    paymentModelId,
    versions: compiled,
    model: {
      id: paymentModelId,
      name,
      paymentGroups: groups,
      versions: compiled.map((v) => v.tariffVersion),
    },
  };
}

/** The version in force on `onDate`; before the first version, the first; after a gap, the latest before. */
export function versionFor(rules: ProgrammeRules, onDate: DayDate): CompiledVersion {
  const inForce = findVersionInForce({
    versions: rules.versions.map((v) => ({ ...v.tariffVersion, compiled: v })),
    onDate,
  })?.compiled;
  if (inForce) return inForce;
  const before = rules.versions.filter((v) => v.stored.effectiveFrom <= onDate);
  return before[before.length - 1] ?? (rules.versions[0] as CompiledVersion);
}

export function milestoneNameOf(rules: ProgrammeRules, code: MilestoneCode): string {
  for (let i = rules.versions.length - 1; i >= 0; i -= 1) {
    const found = rules.versions[i]?.stored.definition.milestones.find((m) => m.code === code);
    if (found) return found.name;
  }
  return code;
}

export function paymentGroupNameOf(rules: ProgrammeRules, code: string): string {
  for (let i = rules.versions.length - 1; i >= 0; i -= 1) {
    const found = rules.versions[i]?.stored.definition.paymentGroups.find((g) => g.code === code);
    if (found) return found.name;
  }
  return code;
}

export function assignGroupUnder(
  rules: ProgrammeRules,
  input: {
    assessedOn: DayDate;
    barriers: readonly Barrier[];
    benefitType: string;
    ageYears?: number;
  },
): PaymentGroupAssignment {
  const version = versionFor(rules, input.assessedOn);
  return assignPaymentGroup({
    assessment: { barriers: input.barriers },
    benefitType: input.benefitType,
    ...(input.ageYears !== undefined ? { ageYears: input.ageYears } : {}),
    rules: version.groupingRules,
  });
}

/** Whether the version in force on the milestone date pays this milestone for this group. */
export function isPaidOn(
  rules: ProgrammeRules,
  input: { paymentGroup: string; code: MilestoneCode; milestoneDate: DayDate },
): boolean {
  const version = findVersionInForce({
    versions: rules.model.versions,
    onDate: input.milestoneDate,
  });
  return (
    version?.tariffs.some(
      (t) => t.paymentGroup === input.paymentGroup && t.milestoneCode === input.code,
    ) ?? false
  );
}

/**
 * Every occurrence's status under the journey's milestone rules (see the header for which version),
 * its reason in the programme's words: milestone and group codes in it become their names.
 */
export function assessJourney(
  rules: ProgrammeRules,
  input: { journey: Journey; paymentGroup: string; today: DayDate },
): MilestoneAssessment[] {
  const version = versionFor(rules, input.journey.referralDate);
  return assessMilestones({ ...input, rules: version.milestoneRules }).map((a) => ({
    ...a,
    reason: inWordsOf(version, a.reason),
  }));
}

/** A domain message with the version's milestone and group codes replaced by their names. */
function inWordsOf(version: CompiledVersion, text: string): string {
  const { milestones, paymentGroups } = version.stored.definition;
  const names = new Map([
    ...paymentGroups.map((g): [string, string] => [g.code, g.name]),
    ...milestones.map((m): [string, string] => [m.code, m.name]),
  ]);
  return text.replace(/\b[A-Z][A-Z0-9_]{0,39}\b/g, (code) => names.get(code) ?? code);
}

/** What can be claimed today: fallen, inside its window, and paid by the version in force on its date. */
export function claimableNow(
  rules: ProgrammeRules,
  input: { journey: Journey; paymentGroup: string; today: DayDate },
): MilestoneAssessment[] {
  return assessJourney(rules, input).filter(
    (a) =>
      a.status === 'CLAIMABLE' &&
      a.milestoneDate !== undefined &&
      isPaidOn(rules, {
        paymentGroup: input.paymentGroup,
        code: a.code,
        milestoneDate: a.milestoneDate,
      }),
  );
}

export function forecastJourney(
  rules: ProgrammeRules,
  input: {
    journey: Journey;
    paymentGroup: string;
    today: DayDate;
    horizonDays: number;
    contractStartDate: DayDate;
    alreadyPaidForParticipantPence?: bigint;
    alreadyPaidForContractPence?: bigint;
    contractValueCapPence?: bigint;
  },
): ForecastItem[] {
  return forecastMilestones({
    ...input,
    rules: versionFor(rules, input.journey.referralDate).milestoneRules,
    model: rules.model,
  });
}

export function priceUnder(
  rules: ProgrammeRules,
  input: {
    paymentGroup: string;
    code: MilestoneCode;
    occurrence: number;
    milestoneDate: DayDate;
    contractStartDate: DayDate;
    alreadyPaidForParticipantPence: bigint;
    alreadyPaidForContractPence: bigint;
    contractValueCapPence?: bigint;
  },
): MilestonePrice {
  const price = priceMilestone({
    model: rules.model,
    paymentGroup: input.paymentGroup,
    milestoneCode: input.code,
    milestoneDate: input.milestoneDate,
    occurrence: input.occurrence,
    contractStartDate: input.contractStartDate,
    alreadyPaidForParticipantPence: input.alreadyPaidForParticipantPence,
    alreadyPaidForContractPence: input.alreadyPaidForContractPence,
    ...(input.contractValueCapPence !== undefined
      ? { contractValueCapPence: input.contractValueCapPence }
      : {}),
  });
  return {
    ...price,
    explanation: inWordsOf(versionFor(rules, input.milestoneDate), price.explanation),
  };
}
