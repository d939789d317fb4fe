// A stored definition → the plain rules assessMilestones, forecastMilestones, priceMilestone and
// assignPaymentGroup take. Shapes only; it decides nothing.
import {
  type MilestoneRule,
  type MilestoneTiming,
  type PerGroup,
} from '../milestones/milestone-rule.types.js';
import { type GroupingRuleSet } from '../payment-groups/grouping-rule.types.js';
import { type Tariff, type TariffVersion } from '../tariffs/tariff.types.js';
import { type DayDate } from '../vocabulary.js';
import {
  type DefinitionMilestone,
  type MilestoneTrigger,
  type PaymentModelDefinition,
} from './payment-model-definition.schema.js';

/** One version of a payment model as stored: its number, its dates and its definition. */
export interface StoredModelVersion {
  readonly id: string;
  readonly version: number;
  readonly effectiveFrom: DayDate;
  /** Inclusive; absent while open-ended. */
  readonly effectiveTo?: DayDate;
  readonly definition: PaymentModelDefinition;
}

export interface CompiledVersion {
  readonly stored: StoredModelVersion;
  readonly tariffVersion: TariffVersion;
  readonly milestoneRules: readonly MilestoneRule[];
  readonly groupingRules: GroupingRuleSet;
}

function mapPerGroup<A, B>(value: PerGroup<A>, map: (a: A) => B): PerGroup<B> {
  if (typeof value === 'object' && value !== null && 'byGroup' in value) {
    const byGroup = Object.fromEntries(
      Object.entries(value.byGroup).flatMap(([group, v]) =>
        v === undefined ? [] : [[group, map(v)]],
      ),
    );
    return value.otherwise === undefined
      ? { byGroup }
      : { byGroup, otherwise: map(value.otherwise) };
  }
  return map(value);
}

function timingOf(trigger: MilestoneTrigger): MilestoneTiming {
  switch (trigger.kind) {
    case 'RECORDED':
      return { kind: 'ON_EVENT' };
    case 'WEEKS_IN_WORK':
      return { kind: 'WEEKS_IN_WORK', weeks: trigger.weeks };
    case 'EVERY_WEEKS_AFTER':
      return { kind: 'EVERY_WEEKS_AFTER', anchor: trigger.anchor, everyWeeks: trigger.everyWeeks };
    case 'EARNINGS_REACHED':
      return {
        kind: 'EARNINGS_REACHED',
        thresholdPence: mapPerGroup(trigger.thresholdPence, BigInt),
      };
    case 'BARRIERS_IMPROVED':
      return { kind: 'BARRIERS_IMPROVED', points: trigger.points };
  }
}

export function milestoneRuleOf(milestone: DefinitionMilestone): MilestoneRule {
  return {
    code: milestone.code,
    prerequisites: milestone.prerequisites,
    timing: timingOf(milestone.trigger),
    maxOccurrences: milestone.maxOccurrences,
    claimDeadlineDays: milestone.claimWithinDays,
    ...(milestone.claimableAfterWorkingDays !== undefined
      ? { claimableAfterWorkingDays: milestone.claimableAfterWorkingDays }
      : {}),
    ...(milestone.earliestDaysAfterStart !== undefined
      ? { earliestDaysAfterStart: milestone.earliestDaysAfterStart }
      : {}),
  };
}

/** `v3`: the label claims and explanations carry for a stored version. */
export function versionLabel(version: number): string {
  return `v${version}`;
}

export function compileDefinition(stored: StoredModelVersion): CompiledVersion {
  const { definition } = stored;
  const label = versionLabel(stored.version);
  const milestoneRules = definition.milestones.map(milestoneRuleOf);
  const tariffs = definition.tariffs.map((tariff): Tariff => {
    const milestone = definition.milestones.find((m) => m.code === tariff.milestone);
    const max = milestone ? maxOccurrencesFor(milestone, tariff.paymentGroup) : 1;
    const taper = definition.tapers.find((t) => t.milestone === tariff.milestone);
    return {
      paymentGroup: tariff.paymentGroup,
      milestoneCode: tariff.milestone,
      amountPence:
        tariff.amountsPence.length === 1
          ? BigInt(tariff.amountsPence[0] ?? '0')
          : tariff.amountsPence.map(BigInt),
      maxOccurrences: max,
      ...(taper ? { taperBasisPointsByContractYear: taper.basisPointsByContractYear } : {}),
    };
  });
  const dates = {
    effectiveFrom: stored.effectiveFrom,
    ...(stored.effectiveTo ? { effectiveTo: stored.effectiveTo } : {}),
  };
  return {
    stored,
    milestoneRules,
    groupingRules: {
      version: label,
      ...dates,
      rules: definition.grouping.rules,
      fallback: definition.grouping.fallback,
    },
    tariffVersion: {
      version: label,
      ...dates,
      tariffs,
      caps: {
        ...(definition.caps.perParticipantPence !== undefined
          ? { perParticipantPence: BigInt(definition.caps.perParticipantPence) }
          : {}),
        ...(definition.caps.perContractPence !== undefined
          ? { perContractPence: BigInt(definition.caps.perContractPence) }
          : {}),
      },
    },
  };
}

export function maxOccurrencesFor(milestone: DefinitionMilestone, paymentGroup: string): number {
  const value = milestone.maxOccurrences;
  if (typeof value === 'number') return value;
  return value.byGroup[paymentGroup] ?? value.otherwise ?? 1;
}
