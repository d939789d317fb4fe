import {
  SHORT_PAYMENT_FLOW_DOWNS,
  SUBCONTRACT_STATUSES,
  SUBCONTRACT_TIERS,
  TERMS_KINDS,
} from '@waymark/domain';
import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';
import {
  int4,
  line,
  NonNegativePence,
  ProgrammeDay,
  queryInt4,
  text,
} from '../common/dto/primitives';

const DayDate = ProgrammeDay;
const Reason = text({ max: 1000 }).describe(
  'Why: recorded on the transition and in the audit trail.',
);
const Pence = NonNegativePence;
const BasisPoints = int4({ min: 0, max: 10_000 }).describe('Basis points: 10000 is 100 %.');
const MilestoneCodeKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be a milestone code such as JOB_OUTCOME');
const Rates = z.record(MilestoneCodeKey, Pence).describe('Own rate per milestone code, in pence.');
const Common = {
  managementFeeBp: BasisPoints.describe(
    "The prime's management fee, basis points, deducted from everything passed down.",
  ),
  paymentSlaDays: int4({ min: 0, max: 365 }).describe(
    'Days after the prime is paid by which the subcontractor must be paid.',
  ),
};

const ShortPaymentFlowDown = z
  .enum(SHORT_PAYMENT_FLOW_DOWNS)
  .default('PRIME_BEARS')
  .describe(
    "Who bears the commissioner paying a claim short. PRIME_BEARS (default): the subcontractor is paid its full entitlement. BACK_TO_BACK ('pay when paid'): its entitlement follows the prime's share of what the commissioner actually paid for that claim (never more than the claimed amount).",
  );

export const TermsInput = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('PBR_SHARE'),
      shareBasisPoints: BasisPoints.describe(
        'Share of each payment the prime receives, basis points.',
      ),
      shortPaymentFlowDown: ShortPaymentFlowDown,
      ...Common,
    }),
    z.strictObject({
      kind: z.literal('MILESTONE_TARIFF'),
      ratesPence: Rates,
      shortPaymentFlowDown: ShortPaymentFlowDown,
      ...Common,
    }),
    z.strictObject({
      kind: z.literal('SERVICE_FEE'),
      feePerPeriodPence: Pence,
      periodMonths: int4({ min: 1, max: 12 }),
      startDate: DayDate,
      endDate: DayDate.optional(),
      ...Common,
    }),
    z.strictObject({
      kind: z.literal('GRANT'),
      instalments: z
        .array(z.strictObject({ dueDate: DayDate, amountPence: Pence }))
        .min(1, 'needs at least one instalment')
        .max(120),
      ...Common,
    }),
    z.strictObject({
      kind: z.literal('HYBRID'),
      contractValuePence: Pence,
      upfrontBasisPoints: BasisPoints,
      upfrontInstalments: int4({ min: 1, max: 60 }),
      startDate: DayDate,
      ratesPence: Rates,
      shortPaymentFlowDown: ShortPaymentFlowDown,
      ...Common,
    }),
  ])
  .describe('Payment terms; the shape depends on kind.');

const TermsFields = {
  capacity: int4({ min: 0, max: 1_000_000 })
    .nullable()
    .optional()
    .describe('Most participants on its caseload at once; null for no limit.'),
  specialisms: z
    .array(line({ max: 60 }))
    .max(20)
    .optional(),
};

export const CreateSubcontractBody = z.strictObject({
  primeContractId: z
    .uuid('must be a prime contract id (uuid)')
    .describe('One of your own prime contracts.'),
  subcontractorId: z
    .uuid('must be an organisation id (uuid)')
    .describe('The subcontractor organisation (see GET /subcontracts/subcontractors).'),
  tier: z.enum(SUBCONTRACT_TIERS),
  startsOn: DayDate,
  endsOn: DayDate.optional(),
  expectedReferralVolume: int4({ min: 0, max: 1_000_000 }).optional(),
  paymentGroupCodes: z
    .array(line({ max: 40 }))
    .max(20)
    .optional()
    .describe('Payment groups served; omitted or empty for every group.'),
  terms: TermsInput,
  ...TermsFields,
});
export class CreateSubcontractBodyDto extends createZodDto(CreateSubcontractBody) {}

export const ReasonBody = z.strictObject({ reason: Reason.optional() });
export class ReasonBodyDto extends createZodDto(ReasonBody) {}
export const RequiredReasonBody = z.strictObject({ reason: Reason });
export class RequiredReasonBodyDto extends createZodDto(RequiredReasonBody) {}

export const ProposeVariationBody = z.strictObject({
  effectiveFrom: DayDate.describe(
    'The first day the new terms apply (claims with a milestone date from this day).',
  ),
  reason: Reason,
  terms: TermsInput,
  ...TermsFields,
});
export class ProposeVariationBodyDto extends createZodDto(ProposeVariationBody) {}

const Transfers = {
  toSubcontractId: z
    .uuid('must be a subcontract id (uuid)')
    .optional()
    .describe(
      'Move the whole caseload to this live subcontract; omitted: by the allocation rules.',
    ),
  transfers: z
    .array(
      z.strictObject({
        referralId: z.uuid('must be a referral id (uuid)'),
        toSubcontractId: z.uuid('must be a subcontract id (uuid)'),
      }),
    )
    .max(10_000)
    .optional()
    .describe(
      'Chosen moves for particular participants; the rest follow toSubcontractId or the allocation rules.',
    ),
};
export const EndSubcontractBody = z.strictObject({
  reason: Reason.describe('Why it ends: the subcontractor and the commissioner see this.'),
  effectiveOn: DayDate.optional().describe('The last day of the subcontract; today when omitted.'),
  ...Transfers,
});
export class EndSubcontractBodyDto extends createZodDto(EndSubcontractBody) {}
export const SuspendSubcontractBody = z.strictObject({
  reason: Reason.describe('Why it is suspended: the subcontractor and the commissioner see this.'),
  transferCaseload: z
    .boolean()
    .default(false)
    .describe(
      'Also move its participants to other subcontracts (otherwise they stay; it only takes no new referrals).',
    ),
  ...Transfers,
});
export class SuspendSubcontractBodyDto extends createZodDto(SuspendSubcontractBody) {}

export const SubcontractIdParams = z.strictObject({
  id: z.uuid('must be a subcontract id (uuid)'),
});
export class SubcontractIdParamsDto extends createZodDto(SubcontractIdParams) {}
export const VersionParams = z.strictObject({
  id: z.uuid('must be a subcontract id (uuid)'),
  version: queryInt4({ min: 1, max: 1_000_000 }).describe('The terms version number.'),
});
export class VersionParamsDto extends createZodDto(VersionParams) {}

export const ListSubcontractsQuery = z.strictObject({
  primeContractId: z.uuid('must be a prime contract id (uuid)').optional(),
});
export class ListSubcontractsQueryDto extends createZodDto(ListSubcontractsQuery) {}
export const SubcontractorSearchQuery = z.strictObject({
  q: line({ max: 100, min: 0 }).optional().describe('Part of the organisation name.'),
});
export class SubcontractorSearchQueryDto extends createZodDto(SubcontractorSearchQuery) {}

export const TermsView = z.object({
  kind: z.enum(TERMS_KINDS),
  managementFeeBp: z.number().int(),
  paymentSlaDays: z.number().int(),
  figures: z
    .record(z.string(), z.unknown())
    .describe('The kind-specific figures as stored (pence as strings).'),
  description: z.array(z.string()).describe('The terms in words and pounds, one line each.'),
});

const Change = z.object({
  item: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const TermsVersionView = z.object({
  version: z.number().int(),
  status: z.enum(['PROPOSED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable().describe('Last day in force (inclusive); null while open.'),
  terms: TermsView,
  capacity: z.number().int().nullable(),
  specialisms: z.array(z.string()),
  reason: z.string().nullable(),
  proposedAt: z.string(),
  proposedBy: z.string().nullable().describe('Name of the person who proposed it.'),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  changes: z
    .array(Change)
    .describe(
      'What this version changes against the accepted version before it; empty for the first.',
    ),
});

export const TransitionView = z.object({
  from: z.enum(SUBCONTRACT_STATUSES).nullable(),
  to: z.enum(SUBCONTRACT_STATUSES),
  effectiveOn: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
  by: z.string().nullable().describe('Name of the person.'),
  byOrganisation: z.string().nullable(),
});

export const SubcontractView = z.object({
  id: z.uuid(),
  status: z.enum(SUBCONTRACT_STATUSES),
  primeContract: z.object({
    id: z.uuid(),
    reference: z.string(),
    programmeName: z.string(),
    areaName: z.string(),
    primeName: z.string(),
  }),
  subcontractor: z.object({ id: z.uuid(), name: z.string() }),
  tier: z.enum(SUBCONTRACT_TIERS),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  expectedReferralVolume: z.number().int().nullable(),
  capacity: z.number().int().nullable(),
  specialisms: z.array(z.string()),
  groupsServed: z.array(z.string()).describe('Payment group names; empty means every group.'),
  caseload: z.number().int().describe('Participants allocated or attached now.'),
  terms: TermsView.describe('The newest accepted terms, or the terms on offer before acceptance.'),
  hasPendingVariation: z.boolean(),
  statusReason: z
    .string()
    .nullable()
    .describe('Why it moved to its current status (its latest transition), e.g. why it ended.'),
  statusSince: z.string().nullable().describe('Day of that move.'),
  allowedMoves: z.array(z.enum(SUBCONTRACT_STATUSES)).describe('Statuses you may move it to now.'),
});

export const SubcontractDetailResponse = z.object({
  subcontract: SubcontractView,
  termsVersions: z.array(TermsVersionView),
  transitions: z.array(TransitionView),
  transferred: z
    .array(
      z.object({
        participantReference: z.string(),
        toSubcontractId: z.uuid(),
        toSubcontractorName: z.string(),
      }),
    )
    .optional()
    .describe('After an end or suspension with transfer: where each participant went.'),
});
export class SubcontractDetailResponseDto extends createZodDto(SubcontractDetailResponse) {}
export const SubcontractListResponse = z.object({ subcontracts: z.array(SubcontractView) });
export class SubcontractListResponseDto extends createZodDto(SubcontractListResponse) {}
export const SubcontractorListResponse = z.object({
  subcontractors: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export class SubcontractorListResponseDto extends createZodDto(SubcontractorListResponse) {}
