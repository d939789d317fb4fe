import { BARRIER_TYPES, REFERRAL_STATUSES, SEVERITIES } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { DateOfBirth, line, ProgrammeDay, text } from '../common/dto/primitives';
import { z } from 'zod';
import { isValidNiNumber } from '../common/pii/ni-number';

const DayDate = ProgrammeDay;
const Reason = text({ max: 1000 }).describe(
  'Why: recorded on the transition and in the audit trail.',
);

export const ReferralIdParams = z.strictObject({ id: z.uuid('must be a referral id (uuid)') });
export class ReferralIdParamsDto extends createZodDto(ReferralIdParams) {}

export const SpecialCategoryInput = z
  .strictObject({
    health: text({ max: 2000 }).optional().describe('Health conditions relevant to support.'),
    disability: text({ max: 2000 }).optional().describe('Disability and adjustments needed.'),
    offending: text({ max: 2000 }).optional().describe('Offending history relevant to support.'),
  })
  .describe('Special category data: seen only by those delivering support, every read audited.');

export const CreateReferralBody = z.strictObject({
  primeContractId: z
    .uuid('must be a prime contract id (uuid)')
    .describe('The prime contract the participant is referred to.'),
  externalReference: line({ max: 100 })
    .optional()
    .describe(
      "The partner's own id for this referral: sending it again returns the same referral.",
    ),
  referralPartnerId: z
    .uuid()
    .optional()
    .describe(
      'Required when a commissioner refers on behalf of a referral partner; otherwise omitted.',
    ),
  participant: z.strictObject({
    niNumber: line({ max: 20 })
      .refine(isValidNiNumber, 'must be a National Insurance number, e.g. AB123456C')
      .describe('Stored only as a keyed hash and ciphertext.'),
    dateOfBirth: DateOfBirth,
    benefitType: line({ max: 40 }).describe('e.g. JSA_25_PLUS, ESA, UC.'),
    specialCategory: SpecialCategoryInput.optional(),
  }),
});
export class CreateReferralBodyDto extends createZodDto(CreateReferralBody) {}

export const ParticipantView = z.object({
  id: z.uuid(),
  reference: z.string().describe('Pseudonymous participant reference: what screens show.'),
  dateOfBirth: z.string().nullable(),
  benefitType: z.string().nullable(),
  niNumber: z
    .string()
    .describe('Masked ("AB •• •• •• C") unless you deliver support to this participant.'),
  isNiNumberMasked: z.boolean(),
  specialCategory: SpecialCategoryInput.nullable().describe(
    'Null when there is none or you may not see it.',
  ),
  canSeeSpecialCategory: z.boolean(),
});

export const ReferralView = z.object({
  id: z.uuid(),
  version: z.number().int().describe('Send as If-Match: "<version>" on every transition.'),
  status: z.enum(REFERRAL_STATUSES),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  referralPartnerId: z.uuid(),
  externalReference: z.string().nullable(),
  subcontractId: z.uuid().nullable(),
  allocationRule: z.string().nullable(),
  allocationReason: z.string().nullable(),
  paymentGroup: z.string().nullable().describe('From the latest needs assessment.'),
  paymentGroupName: z
    .string()
    .nullable()
    .describe("The payment group's name in the programme definition (what people read)."),
  receivedAt: z.string(),
  acceptedAt: z.string().nullable(),
  allocatedAt: z.string().nullable(),
  attachedOn: z.string().nullable(),
  exitedOn: z.string().nullable(),
  exitReason: z.string().nullable(),
  participant: ParticipantView,
});
export const ReferralResponse = z.object({ referral: ReferralView });
export class ReferralResponseDto extends createZodDto(ReferralResponse) {}

export const RejectReferralBody = z.strictObject({ reason: Reason });
export class RejectReferralBodyDto extends createZodDto(RejectReferralBody) {}

export const AcceptReferralBody = z.strictObject({ note: text({ max: 1000, min: 0 }).optional() });
export class AcceptReferralBodyDto extends createZodDto(AcceptReferralBody) {}

export const AllocateReferralBody = z.strictObject({
  subcontractId: z
    .uuid()
    .optional()
    .describe(
      'Allocate by hand to this subcontract; omit to apply the prime contract’s declared policy.',
    ),
  reason: text({ max: 1000 }).optional().describe('Required when allocating by hand.'),
});
export class AllocateReferralBodyDto extends createZodDto(AllocateReferralBody) {}

export const ReallocateReferralBody = z.strictObject({
  reason: Reason,
  subcontractId: z
    .uuid()
    .optional()
    .describe(
      'The new subcontract; omit to apply the declared policy (which may choose the same one if it is the only one eligible).',
    ),
});
export class ReallocateReferralBodyDto extends createZodDto(ReallocateReferralBody) {}

export const HandBackReferralBody = z.strictObject({ reason: Reason });
export class HandBackReferralBodyDto extends createZodDto(HandBackReferralBody) {}

export const AttachReferralBody = z.strictObject({
  attachedOn: DayDate.optional().describe('Defaults to today.'),
});
export class AttachReferralBodyDto extends createZodDto(AttachReferralBody) {}

export const ExitReferralBody = z.strictObject({
  reason: Reason,
  exitedOn: DayDate.optional().describe('Defaults to today.'),
});
export class ExitReferralBodyDto extends createZodDto(ExitReferralBody) {}

export const Barrier = z.strictObject({
  type: z.enum(BARRIER_TYPES),
  severity: z.literal(SEVERITIES).describe('0 NONE, 1 LOW, 2 MEDIUM, 3 HIGH.'),
});
export const RecordNeedsAssessmentBody = z.strictObject({
  barriers: z
    .array(Barrier)
    .max(BARRIER_TYPES.length)
    .refine(
      (list) => new Set(list.map((b) => b.type)).size === list.length,
      'lists a barrier type twice',
    ),
});
export class RecordNeedsAssessmentBodyDto extends createZodDto(RecordNeedsAssessmentBody) {}

export const NeedsAssessmentView = z.object({
  id: z.uuid(),
  barriers: z.array(Barrier),
  totalScore: z.number().int().describe('Sum of severities: distance travelled is this over time.'),
  paymentGroup: z.string(),
  ruleId: z.string(),
  explanation: z.string(),
  assessedByUserId: z.uuid(),
  assessedAt: z.string(),
});
export const NeedsAssessmentHistory = z.object({
  assessments: z
    .array(NeedsAssessmentView)
    .describe('Oldest first; a reassessment adds, never rewrites.'),
  distanceTravelled: z
    .object({
      firstScore: z.number().int(),
      latestScore: z.number().int(),
      change: z.number().int().describe('latest − first: negative means barriers reduced.'),
    })
    .nullable(),
});
export class NeedsAssessmentHistoryDto extends createZodDto(NeedsAssessmentHistory) {}
