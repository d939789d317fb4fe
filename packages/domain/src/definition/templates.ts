// Starting points a commissioner can copy into a new payment model: the Work Programme (2011) and a
// needs-based milestone model. They are data like any other definition (the demo seed stores them
// as its two models); no code path treats a model differently because it began as one of these.
import { allocateProportionally } from '../money/allocate-proportionally.js';
import {
  NEEDS_BASED_GROUPING_RULES,
  NEEDS_BASED_GROUP_NAMES,
  NEEDS_BASED_MILESTONE_RULES,
  NEEDS_BASED_MODEL,
} from '../models/needs-based.model.js';
import { WORK_PROGRAMME_ATTACHMENT_TAPER_BASIS_POINTS } from '../models/work-programme.model.js';
import {
  type MilestoneRule,
  type MilestoneTiming,
  type PerGroup,
} from '../milestones/milestone-rule.types.js';
import { type StandardMilestoneCode } from '../vocabulary.js';
import {
  type DefinitionMilestone,
  type MilestoneTrigger,
  type PaymentModelDefinition,
} from './payment-model-definition.schema.js';

export const STANDARD_MILESTONE_NAMES: Readonly<Record<StandardMilestoneCode, string>> = {
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

const EVIDENCE: Partial<Record<string, string[]>> = {
  ATTACHMENT: ['signed attachment form'],
  ACCREDITED_QUALIFICATION: ['certificate'],
  SELF_EMPLOYMENT_START: ['HMRC self-assessment registration'],
  JOB_START: ['employer confirmation'],
  JOB_OUTCOME: ['payslips or HMRC earnings record'],
  SUSTAINMENT: ['payslips or HMRC earnings record'],
};

function triggerOf(timing: MilestoneTiming): MilestoneTrigger {
  switch (timing.kind) {
    case 'ON_EVENT':
      return { kind: 'RECORDED' };
    case 'WEEKS_IN_WORK':
      return { kind: 'WEEKS_IN_WORK', weeks: toJson(timing.weeks) };
    case 'EVERY_WEEKS_AFTER':
      return { kind: 'EVERY_WEEKS_AFTER', anchor: timing.anchor, everyWeeks: timing.everyWeeks };
    case 'EARNINGS_REACHED':
      return {
        kind: 'EARNINGS_REACHED',
        thresholdPence:
          typeof timing.thresholdPence === 'bigint' ? String(timing.thresholdPence) : '0',
      };
    case 'BARRIERS_IMPROVED':
      return { kind: 'BARRIERS_IMPROVED', points: timing.points };
  }
}

function toJson(
  value: PerGroup<number>,
): number | { byGroup: Record<string, number>; otherwise?: number } {
  if (typeof value === 'number') return value;
  const byGroup = Object.fromEntries(
    Object.entries(value.byGroup).flatMap(([k, v]) => (v === undefined ? [] : [[k, v]])),
  );
  return value.otherwise === undefined ? { byGroup } : { byGroup, otherwise: value.otherwise };
}

function milestoneOf(rule: MilestoneRule): DefinitionMilestone {
  return {
    code: rule.code,
    name: STANDARD_MILESTONE_NAMES[rule.code as StandardMilestoneCode] ?? rule.code,
    prerequisites: [...rule.prerequisites],
    trigger: triggerOf(rule.timing),
    maxOccurrences: toJson(rule.maxOccurrences),
    claimWithinDays: rule.claimDeadlineDays,
    ...(rule.claimableAfterWorkingDays !== undefined
      ? { claimableAfterWorkingDays: rule.claimableAfterWorkingDays }
      : {}),
    evidenceRequired: EVIDENCE[rule.code] ?? [],
  };
}

// Work Programme (June 2011 – 2017), DESIGN.md "Reference figures". The first five groups carry the
// public figures; ESA flow, ESA ex-IB and IB/IS are illustrative (the hardest to help pay more).
// Sustainment periods per group ("12 to 26 depending on the group") are our assumption.
const WORK_PROGRAMME_GROUPS: readonly {
  code: string;
  name: string;
  attachment: bigint;
  outcome: bigint;
  sustainmentTotal: bigint;
  periods: number;
  outcomeWeeks: number;
}[] = [
  {
    code: 'JSA_18_24',
    name: 'JSA 18–24',
    attachment: 400_00n,
    outcome: 1_200_00n,
    sustainmentTotal: 2_210_00n,
    periods: 20,
    outcomeWeeks: 26,
  },
  {
    code: 'JSA_25_PLUS',
    name: 'JSA 25+',
    attachment: 400_00n,
    outcome: 1_200_00n,
    sustainmentTotal: 2_795_00n,
    periods: 22,
    outcomeWeeks: 26,
  },
  {
    code: 'JSA_EARLY_ACCESS',
    name: 'JSA early access',
    attachment: 400_00n,
    outcome: 1_200_00n,
    sustainmentTotal: 5_000_00n,
    periods: 26,
    outcomeWeeks: 13,
  },
  {
    code: 'JSA_EX_IB',
    name: 'JSA ex-Incapacity Benefit',
    attachment: 400_00n,
    outcome: 1_200_00n,
    sustainmentTotal: 5_000_00n,
    periods: 26,
    outcomeWeeks: 13,
  },
  {
    code: 'ESA_VOLUNTEERS',
    name: 'ESA volunteers',
    attachment: 400_00n,
    outcome: 1_000_00n,
    sustainmentTotal: 2_300_00n,
    periods: 20,
    outcomeWeeks: 13,
  },
  {
    code: 'ESA_FLOW',
    name: 'New ESA claimants',
    attachment: 600_00n,
    outcome: 1_200_00n,
    sustainmentTotal: 4_700_00n,
    periods: 20,
    outcomeWeeks: 13,
  },
  {
    code: 'ESA_EX_IB',
    name: 'ESA ex-Incapacity Benefit',
    attachment: 600_00n,
    outcome: 3_500_00n,
    sustainmentTotal: 9_600_00n,
    periods: 26,
    outcomeWeeks: 13,
  },
  {
    code: 'IB_IS',
    name: 'IB/IS volunteers',
    attachment: 400_00n,
    outcome: 1_000_00n,
    sustainmentTotal: 2_300_00n,
    periods: 20,
    outcomeWeeks: 13,
  },
];
const byGroup = (pick: (g: (typeof WORK_PROGRAMME_GROUPS)[number]) => number) => ({
  byGroup: Object.fromEntries(WORK_PROGRAMME_GROUPS.map((g) => [g.code, pick(g)])),
});

export const WORK_PROGRAMME_TEMPLATE: PaymentModelDefinition = {
  paymentGroups: WORK_PROGRAMME_GROUPS.map((g) => ({ code: g.code, name: g.name })),
  // Benefit type was the Work Programme's proxy for need: the group is the benefit category.
  grouping: {
    rules: WORK_PROGRAMME_GROUPS.filter((g) => g.code !== 'JSA_25_PLUS').map((g) => ({
      id: `WP_${g.code}`,
      description: `benefit type ${g.name}`,
      when: { kind: 'BENEFIT_TYPE_IN' as const, benefitTypes: [g.code] },
      paymentGroup: g.code,
    })),
    fallback: {
      id: 'WP_JSA_25_PLUS',
      description: 'any other JSA claimant aged 25 or over',
      paymentGroup: 'JSA_25_PLUS',
    },
  },
  milestones: [
    {
      code: 'ATTACHMENT',
      name: 'Attachment',
      prerequisites: [],
      trigger: { kind: 'RECORDED' },
      maxOccurrences: 1,
      claimWithinDays: 365,
      evidenceRequired: EVIDENCE.ATTACHMENT ?? [],
    },
    {
      code: 'JOB_START',
      name: 'Job start',
      prerequisites: ['ATTACHMENT'],
      trigger: { kind: 'RECORDED' },
      maxOccurrences: 1,
      claimWithinDays: 365,
      evidenceRequired: EVIDENCE.JOB_START ?? [],
    },
    // "A job outcome fell due after 13 weeks in work (26 for the main JSA groups)".
    {
      code: 'JOB_OUTCOME',
      name: 'Job outcome',
      prerequisites: ['ATTACHMENT', 'JOB_START'],
      trigger: { kind: 'WEEKS_IN_WORK', weeks: byGroup((g) => g.outcomeWeeks) },
      maxOccurrences: 1,
      claimWithinDays: 365,
      evidenceRequired: EVIDENCE.JOB_OUTCOME ?? [],
    },
    // "Paid every 4 weeks after that, for 12 to 26 periods, claimable 15 working days after each period ends".
    {
      code: 'SUSTAINMENT',
      name: 'Sustainment',
      prerequisites: ['JOB_OUTCOME'],
      trigger: { kind: 'EVERY_WEEKS_AFTER', anchor: 'JOB_OUTCOME', everyWeeks: 4 },
      maxOccurrences: byGroup((g) => g.periods),
      claimableAfterWorkingDays: 15,
      claimWithinDays: 365,
      evidenceRequired: EVIDENCE.SUSTAINMENT ?? [],
    },
  ],
  tariffs: WORK_PROGRAMME_GROUPS.flatMap((g) => [
    { paymentGroup: g.code, milestone: 'ATTACHMENT', amountsPence: [String(g.attachment)] },
    { paymentGroup: g.code, milestone: 'JOB_OUTCOME', amountsPence: [String(g.outcome)] },
    // The total divided across its periods by largest remainder, so the periods sum to it exactly.
    {
      paymentGroup: g.code,
      milestone: 'SUSTAINMENT',
      amountsPence: allocateProportionally(
        g.sustainmentTotal,
        Array<number>(g.periods).fill(1),
      ).map(String),
    },
  ]),
  // "The attachment fee fell each contract year and was gone by 2014"; the steps are our assumption.
  tapers: [
    {
      milestone: 'ATTACHMENT',
      basisPointsByContractYear: [...WORK_PROGRAMME_ATTACHMENT_TAPER_BASIS_POINTS],
    },
  ],
  caps: {},
};

const nbVersion = NEEDS_BASED_MODEL.versions[0];

export const NEEDS_BASED_TEMPLATE: PaymentModelDefinition = {
  paymentGroups: NEEDS_BASED_MODEL.paymentGroups.map((code) => ({
    code,
    name: NEEDS_BASED_GROUP_NAMES[code as keyof typeof NEEDS_BASED_GROUP_NAMES] ?? code,
  })),
  grouping: {
    rules: NEEDS_BASED_GROUPING_RULES.rules.map((rule) => ({
      id: rule.id,
      description: rule.description,
      when: rule.when as PaymentModelDefinition['grouping']['rules'][number]['when'],
      paymentGroup: rule.paymentGroup,
    })),
    fallback: { ...NEEDS_BASED_GROUPING_RULES.fallback },
  },
  milestones: NEEDS_BASED_MILESTONE_RULES.map(milestoneOf),
  tariffs: (nbVersion?.tariffs ?? []).map((t) => ({
    paymentGroup: t.paymentGroup,
    milestone: t.milestoneCode,
    amountsPence:
      typeof t.amountPence === 'bigint' ? [String(t.amountPence)] : t.amountPence.map(String),
  })),
  tapers: [],
  caps:
    nbVersion?.caps?.perParticipantPence !== undefined
      ? { perParticipantPence: String(nbVersion.caps.perParticipantPence) }
      : {},
};

export const PAYMENT_MODEL_TEMPLATES = [
  {
    key: 'WORK_PROGRAMME',
    name: 'Work Programme (2011)',
    description:
      'Attachment, job outcome after 13 or 26 weeks in work, and 4-weekly sustainments, by benefit group.',
    definition: WORK_PROGRAMME_TEMPLATE,
  },
  {
    key: 'NEEDS_BASED',
    name: 'Needs-based milestone model',
    description:
      'Groups A–D by assessed barriers; milestones towards work as well as job outcomes.',
    definition: NEEDS_BASED_TEMPLATE,
  },
] as const;
export type PaymentModelTemplateKey = (typeof PAYMENT_MODEL_TEMPLATES)[number]['key'];
