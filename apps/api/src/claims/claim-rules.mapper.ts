// Turns the programme's rows (milestone_type, payment_model_version, tariff)
// into the plain data packages/domain's assessMilestones and priceMilestone
// take. Shapes only: every rule is applied by the domain.
import { type MilestoneCode, type MilestoneRule, type MilestoneTiming, type PaymentModel, type Tariff, type TariffVersion } from '@waymark/domain';

export interface MilestoneTypeRow {
  id: string;
  code: MilestoneCode;
  prerequisiteCodes: MilestoneCode[];
  earliestDateRule: Record<string, unknown>;
  maxOccurrences: number | null;
  claimDeadlineDays: number | null;
}

export interface ModelVersionRow {
  id: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  taper: { milestone: MilestoneCode; contractYear: number; factorBp: number }[];
  capPerParticipantPence: string | null;
  capTotalPence: string | null;
}

export interface TariffRow {
  id: string;
  versionId: string;
  paymentGroup: string;
  milestoneCode: MilestoneCode;
  amountPence: string;
}

/** null max occurrences means unlimited; the assessment stops at the first occurrence not yet achieved. */
const UNLIMITED = 10_000;
/** null claim deadline means none: a century is as good. */
const NO_DEADLINE_DAYS = 36_500;

function isTiming(value: unknown): value is MilestoneTiming & { claimableAfterWorkingDays?: number } {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/**
 * earliest_date_rule holds a domain MilestoneTiming (`{"kind": "WEEKS_IN_WORK", "weeks": 26}`),
 * the same keyed by payment model (what the generator writes; the first is used), or the
 * short form `{"after": "JOB_START", "weeks": 26}`. Empty: the milestone falls when recorded.
 */
export function timingOf(rule: Record<string, unknown>): { timing: MilestoneTiming; claimableAfterWorkingDays?: number } {
  const candidate = isTiming(rule) ? rule : Object.values(rule).find(isTiming);
  if (candidate) {
    const { claimableAfterWorkingDays, ...timing } = candidate;
    return { timing, ...(typeof claimableAfterWorkingDays === 'number' ? { claimableAfterWorkingDays } : {}) };
  }
  if (typeof rule.weeks === 'number' && rule.after === 'JOB_START') return { timing: { kind: 'WEEKS_IN_WORK', weeks: rule.weeks } };
  if (typeof rule.everyWeeks === 'number' && typeof rule.anchor === 'string') {
    return { timing: { kind: 'EVERY_WEEKS_AFTER', anchor: rule.anchor as MilestoneCode, everyWeeks: rule.everyWeeks } };
  }
  return { timing: { kind: 'ON_EVENT' } };
}

export function toMilestoneRules(rows: readonly MilestoneTypeRow[]): MilestoneRule[] {
  return rows.map((row) => {
    const { timing, claimableAfterWorkingDays } = timingOf(row.earliestDateRule);
    return {
      code: row.code,
      prerequisites: row.prerequisiteCodes,
      timing,
      maxOccurrences: row.maxOccurrences ?? UNLIMITED,
      claimDeadlineDays: row.claimDeadlineDays ?? NO_DEADLINE_DAYS,
      ...(claimableAfterWorkingDays !== undefined ? { claimableAfterWorkingDays } : {}),
    };
  });
}

/** taper rows `{milestone, contractYear, factorBp}` → basis points by contract year (gaps = 100 %). */
function taperFor(version: ModelVersionRow, code: MilestoneCode): number[] | undefined {
  const rows = version.taper.filter((t) => t.milestone === code);
  if (rows.length === 0) return undefined;
  const years = Math.max(...rows.map((t) => t.contractYear));
  return Array.from({ length: years }, (_, i) => rows.find((t) => t.contractYear === i + 1)?.factorBp ?? 10_000);
}

export function toPaymentModel(options: {
  id: string;
  paymentGroups: string[];
  versions: readonly ModelVersionRow[];
  tariffs: readonly TariffRow[];
  maxOccurrencesByCode: ReadonlyMap<MilestoneCode, number | null>;
}): PaymentModel {
  const versions = options.versions.map((version): TariffVersion => {
    const tariffs = options.tariffs
      .filter((t) => t.versionId === version.id)
      .map((t): Tariff => {
        const taper = taperFor(version, t.milestoneCode);
        return {
          paymentGroup: t.paymentGroup,
          milestoneCode: t.milestoneCode,
          amountPence: BigInt(t.amountPence),
          maxOccurrences: options.maxOccurrencesByCode.get(t.milestoneCode) ?? UNLIMITED,
          ...(taper ? { taperBasisPointsByContractYear: taper } : {}),
        };
      });
    return {
      version: String(version.version),
      effectiveFrom: version.effectiveFrom,
      ...(version.effectiveTo ? { effectiveTo: version.effectiveTo } : {}),
      tariffs,
      caps: {
        ...(version.capPerParticipantPence !== null ? { perParticipantPence: BigInt(version.capPerParticipantPence) } : {}),
        ...(version.capTotalPence !== null ? { perContractPence: BigInt(version.capTotalPence) } : {}),
      },
    };
  });
  return { id: options.id, name: options.id, paymentGroups: options.paymentGroups, versions };
}
