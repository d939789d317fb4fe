import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';
import { int4, text } from '../common/dto/primitives';

const BasisPoints = int4({ min: 0, max: 10_000 });

export const BidCommitmentParams = z.strictObject({
  id: z.uuid('must be a prime contract id (uuid)'),
});
export class BidCommitmentParamsDto extends createZodDto(BidCommitmentParams) {}
export const BidCommitmentVersionParams = z.strictObject({
  id: z.uuid('must be a prime contract id (uuid)'),
  subcontractorId: z.uuid('must be an organisation id (uuid)'),
  version: z.coerce
    .number()
    .int('must be a version number')
    .min(1, 'must be a version number')
    .max(1_000_000, 'must be a version number'),
});
export class BidCommitmentVersionParamsDto extends createZodDto(BidCommitmentVersionParams) {}

export const RecordBidCommitmentBody = z.strictObject({
  subcontractorId: z
    .uuid('must be an organisation id (uuid)')
    .describe('The subcontractor organisation the bid named.'),
  plannedReferralShareBp: BasisPoints.describe(
    'Share of the contract’s referrals promised, basis points.',
  ),
  plannedSpendShareBp: BasisPoints.describe(
    'Share of the contract’s money promised, basis points.',
  ),
  specialistProvision: z
    .boolean()
    .default(false)
    .describe('The bid named this subcontractor as specialist provision.'),
  reason: text({ max: 1000 })
    .optional()
    .describe('Where the figure comes from (bid section, clarification).'),
});
export class RecordBidCommitmentBodyDto extends createZodDto(RecordBidCommitmentBody) {}
export const RejectBidCommitmentBody = z.strictObject({ reason: text({ max: 1000 }) });
export class RejectBidCommitmentBodyDto extends createZodDto(RejectBidCommitmentBody) {}

const Named = z.object({ id: z.uuid(), name: z.string() });
const Commitment = z.object({
  subcontractor: Named,
  version: z.number().int(),
  plannedReferralShareBp: z.number().int(),
  plannedSpendShareBp: z.number().int(),
  specialistProvision: z.boolean(),
  delivered: z.object({
    referralsReceived: z
      .number()
      .int()
      .describe(
        'Referrals allocated to its subcontracts under this contract (kept or since exited).',
      ),
    referralShareBp: z
      .number()
      .int()
      .describe(
        'Its share of every referral allocated under the contract, basis points (half up).',
      ),
    passedDownPence: z
      .string()
      .describe('Paid to it under this contract, integer pence as a string of digits.'),
    spendShareBp: z
      .number()
      .int()
      .describe('Its share of everything passed down under the contract, basis points (half up).'),
  }),
});
const Version = z.object({
  subcontractor: Named,
  version: z.number().int(),
  status: z.enum(['PROPOSED', 'CONFIRMED', 'REJECTED', 'WITHDRAWN']),
  plannedReferralShareBp: z.number().int(),
  plannedSpendShareBp: z.number().int(),
  specialistProvision: z.boolean(),
  reason: z.string().nullable(),
  proposedBy: z
    .string()
    .nullable()
    .describe('Person and organisation, e.g. "Kiran Lewis (Kestrel Works)".'),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export const BidCommitments = z.object({
  primeContract: z.object({ id: z.uuid(), reference: z.string(), name: z.string() }),
  totals: z.object({
    plannedReferralShareBp: z.number().int(),
    plannedSpendShareBp: z.number().int(),
    specialistSpendShareBp: z.number().int(),
  }),
  specialistShare: z
    .object({
      minimumBp: z
        .number()
        .int()
        .nullable()
        .describe(
          "The commissioner's minimum share of money for specialist provision; null when none is set.",
        ),
      plannedBp: z
        .number()
        .int()
        .describe('Money the bid promised to commitments marked specialist provision.'),
      deliveredBp: z
        .number()
        .int()
        .describe(
          'Money passed down to specialist-tier subcontracts, of all passed down (half up).',
        ),
      isPlannedBelowMinimum: z.boolean(),
      isDeliveredBelowMinimum: z.boolean().describe('Only once anything has been passed down.'),
    })
    .describe('The minimum specialist share, checked against the bid and against delivery.'),
  commitments: z
    .array(Commitment)
    .describe('The confirmed commitments in force, with what was delivered against each.'),
  versions: z
    .array(Version)
    .describe('Every version, proposals awaiting the commissioner included, oldest first.'),
});
export class BidCommitmentsDto extends createZodDto(BidCommitments) {}

export const SetSpecialistMinimumBody = z.strictObject({
  minimumBp: BasisPoints.describe(
    'Minimum share of the contract’s money for specialist provision, basis points.',
  ),
});
export class SetSpecialistMinimumBodyDto extends createZodDto(SetSpecialistMinimumBody) {}
