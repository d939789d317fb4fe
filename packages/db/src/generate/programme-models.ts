// Writes a programme's payment models as stored definitions (one published version each), the
// catalogue rows their codes need (payment groups, milestone types) and the tariff rows claims point
// at, and returns a price lookup per prime contract that prices through the same domain rules the
// API's claims use (programmeRulesOf → priceUnder: apps/api/src/programmes/programme-rules.service.ts
// builds the rules from the stored versions, ClaimsService.assess prices with them and then looks up
// the tariff row of the version that priced).
import {
  contractYearOf,
  isDomainError,
  priceUnder,
  programmeRulesOf,
  type PaymentModelDefinition,
  type ProgrammeRules,
} from '@waymark/domain';
import { isoDay } from './days';
import { type IdFactory } from './ids';
import { type PriceLookup, type PricedMilestone } from './journey.types';
import { type RowSink } from './row-sink';

export interface ModelDefinition {
  name: string;
  definition: PaymentModelDefinition;
  /** The day version 1 comes into force (open-ended). */
  effectiveFrom: string;
}

export interface WrittenModel {
  paymentModelId: string;
  rules: ProgrammeRules;
  tariffIds: Map<string, string>;
}

export interface WrittenProgrammeModels {
  groupIds: Map<string, string>;
  milestoneTypeIds: Partial<Record<string, string>>;
  models: WrittenModel[];
}

export function writeProgrammeModels(options: {
  sink: RowSink;
  id: IdFactory;
  programmeId: string;
  createdAt: string;
  definitions: readonly ModelDefinition[];
}): WrittenProgrammeModels {
  const { sink, id, programmeId, createdAt, definitions } = options;
  const groupIds = new Map<string, string>();
  const milestoneTypeIds: Partial<Record<string, string>> = {};
  for (const { definition } of definitions) {
    for (const group of definition.paymentGroups) {
      if (groupIds.has(group.code)) continue;
      const groupId = id('payment_group');
      groupIds.set(group.code, groupId);
      sink.add('payment_group', [
        groupId,
        programmeId,
        group.code,
        group.name,
        group.description ?? null,
      ]);
    }
    for (const milestone of definition.milestones) {
      if (milestoneTypeIds[milestone.code]) continue;
      const typeId = id('milestone_type');
      milestoneTypeIds[milestone.code] = typeId;
      sink.add('milestone_type', [typeId, programmeId, milestone.code, milestone.name]);
    }
  }

  const models = definitions.map(({ name, definition, effectiveFrom }): WrittenModel => {
    const paymentModelId = id('payment_model');
    sink.add('payment_model', [paymentModelId, programmeId, name, createdAt]);
    const versionId = id('payment_model_version');
    sink.add('payment_model_version', [
      versionId,
      paymentModelId,
      1,
      effectiveFrom,
      null,
      JSON.stringify(definition),
      'PUBLISHED',
      'demo data',
      createdAt,
      createdAt,
    ]);
    const tariffIds = new Map<string, string>();
    for (const tariff of definition.tariffs) {
      const tariffId = id('tariff');
      tariffIds.set(`v1|${tariff.paymentGroup}|${tariff.milestone}`, tariffId);
      sink.add('tariff', [
        tariffId,
        versionId,
        groupIds.get(tariff.paymentGroup),
        milestoneTypeIds[tariff.milestone],
        tariff.amountsPence[0] ?? '0',
      ]);
    }
    const rules = programmeRulesOf({
      paymentModelId,
      name,
      versions: [{ id: versionId, version: 1, effectiveFrom, definition }],
    });
    return { paymentModelId, rules, tariffIds };
  });
  return { groupIds, milestoneTypeIds, models };
}

/** Prices milestones for one prime contract through the domain's rules, cached by contract year. */
export function createPriceLookup(model: WrittenModel, contractStartsOn: string): PriceLookup {
  const cache = new Map<string, PricedMilestone | null>();
  return (group, code, occurrence, day) => {
    const date = isoDay(day);
    if (date < contractStartsOn) return undefined;
    const year = contractYearOf({ contractStartDate: contractStartsOn, date });
    const key = `${group}|${code}|${occurrence}|${year}`;
    let priced = cache.get(key);
    if (priced === undefined) {
      priced = null;
      try {
        const price = priceUnder(model.rules, {
          paymentGroup: group,
          code,
          occurrence,
          milestoneDate: date,
          contractStartDate: contractStartsOn,
          alreadyPaidForParticipantPence: 0n,
          alreadyPaidForContractPence: 0n,
        });
        const tariffId = model.tariffIds.get(`${price.tariffVersion}|${group}|${code}`);
        if (tariffId && price.amountPence > 0n)
          priced = { tariffId, amountPence: price.amountPence };
      } catch (error) {
        // A domain error here means "not paid under this model" (no tariff, occurrence beyond the maximum).
        if (!isDomainError(error)) throw error;
      }
      cache.set(key, priced);
    }
    return priced ?? undefined;
  };
}
