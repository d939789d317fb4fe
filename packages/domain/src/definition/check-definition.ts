// The checks a shape cannot express: every reference resolves, every group can be assigned, every
// paid milestone has an amount for every group and occurrence, tapers never rise, caps are not
// below one tariff. Each problem names its path in the definition, so an editor can point at it.
import {
  type DefinitionCondition,
  type PaymentModelDefinition,
  PaymentModelDefinitionSchema,
} from './payment-model-definition.schema.js';

export interface DefinitionProblem {
  /** Where in the definition, e.g. `tariffs[3].amountsPence`. */
  path: string;
  message: string;
}

export type ParsedDefinition =
  { ok: true; definition: PaymentModelDefinition } | { ok: false; problems: DefinitionProblem[] };

/** Shape (zod) first, then consistency; a definition is usable only when both pass. */
export function parseDefinition(input: unknown): ParsedDefinition {
  const parsed = PaymentModelDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: pathOf(issue.path),
        message: issue.message,
      })),
    };
  }
  const problems = checkDefinition(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  );
}

type PerGroupValue<T> = T | { byGroup: Record<string, T>; otherwise?: T | undefined };

function resolve<T>(value: PerGroupValue<T>, group: string): T | undefined {
  if (typeof value === 'object' && value !== null && 'byGroup' in value)
    return value.byGroup[group] ?? value.otherwise;
  return value;
}

export function checkDefinition(definition: PaymentModelDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });

  const groups = new Set<string>();
  definition.paymentGroups.forEach((group, i) => {
    if (groups.has(group.code))
      problem(`paymentGroups[${i}].code`, `payment group ${group.code} is listed twice`);
    groups.add(group.code);
  });
  const milestones = new Map<string, number>();
  definition.milestones.forEach((milestone, i) => {
    if (milestones.has(milestone.code))
      problem(`milestones[${i}].code`, `milestone ${milestone.code} is listed twice`);
    milestones.set(milestone.code, i);
  });
  const knownGroup = (path: string, code: string) => {
    if (!groups.has(code)) problem(path, `payment group ${code} is not in paymentGroups`);
  };
  const knownMilestone = (path: string, code: string) => {
    if (!milestones.has(code)) problem(path, `milestone ${code} is not in milestones`);
  };
  const perGroupKeys = (path: string, value: unknown) => {
    if (typeof value !== 'object' || value === null || !('byGroup' in value)) return;
    const { byGroup, otherwise } = value as {
      byGroup: Record<string, unknown>;
      otherwise?: unknown;
    };
    for (const code of Object.keys(byGroup)) knownGroup(`${path}.byGroup.${code}`, code);
    const missing = [...groups].filter((code) => byGroup[code] === undefined);
    if (otherwise === undefined && missing.length > 0)
      problem(path, `has no value for payment group ${missing.join(', ')} and no "otherwise"`);
  };

  // Grouping: references, and every group reachable.
  const ruleIds = new Set<string>();
  definition.grouping.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id))
      problem(`grouping.rules[${i}].id`, `rule id ${rule.id} is used twice`);
    ruleIds.add(rule.id);
    knownGroup(`grouping.rules[${i}].paymentGroup`, rule.paymentGroup);
    checkCondition(rule.when, `grouping.rules[${i}].when`, problem);
  });
  knownGroup('grouping.fallback.paymentGroup', definition.grouping.fallback.paymentGroup);
  const assignable = new Set([
    ...definition.grouping.rules.map((r) => r.paymentGroup),
    definition.grouping.fallback.paymentGroup,
  ]);
  definition.paymentGroups.forEach((group, i) => {
    if (!assignable.has(group.code))
      problem(
        `paymentGroups[${i}]`,
        `payment group ${group.code} is unreachable: no grouping rule or the fallback assigns it`,
      );
  });

  // Milestones: references, no prerequisite cycles.
  definition.milestones.forEach((milestone, i) => {
    const path = `milestones[${i}]`;
    milestone.prerequisites.forEach((code, j) => {
      knownMilestone(`${path}.prerequisites[${j}]`, code);
      if (code === milestone.code)
        problem(`${path}.prerequisites[${j}]`, `${milestone.code} cannot be its own prerequisite`);
    });
    perGroupKeys(`${path}.maxOccurrences`, milestone.maxOccurrences);
    const trigger = milestone.trigger;
    if (trigger.kind === 'WEEKS_IN_WORK') perGroupKeys(`${path}.trigger.weeks`, trigger.weeks);
    if (trigger.kind === 'EARNINGS_REACHED')
      perGroupKeys(`${path}.trigger.thresholdPence`, trigger.thresholdPence);
    if (trigger.kind === 'EVERY_WEEKS_AFTER') {
      knownMilestone(`${path}.trigger.anchor`, trigger.anchor);
      if (trigger.anchor === milestone.code)
        problem(`${path}.trigger.anchor`, `${milestone.code} cannot be anchored on itself`);
    }
  });
  const cycle = findPrerequisiteCycle(definition);
  if (cycle)
    problem(
      `milestones[${milestones.get(cycle[0] ?? '') ?? 0}].prerequisites`,
      `prerequisites go round in a circle: ${cycle.join(' → ')}`,
    );

  // Tariffs: references, one per (group, milestone), every group of a paid milestone, every occurrence.
  const seen = new Set<string>();
  const amountsFor = new Map<string, bigint[]>();
  definition.tariffs.forEach((tariff, i) => {
    const path = `tariffs[${i}]`;
    knownGroup(`${path}.paymentGroup`, tariff.paymentGroup);
    knownMilestone(`${path}.milestone`, tariff.milestone);
    const key = `${tariff.paymentGroup}|${tariff.milestone}`;
    if (seen.has(key))
      problem(path, `${tariff.milestone} for group ${tariff.paymentGroup} is priced twice`);
    seen.add(key);
    amountsFor.set(key, tariff.amountsPence.map(BigInt));
    const milestoneIndex = milestones.get(tariff.milestone);
    const milestone =
      milestoneIndex === undefined ? undefined : definition.milestones[milestoneIndex];
    if (!milestone || tariff.amountsPence.length === 1) return;
    const max = resolve(milestone.maxOccurrences, tariff.paymentGroup);
    if (max !== undefined && tariff.amountsPence.length !== max) {
      problem(
        `${path}.amountsPence`,
        `lists ${tariff.amountsPence.length} amounts but ${tariff.milestone} can occur ${max} times for group ${tariff.paymentGroup}: give one amount, or one per occurrence`,
      );
    }
  });
  const paidMilestones = new Set(definition.tariffs.map((t) => t.milestone));
  definition.milestones.forEach((milestone, i) => {
    if (!paidMilestones.has(milestone.code)) return;
    for (const group of groups) {
      if (!seen.has(`${group}|${milestone.code}`)) {
        problem(
          `milestones[${i}]`,
          `${milestone.code} has no amount for payment group ${group} (add a tariff, with "0" if it is deliberately unpaid)`,
        );
      }
    }
  });

  // Tapers: known milestone, once each, never rising.
  const taperedMilestones = new Set<string>();
  definition.tapers.forEach((taper, i) => {
    knownMilestone(`tapers[${i}].milestone`, taper.milestone);
    if (taperedMilestones.has(taper.milestone))
      problem(`tapers[${i}].milestone`, `${taper.milestone} has two tapers`);
    taperedMilestones.add(taper.milestone);
    taper.basisPointsByContractYear.forEach((bp, year) => {
      const previous = taper.basisPointsByContractYear[year - 1];
      if (previous !== undefined && bp > previous) {
        problem(
          `tapers[${i}].basisPointsByContractYear[${year}]`,
          `a taper never increases: contract year ${year + 1} (${bp}) is above year ${year} (${previous})`,
        );
      }
    });
  });

  // Caps: not below one tariff's amount.
  const highest = [...amountsFor.entries()]
    .flatMap(([key, amounts]) => amounts.map((amount) => ({ key, amount })))
    .reduce<{ key: string; amount: bigint } | undefined>(
      (best, next) => (!best || next.amount > best.amount ? next : best),
      undefined,
    );
  for (const cap of ['perParticipantPence', 'perContractPence'] as const) {
    const value = definition.caps[cap];
    if (value === undefined || !highest) continue;
    if (BigInt(value) < highest.amount) {
      const [group, milestone] = highest.key.split('|');
      problem(
        `caps.${cap}`,
        `is below one tariff: ${milestone} for group ${group} pays ${highest.amount} pence, more than the cap of ${value}`,
      );
    }
  }
  return problems;
}

function checkCondition(
  condition: DefinitionCondition,
  path: string,
  problem: (path: string, message: string) => void,
): void {
  if (condition.kind === 'AGE_BETWEEN') {
    if (condition.minYears === undefined && condition.maxYears === undefined)
      problem(path, 'give minYears, maxYears or both');
    if (
      condition.minYears !== undefined &&
      condition.maxYears !== undefined &&
      condition.minYears > condition.maxYears
    )
      problem(`${path}.minYears`, 'must not be above maxYears');
  }
  if (condition.kind === 'ALL' || condition.kind === 'ANY')
    condition.conditions.forEach((c, i) => checkCondition(c, `${path}.conditions[${i}]`, problem));
}

function findPrerequisiteCycle(definition: PaymentModelDefinition): string[] | undefined {
  const edges = new Map(
    definition.milestones.map((m) => [
      m.code,
      [...m.prerequisites, ...(m.trigger.kind === 'EVERY_WEEKS_AFTER' ? [m.trigger.anchor] : [])],
    ]),
  );
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (code: string, trail: string[]): string[] | undefined => {
    if (state.get(code) === 'done') return undefined;
    if (state.get(code) === 'visiting') return [...trail.slice(trail.indexOf(code)), code];
    state.set(code, 'visiting');
    for (const next of edges.get(code) ?? []) {
      const found = visit(next, [...trail, code]);
      if (found) return found;
    }
    state.set(code, 'done');
    return undefined;
  };
  for (const code of edges.keys()) {
    const found = visit(code, []);
    if (found) return found;
  }
  return undefined;
}
