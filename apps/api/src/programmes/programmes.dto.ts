import {
  BARRIER_TYPES,
  DefinitionCode,
  DefinitionPence,
  PAYMENT_MODEL_TEMPLATES,
  PaymentModelDefinitionSchema,
} from '@waymark/domain';
import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line, pence, ProgrammeDay, text } from '../common/dto/primitives';

const TEMPLATE_KEYS = PAYMENT_MODEL_TEMPLATES.map((t) => t.key) as [string, ...string[]];
const VERSION_STATUSES = ['DRAFT', 'AWAITING_APPROVAL', 'PUBLISHED'] as const;

// ───────── requests ─────────

export const CreateProgrammeBody = z.strictObject({
  name: line({ min: 2, max: 200 }),
  startsOn: ProgrammeDay,
  endsOn: ProgrammeDay.optional(),
  supportPeriodWeeks: z
    .number()
    .int()
    .min(1)
    .max(520)
    .describe('How long each participant is supported, in weeks.'),
  contractAreas: z
    .array(
      z.strictObject({ name: line({ min: 2, max: 120 }), region: line({ max: 120 }).optional() }),
    )
    .min(1, 'must list at least one contract area')
    .max(50),
});
export class CreateProgrammeBodyDto extends createZodDto(CreateProgrammeBody) {}

export const SetLateRecordingDaysBody = z.strictObject({
  lateRecordingDays: z
    .number()
    .int()
    .min(0)
    .max(366)
    .describe(
      'How many days after it happened a journey fact (an activity, a job start) may still be recorded; later ones are refused, and any after the day itself are flagged late.',
    ),
  reason: text({ min: 3, max: 500 }).describe('Why it changes; kept in the audit trail.'),
});
export class SetLateRecordingDaysBodyDto extends createZodDto(SetLateRecordingDaysBody) {}

export const AddContractAreaBody = z.strictObject({
  name: line({ min: 2, max: 120 }),
  region: line({ max: 120 }).optional(),
});
export class AddContractAreaBodyDto extends createZodDto(AddContractAreaBody) {}

/**
 * The definition is taken as plain JSON and checked by the domain (shape, then consistency), so a
 * problem comes back with its path inside the definition (`body.definition.tariffs[3].amountsPence`).
 */
const DefinitionInput = z
  .record(z.string(), z.unknown())
  .describe('A payment model definition (see PaymentModelDefinition).');

export const CreatePaymentModelBody = z
  .strictObject({
    name: line({ min: 2, max: 200 }),
    description: text({ max: 1000 }).optional(),
    effectiveFrom: ProgrammeDay.describe('The day version 1 would come into force.'),
    template: z.enum(TEMPLATE_KEYS).optional().describe('Start version 1 from a template.'),
    definition: DefinitionInput.optional().describe('Or give version 1’s definition.'),
  })
  .refine((body) => (body.template === undefined) !== (body.definition === undefined), {
    message: 'give either a template or a definition',
    path: ['template'],
  });
export class CreatePaymentModelBodyDto extends createZodDto(CreatePaymentModelBody) {}

export const CreateVersionBody = z.strictObject({
  effectiveFrom: ProgrammeDay,
  effectiveTo: ProgrammeDay.optional(),
  changeNote: text({ max: 1000 }).optional(),
  definition: DefinitionInput.optional().describe(
    'Defaults to a copy of the latest version’s definition.',
  ),
});
export class CreateVersionBodyDto extends createZodDto(CreateVersionBody) {}

export const UpdateVersionBody = z.strictObject({
  effectiveFrom: ProgrammeDay,
  effectiveTo: ProgrammeDay.nullable().optional(),
  changeNote: text({ max: 1000 }).optional(),
  definition: DefinitionInput,
});
export class UpdateVersionBodyDto extends createZodDto(UpdateVersionBody) {}

export const ReturnVersionBody = z.strictObject({ reason: text({ min: 3, max: 1000 }) });
export class ReturnVersionBodyDto extends createZodDto(ReturnVersionBody) {}

export const RulesQuery = z.strictObject({
  on: ProgrammeDay.describe('The day to read the rules for.'),
});
export class RulesQueryDto extends createZodDto(RulesQuery) {}

const Barrier = z.strictObject({
  type: z.enum(BARRIER_TYPES),
  severity: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
});
export const SimulateBody = z.strictObject({
  participant: z.strictObject({
    benefitType: line({ min: 1, max: 40 }),
    ageYears: z.number().int().min(16).max(100).optional(),
    barriers: z.array(Barrier).max(BARRIER_TYPES.length),
    referralDate: ProgrammeDay,
    attachmentDate: ProgrammeDay.optional(),
    recorded: z
      .array(z.strictObject({ code: DefinitionCode, date: ProgrammeDay }))
      .max(50)
      .default([])
      .describe('Milestones a caseworker would record, e.g. an action plan.'),
    jobs: z
      .array(z.strictObject({ startDate: ProgrammeDay, endDate: ProgrammeDay.optional() }))
      .max(10)
      .default([]),
    earnings: z
      .array(z.strictObject({ date: ProgrammeDay, amountPence: DefinitionPence }))
      .max(60)
      .default([]),
    reassessments: z
      .array(
        z.strictObject({
          date: ProgrammeDay,
          barriers: z.array(Barrier).max(BARRIER_TYPES.length),
        }),
      )
      .max(20)
      .default([]),
  }),
  contractStartsOn: ProgrammeDay.optional().describe(
    'Defaults to the version’s effective date (contract year 1).',
  ),
  horizonDays: z.number().int().min(1).max(3650).default(1095),
  compareWithVersionId: z
    .uuid()
    .optional()
    .describe('Another version of the same model to compare with.'),
});
export class SimulateBodyDto extends createZodDto(SimulateBody) {}

export const CreatePrimeContractBody = z.strictObject({
  primeOrganisationId: z.uuid(),
  contractAreaId: z.uuid(),
  paymentModelId: z.uuid(),
  reference: line({ min: 2, max: 60 }),
  valueCapPence: pence({ min: 0n, max: 1_000_000_000_000n }),
  startsOn: ProgrammeDay,
  endsOn: ProgrammeDay,
  minimumPerformanceLevelBp: z.number().int().min(0).max(10_000).optional(),
});
export class CreatePrimeContractBodyDto extends createZodDto(CreatePrimeContractBody) {}

// ───────── responses ─────────

const Person = z.object({ userId: z.uuid(), name: z.string() }).nullable();

export const VersionSummary = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  changeNote: z.string().nullable(),
  createdBy: Person,
  submittedBy: Person,
  submittedAt: z.string().nullable(),
  publishedBy: Person,
  publishedAt: z.string().nullable(),
});

export const VersionDetail = VersionSummary.extend({
  paymentModelId: z.uuid(),
  paymentModelName: z.string(),
  programmeId: z.uuid(),
  definition: z.unknown().describe('The stored definition (PaymentModelDefinition).'),
  problems: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .describe('What stops this definition being submitted (empty when it is consistent).'),
});
export const VersionResponse = z.object({ version: VersionDetail });
export class VersionResponseDto extends createZodDto(VersionResponse) {}

export const PaymentModelSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  versions: z.array(VersionSummary),
});
export const PaymentModelResponse = z.object({
  paymentModel: PaymentModelSummary.extend({ programmeId: z.uuid(), programmeName: z.string() }),
});
export class PaymentModelResponseDto extends createZodDto(PaymentModelResponse) {}

export const PrimeContractSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  primeName: z.string(),
  contractAreaName: z.string(),
  paymentModelName: z.string(),
  valueCapPence: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
});
export const PrimeContractResponse = z.object({ primeContract: PrimeContractSummary });
export class PrimeContractResponseDto extends createZodDto(PrimeContractResponse) {}

export const ProgrammeSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  commissionerName: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  supportPeriodWeeks: z.number().int(),
  lateRecordingDays: z
    .number()
    .int()
    .describe('How many days late a journey fact may be recorded (the programme rule).'),
  isOwn: z.boolean().describe('Whether your organisation commissions it (and may change it).'),
});
export const ProgrammeList = z.object({ programmes: z.array(ProgrammeSummary) });
export class ProgrammeListDto extends createZodDto(ProgrammeList) {}

export const ProgrammeDetail = ProgrammeSummary.extend({
  contractAreas: z.array(
    z.object({ id: z.uuid(), name: z.string(), region: z.string().nullable() }),
  ),
  paymentModels: z.array(PaymentModelSummary),
  primeContracts: z.array(PrimeContractSummary),
});
export const ProgrammeResponse = z.object({ programme: ProgrammeDetail });
export class ProgrammeResponseDto extends createZodDto(ProgrammeResponse) {}

export const TemplateList = z.object({
  templates: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string(),
      definition: z.unknown(),
    }),
  ),
});
export class TemplateListDto extends createZodDto(TemplateList) {}

export const PrimeCandidates = z.object({
  primes: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export class PrimeCandidatesDto extends createZodDto(PrimeCandidates) {}

const TariffLine = z.object({
  paymentGroup: z.string(),
  paymentGroupName: z.string(),
  milestone: z.string(),
  milestoneName: z.string(),
  amountsPence: z.array(z.string()),
  taperBasisPointsByContractYear: z.array(z.number()).nullable(),
});
export const RulesInForce = z.object({
  on: z.string(),
  version: VersionSummary,
  definition: PaymentModelDefinitionSchema.describe('The definition in force on that day.'),
  tariffs: z.array(TariffLine).describe('Every amount, by group and milestone, with names.'),
});
export class RulesInForceDto extends createZodDto(RulesInForce) {}

const ScheduledMilestone = z.object({
  code: z.string(),
  name: z.string(),
  occurrence: z.number().int(),
  milestoneDate: z.string(),
  claimableFrom: z.string(),
  claimDeadline: z.string(),
  amountPence: z.string(),
  isPaid: z.boolean(),
  tariffVersion: z.string().nullable(),
  explanation: z.string(),
});
const SimulationResult = z.object({
  paymentGroup: z.string(),
  paymentGroupName: z.string(),
  groupExplanation: z.string(),
  schedule: z.array(ScheduledMilestone),
  totalPence: z.string(),
  horizon: z.string(),
});
export const SimulationResponse = z.object({
  simulation: SimulationResult,
  comparison: z
    .object({
      versionId: z.uuid(),
      version: z.number().int(),
      simulation: SimulationResult,
      differences: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          occurrence: z.number().int(),
          before: z.object({ claimableFrom: z.string(), amountPence: z.string() }).nullable(),
          after: z.object({ claimableFrom: z.string(), amountPence: z.string() }).nullable(),
        }),
      ),
      totalChangePence: z.string().describe('This version’s total minus the compared version’s.'),
    })
    .nullable(),
});
export class SimulationResponseDto extends createZodDto(SimulationResponse) {}

export const ProgrammeIdParams = z.strictObject({ id: z.uuid('must be a UUID') });
export class ProgrammeIdParamsDto extends createZodDto(ProgrammeIdParams) {}
