import { CLAIM_STATUSES, DefinitionCode } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import {
  int4,
  line,
  ListCursor,
  ListLimit,
  ListPage,
  listSort,
  ProgrammeDay,
  text,
} from '../common/dto/primitives';
import { z } from 'zod';
import { CLAIM_SORT_COLUMNS } from './claims.repository';

const Pence = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Integer pence as a string of digits.');
const DayDate = ProgrammeDay;
const Reason = text({ max: 2000 });

export const DataMatchStatus = z
  .object({
    outcome: z
      .enum(['VERIFIED', 'FLAGGED'])
      .describe(
        'VERIFIED: earnings data shows the job outcome; FLAGGED: it does not, review the claim.',
      ),
    uploadId: z.uuid(),
    checkedAt: z.string(),
    reason: z.string(),
  })
  .describe('Latest earnings data-match check of a job-outcome claim.');

export const ClaimSummary = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  referralId: z.uuid(),
  participantReference: z.string().describe('Pseudonymous participant reference.'),
  subcontractId: z.uuid().nullable().describe('null: delivered by the prime itself.'),
  milestoneCode: DefinitionCode,
  milestoneName: z.string().describe('The milestone’s name in its programme.'),
  occurrence: z.number().int(),
  milestoneOn: z
    .string()
    .describe('Day the milestone fell; the tariff in force that day priced it.'),
  tariffId: z.uuid(),
  pricedUnder: z
    .string()
    .describe(
      'The payment model and version whose definition priced the claim, e.g. "Work Programme (2011), version 1".',
    ),
  amountPence: Pence,
  clawedBackPence: Pence.describe('Sum of clawbacks recorded against the claim.'),
  status: z.enum(CLAIM_STATUSES),
  submissionId: z.uuid().nullable(),
  createdByUserId: z.uuid(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number().int().describe('Send as If-Match to change the claim.'),
  dataMatch: DataMatchStatus.nullable(),
});

export const ClaimTransitionView = z.object({
  fromStatus: z.enum(CLAIM_STATUSES).nullable(),
  toStatus: z.enum(CLAIM_STATUSES),
  byUserId: z.uuid().nullable(),
  by: z
    .object({ displayName: z.string(), organisationName: z.string() })
    .nullable()
    .describe('Who took the step, by name and organisation; null for the system.'),
  at: z.string(),
  reason: z.string().nullable(),
});

const EvidenceOverride = z.object({
  byUserId: z.uuid(),
  byName: z.string().nullable(),
  at: z.string(),
  reason: z.string(),
});

export const ClaimEvidenceStatus = z
  .object({
    required: z
      .array(z.string())
      .describe(
        'The evidence the milestone requires, in words (its payment model’s definition); empty = none.',
      ),
    fileCount: z.number().int().describe('Evidence files attached (not purged).'),
    isMissing: z
      .boolean()
      .describe(
        'Evidence is required, no file is attached and no override is in force: the claim cannot be submitted (nor, once an override was withdrawn, approved or sent to the commissioner).',
      ),
    override: EvidenceOverride.nullable().describe(
      'The override in force: submission without the required evidence, allowed by the prime’s finance or admin (who, when, why).',
    ),
    withdrawnOverrides: z
      .array(
        EvidenceOverride.extend({
          withdrawnAt: z.string(),
          withdrawnByUserId: z.uuid(),
          withdrawnByName: z.string().nullable(),
          withdrawalReason: z.string(),
        }),
      )
      .describe(
        'Overrides withdrawn as recorded in error, oldest first: kept on the claim’s history with who withdrew each, when and why.',
      ),
  })
  .describe('Whether the claim carries the evidence its milestone requires.');

export const ClaimDetail = ClaimSummary.extend({
  evidence: ClaimEvidenceStatus,
  transitions: z.array(ClaimTransitionView).describe('Every step: who, when, why.'),
  allowedTransitions: z
    .array(z.enum(CLAIM_STATUSES))
    .describe('What the caller may move the claim to now.'),
});
export const ClaimResponse = z.object({ claim: ClaimDetail });
export class ClaimResponseDto extends createZodDto(ClaimResponse) {}

export const ClaimList = z.object({
  claims: z.array(ClaimSummary),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.'),
  total: z
    .number()
    .int()
    .describe(
      'How many claims the whole filter holds, across every page, counted exactly up to the cap (see isTotalCapped).',
    ),
  isTotalCapped: z
    .boolean()
    .describe(
      'The filter holds more than total (the count stops at the cap, 10,000 by default, so it stays fast): show "more than 10,000".',
    ),
  totalPence: Pence.nullable().describe(
    'The claimed amounts of the whole filter added up, across every page; null when the count was capped (narrow the filter to add them up).',
  ),
});
export class ClaimListDto extends createZodDto(ClaimList) {}

export const ClaimListQuery = z.strictObject({
  inbox: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only claims waiting for an action your party and roles can take.'),
  status: z.enum(CLAIM_STATUSES).optional(),
  primeContractId: z.uuid().optional(),
  subcontractId: z.uuid().optional(),
  milestoneCode: DefinitionCode.optional(),
  milestoneFrom: DayDate.optional().describe('Milestone date on or after.'),
  milestoneTo: DayDate.optional().describe('Milestone date on or before.'),
  cursor: ListCursor.optional(),
  page: ListPage.optional().describe(
    'Page number (1 is the newest) for numbered paging; not with cursor.',
  ),
  sort: listSort(CLAIM_SORT_COLUMNS)
    .optional()
    .describe(
      'Column to order by first, "-" for descending (newest first breaks ties); with page, not cursor.',
    ),
  limit: ListLimit,
});
export class ClaimListQueryDto extends createZodDto(ClaimListQuery) {}

export const CreateClaimBody = z.strictObject({
  referralId: z.uuid('must be a UUID'),
  milestoneCode: DefinitionCode,
  occurrence: int4({ min: 1 }).optional().describe('Default: the earliest claimable occurrence.'),
});
export class CreateClaimBodyDto extends createZodDto(CreateClaimBody) {}

export const TransitionClaimBody = z.strictObject({
  to: z
    .enum(CLAIM_STATUSES)
    .describe('Target status; the claim’s allowedTransitions lists what you may choose.'),
  reason: Reason.optional().describe(
    'Required to reject or query; becomes the query thread’s first message.',
  ),
});
export class TransitionClaimBodyDto extends createZodDto(TransitionClaimBody) {}

const VersionedClaim = z.strictObject({
  id: z.uuid('must be a UUID'),
  version: int4({ min: 1 }).describe('The version you read (the If-Match of a bulk action).'),
});

export const BulkTransitionBody = z.strictObject({
  to: z.enum(CLAIM_STATUSES),
  reason: Reason.optional(),
  claims: z.array(VersionedClaim).min(1, 'needs at least one claim').max(500),
});
export class BulkTransitionBodyDto extends createZodDto(BulkTransitionBody) {}

export const BulkResult = z.object({
  results: z.array(
    z.object({ id: z.uuid(), status: z.enum(CLAIM_STATUSES), version: z.number().int() }),
  ),
});
export class BulkResultDto extends createZodDto(BulkResult) {}

export const CreateSubmissionBody = z.strictObject({
  primeContractId: z.uuid('must be a UUID'),
  reference: line({ max: 100 }).optional().describe('Your batch reference; generated when absent.'),
  claims: z.array(VersionedClaim).min(1, 'needs at least one claim').max(1000),
});
export class CreateSubmissionBodyDto extends createZodDto(CreateSubmissionBody) {}

export const SubmissionResponse = z.object({
  submission: z.object({
    id: z.uuid(),
    primeContractId: z.uuid(),
    reference: z.string(),
    submittedAt: z.string(),
    claimCount: z.number().int(),
    totalPence: Pence,
  }),
  results: BulkResult.shape.results,
});
export class SubmissionResponseDto extends createZodDto(SubmissionResponse) {}

export const ClaimableMilestone = z.object({
  code: DefinitionCode,
  name: z.string().describe('The milestone’s name in the payment model.'),
  occurrence: z.number().int(),
  status: z.enum(['CLAIMABLE', 'NOT_YET', 'BLOCKED', 'EXPIRED', 'EXHAUSTED', 'ALREADY_CLAIMED']),
  reason: z.string(),
  milestoneDate: z.string().nullable(),
  dueDate: z
    .string()
    .nullable()
    .describe('NOT_YET: when it is expected to become claimable, if known.'),
  claimDeadline: z.string().nullable(),
  missingPrerequisites: z.array(DefinitionCode),
  amountPence: Pence.nullable().describe('CLAIMABLE: what a claim would be priced at now.'),
  isPaid: z
    .boolean()
    .nullable()
    .describe('Whether the version in force on the milestone date pays it (null: no date yet).'),
});
export const ClaimableResponse = z.object({
  claimable: z.object({
    referralId: z.uuid(),
    paymentGroup: z.string(),
    milestones: z.array(ClaimableMilestone),
  }),
});
export class ClaimableResponseDto extends createZodDto(ClaimableResponse) {}

export { IdParams, IdParamsDto } from '../common/dto/id-params';

export const EvidenceOverrideBody = z.strictObject({
  reason: text({ max: 2000 }).describe(
    'Why the claim may be submitted without the evidence its milestone requires (recorded and audited).',
  ),
});
export class EvidenceOverrideBodyDto extends createZodDto(EvidenceOverrideBody) {}

export const WithdrawEvidenceOverrideBody = z.strictObject({
  reason: text({ max: 2000 }).describe(
    'Why the override is withdrawn (recorded in error, evidence now expected…); recorded and audited.',
  ),
});
export class WithdrawEvidenceOverrideBodyDto extends createZodDto(WithdrawEvidenceOverrideBody) {}
