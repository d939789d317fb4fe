// A payment model version's complete rules, as stored (payment_model_version.definition) and as
// the API takes them. Everything a claim, a forecast or a payment-group assignment needs is here;
// nothing is picked by a model's name. Money is whole pence written as a string of digits (JSON has
// no 64-bit integers); the compiled form (compile-definition.ts) holds bigint.
import { z } from 'zod';
import { BARRIER_TYPES, MILESTONE_CODE_PATTERN } from '../vocabulary.js';

const CODE_MESSAGE =
  'must be capital letters, digits and underscores, starting with a letter (at most 40)';
export const DefinitionCode = z
  .string()
  .regex(MILESTONE_CODE_PATTERN, CODE_MESSAGE)
  .describe('A code: capital letters, digits and underscores.');
const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters');
const Description = z.string().trim().max(500, 'must be at most 500 characters');
/** Up to £10bn in pence: far above any programme, far below bigint limits. */
export const DefinitionPence = z
  .string()
  .regex(/^\d{1,13}$/, 'must be whole pence as a string of digits, at most 13 of them')
  .describe('Whole pence as a string of digits, e.g. "120000" for £1,200.00.');

/** A number that may differ by payment group; `otherwise` covers groups not listed. */
function perGroup<T extends z.ZodType>(value: T) {
  return z.union([
    value,
    z.strictObject({ byGroup: z.record(DefinitionCode, value), otherwise: value.optional() }),
  ]);
}

const Severity = z
  .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
  .describe('0 none, 1 low, 2 medium, 3 high.');

export type DefinitionCondition =
  | {
      kind: 'ANY_BARRIER_AT_LEAST';
      severity: 0 | 1 | 2 | 3;
      types?: (typeof BARRIER_TYPES)[number][];
    }
  | { kind: 'COUNT_AT_LEAST'; severity: 0 | 1 | 2 | 3; count: number }
  | { kind: 'TOTAL_SCORE_AT_LEAST'; score: number }
  | { kind: 'BENEFIT_TYPE_IN'; benefitTypes: string[] }
  | { kind: 'AGE_BETWEEN'; minYears?: number; maxYears?: number }
  | { kind: 'ALL'; conditions: DefinitionCondition[] }
  | { kind: 'ANY'; conditions: DefinitionCondition[] };

export const DefinitionConditionSchema: z.ZodType<DefinitionCondition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('ANY_BARRIER_AT_LEAST'),
      severity: Severity,
      types: z.array(z.enum(BARRIER_TYPES)).min(1).optional(),
    }),
    z.strictObject({
      kind: z.literal('COUNT_AT_LEAST'),
      severity: Severity,
      count: z.number().int().min(1).max(BARRIER_TYPES.length),
    }),
    z.strictObject({
      kind: z.literal('TOTAL_SCORE_AT_LEAST'),
      score: z
        .number()
        .int()
        .min(0)
        .max(BARRIER_TYPES.length * 3),
    }),
    z.strictObject({
      kind: z.literal('BENEFIT_TYPE_IN'),
      benefitTypes: z.array(z.string().trim().min(1).max(40)).min(1).max(50),
    }),
    z.strictObject({
      kind: z.literal('AGE_BETWEEN'),
      minYears: z.number().int().min(0).max(130).optional(),
      maxYears: z.number().int().min(0).max(130).optional(),
    }),
    z.strictObject({
      kind: z.literal('ALL'),
      conditions: z.array(DefinitionConditionSchema).min(1).max(20),
    }),
    z.strictObject({
      kind: z.literal('ANY'),
      conditions: z.array(DefinitionConditionSchema).min(1).max(20),
    }),
  ]),
);

export const MilestoneTriggerSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({ kind: z.literal('RECORDED') })
      .describe(
        'Falls on the day a caseworker records it (attachment, job start, qualification, …).',
      ),
    z
      .strictObject({
        kind: z.literal('WEEKS_IN_WORK'),
        weeks: perGroup(z.number().int().min(1).max(520)),
      })
      .describe(
        'Falls when cumulative time in work since the first job start reaches this many weeks.',
      ),
    z
      .strictObject({
        kind: z.literal('EVERY_WEEKS_AFTER'),
        anchor: DefinitionCode,
        everyWeeks: z.number().int().min(1).max(104),
      })
      .describe(
        'Occurrence k falls k × everyWeeks after the anchor milestone, if the participant is still in work then.',
      ),
    z
      .strictObject({
        kind: z.literal('EARNINGS_REACHED'),
        thresholdPence: perGroup(DefinitionPence),
      })
      .describe(
        'Occurrence k falls when cumulative earnings in the data-match file reach k × the threshold.',
      ),
    z
      .strictObject({
        kind: z.literal('BARRIERS_IMPROVED'),
        points: z
          .number()
          .int()
          .min(1)
          .max(BARRIER_TYPES.length * 3),
      })
      .describe(
        'Distance travelled: occurrence k falls at the first needs assessment scoring k × points below the first one.',
      ),
  ])
  .describe('What makes the milestone fall.');
export type MilestoneTrigger = z.infer<typeof MilestoneTriggerSchema>;

export const DefinitionMilestoneSchema = z.strictObject({
  code: DefinitionCode,
  name: Name,
  description: Description.optional(),
  prerequisites: z
    .array(DefinitionCode)
    .max(20)
    .default([])
    .describe('Milestones that must have been achieved (first occurrence) before this one.'),
  trigger: MilestoneTriggerSchema,
  maxOccurrences: perGroup(z.number().int().min(1).max(520)).describe(
    'How many times it can be claimed per participant.',
  ),
  earliestDaysAfterStart: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('Never claimable before attachment (or referral) + this many days.'),
  claimableAfterWorkingDays: z
    .number()
    .int()
    .min(0)
    .max(260)
    .optional()
    .describe('Claimable only this many working days after it falls.'),
  claimWithinDays: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .describe('The last day to claim is this many days after it falls.'),
  evidenceRequired: z
    .array(z.string().trim().min(1).max(120))
    .max(10)
    .default([])
    .describe('Evidence a claim must carry, in words.'),
});
export type DefinitionMilestone = z.infer<typeof DefinitionMilestoneSchema>;

export const PaymentModelDefinitionSchema = z
  .strictObject({
    paymentGroups: z
      .array(
        z.strictObject({ code: DefinitionCode, name: Name, description: Description.optional() }),
      )
      .min(1, 'must list at least one payment group')
      .max(50),
    grouping: z.strictObject({
      rules: z
        .array(
          z.strictObject({
            id: DefinitionCode,
            description: Name,
            when: DefinitionConditionSchema,
            paymentGroup: DefinitionCode,
          }),
        )
        .max(100)
        .describe('Tried in order: the first rule whose condition holds assigns its group.'),
      fallback: z
        .strictObject({ id: DefinitionCode, description: Name, paymentGroup: DefinitionCode })
        .describe('The group when no rule holds.'),
    }),
    milestones: z
      .array(DefinitionMilestoneSchema)
      .min(1, 'must list at least one milestone')
      .max(50),
    tariffs: z
      .array(
        z.strictObject({
          paymentGroup: DefinitionCode,
          milestone: DefinitionCode,
          amountsPence: z
            .array(DefinitionPence)
            .min(1)
            .max(520)
            .describe(
              'One amount for every occurrence, or one per occurrence (index 0 = occurrence 1).',
            ),
        }),
      )
      .max(5000),
    tapers: z
      .array(
        z.strictObject({
          milestone: DefinitionCode,
          basisPointsByContractYear: z
            .array(z.number().int().min(0).max(10_000))
            .min(1)
            .max(20)
            .describe(
              'Share paid in contract year 1, 2, …, in basis points; later years use the last.',
            ),
        }),
      )
      .max(50)
      .default([]),
    caps: z
      .strictObject({
        perParticipantPence: DefinitionPence.optional(),
        perContractPence: DefinitionPence.optional(),
      })
      .default({}),
  })
  .describe(
    'A payment model version: groups, grouping rules, milestones, amounts, tapers and caps.',
  );

/** As stored and sent (defaults filled in). */
export type PaymentModelDefinition = z.infer<typeof PaymentModelDefinitionSchema>;
/** As a client may write it (defaults optional). */
export type PaymentModelDefinitionInput = z.input<typeof PaymentModelDefinitionSchema>;
