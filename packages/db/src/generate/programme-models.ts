// Writes a programme's payment groups, milestone types, payment models,
// versions and tariffs from the domain's model definitions, and returns a
// price lookup per prime contract that calls the domain's priceMilestone.
import {
  contractYearOf,
  isDomainError,
  priceMilestone,
  type MilestoneCode,
  type MilestoneRule,
  type PaymentModel,
  type Tariff,
} from '@waymark/domain';
import { isoDay } from './days';
import { type IdFactory } from './ids';
import { type PriceLookup, type PricedMilestone } from './journey.types';
import { copyArray, type RowSink } from './row-sink';

export interface ModelDefinition {
  model: PaymentModel;
  rules: readonly MilestoneRule[];
  groupNames: Readonly<Record<string, string>>;
  /** The model's tariffs re-dated to this programme (the domain's versions carry their own dates). */
  effectiveFrom: string;
}

export interface WrittenModel {
  paymentModelId: string;
  definition: ModelDefinition;
  redated: PaymentModel;
  tariffIds: Map<string, string>;
}

export interface WrittenProgrammeModels {
  groupIds: Map<string, string>;
  milestoneTypeIds: Partial<Record<MilestoneCode, string>>;
  models: WrittenModel[];
}

const MILESTONE_NAMES: Record<MilestoneCode, string> = {
  ATTACHMENT: 'Attachment',
  NEEDS_ASSESSMENT: 'Needs assessment',
  ACTION_PLAN: 'Action plan agreed',
  ACCREDITED_QUALIFICATION: 'Accredited qualification',
  WORK_PLACEMENT: 'Work placement',
  VOLUNTEERING: 'Volunteering',
  SELF_EMPLOYMENT_START: 'Self-employment start',
  JOB_START: 'Job start',
  JOB_OUTCOME: 'Job outcome',
  SUSTAINMENT: 'Sustainment',
};

const EVIDENCE: Partial<Record<MilestoneCode, string[]>> = {
  ATTACHMENT: ['signed attachment form'],
  ACCREDITED_QUALIFICATION: ['certificate'],
  SELF_EMPLOYMENT_START: ['HMRC self-assessment registration'],
  JOB_START: ['employer confirmation'],
  JOB_OUTCOME: ['payslips or HMRC earnings record'],
  SUSTAINMENT: ['payslips or HMRC earnings record'],
};

export function writeProgrammeModels(options: {
  sink: RowSink;
  id: IdFactory;
  programmeId: string;
  createdAt: string;
  definitions: readonly ModelDefinition[];
}): WrittenProgrammeModels {
  const { sink, id, programmeId, createdAt, definitions } = options;
  const groupIds = new Map<string, string>();
  for (const { model, groupNames } of definitions) {
    for (const code of model.paymentGroups) {
      if (groupIds.has(code)) continue;
      const groupId = id('payment_group');
      groupIds.set(code, groupId);
      sink.add('payment_group', [groupId, programmeId, code, groupNames[code] ?? code, `${model.name}: ${groupNames[code] ?? code}`]);
    }
  }

  // One milestone type per code across the programme's models: prerequisites united, deadlines the most generous.
  const milestoneTypeIds: Partial<Record<MilestoneCode, string>> = {};
  const codes = new Map<MilestoneCode, MilestoneRule[]>();
  for (const { rules } of definitions) for (const rule of rules) codes.set(rule.code, [...(codes.get(rule.code) ?? []), rule]);
  for (const [code, rules] of codes) {
    const typeId = id('milestone_type');
    milestoneTypeIds[code] = typeId;
    const prerequisites = [...new Set(rules.flatMap((r) => r.prerequisites))];
    const maxima = rules.map((r) => r.maxOccurrences);
    const maxOccurrences = maxima.every((m) => typeof m === 'number' && m === maxima[0]) ? (maxima[0] as number) : null;
    const deadlines = rules.map((r) => r.claimDeadlineDays);
    const deadline = deadlines.some((d) => d === undefined) ? null : Math.max(...deadlines.map((d) => d ?? 0));
    const earliest = Object.fromEntries(definitions.filter((d) => d.rules.some((r) => r.code === code)).map((d) => [d.model.id, d.rules.find((r) => r.code === code)?.timing]));
    sink.add('milestone_type', [typeId, programmeId, code, MILESTONE_NAMES[code], copyArray(prerequisites), JSON.stringify(earliest), maxOccurrences, deadline, copyArray(EVIDENCE[code] ?? [])]);
  }

  const models = definitions.map((definition): WrittenModel => {
    const paymentModelId = id('payment_model');
    sink.add('payment_model', [paymentModelId, programmeId, definition.model.name]);
    const redated: PaymentModel = {
      ...definition.model,
      versions: definition.model.versions.slice(0, 1).map((version) => ({ ...version, effectiveFrom: definition.effectiveFrom, effectiveTo: undefined })),
    };
    const tariffIds = new Map<string, string>();
    redated.versions.forEach((version, index) => {
      const versionId = id('payment_model_version');
      const taper = version.tariffs
        .filter((t, i, all) => t.taperBasisPointsByContractYear && all.findIndex((o) => o.milestoneCode === t.milestoneCode) === i)
        .flatMap((t) => (t.taperBasisPointsByContractYear ?? []).map((factorBp, year) => ({ milestone: t.milestoneCode, contractYear: year + 1, factorBp })));
      sink.add('payment_model_version', [
        versionId,
        paymentModelId,
        index + 1,
        version.effectiveFrom,
        version.effectiveTo ?? null,
        JSON.stringify(taper),
        version.caps?.perParticipantPence ?? null,
        version.caps?.perContractPence ?? null,
        createdAt,
      ]);
      for (const tariff of version.tariffs) {
        const groupId = groupIds.get(tariff.paymentGroup);
        const typeId = milestoneTypeIds[tariff.milestoneCode];
        if (!groupId || !typeId) continue;
        const tariffId = id('tariff');
        tariffIds.set(`${version.version}|${tariff.paymentGroup}|${tariff.milestoneCode}`, tariffId);
        sink.add('tariff', [tariffId, versionId, groupId, typeId, firstAmount(tariff)]);
      }
    });
    return { paymentModelId, definition, redated, tariffIds };
  });
  return { groupIds, milestoneTypeIds, models };
}

function firstAmount(tariff: Tariff): bigint {
  return typeof tariff.amountPence === 'bigint' ? tariff.amountPence : (tariff.amountPence[0] ?? 0n);
}

/** Prices milestones for one prime contract with the domain's priceMilestone, cached by contract year. */
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
        const price = priceMilestone({
          model: model.redated,
          paymentGroup: group,
          milestoneCode: code,
          milestoneDate: date,
          occurrence,
          contractStartDate: contractStartsOn,
          alreadyPaidForParticipantPence: 0n,
          alreadyPaidForContractPence: 0n,
        });
        const tariffId = model.tariffIds.get(`${price.tariffVersion}|${group}|${code}`);
        if (tariffId && price.amountPence > 0n) priced = { tariffId, amountPence: price.amountPence };
      } catch (error) {
        // A domain error here means "not paid under this model" (no tariff, occurrence beyond the maximum).
        if (!isDomainError(error)) throw error;
      }
      cache.set(key, priced);
    }
    return priced ?? undefined;
  };
}
