import { ALLOCATION_POLICIES } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';

export const PrimeContractIdParams = z.strictObject({
  id: z.uuid('must be a prime contract id (uuid)'),
});
export class PrimeContractIdParamsDto extends createZodDto(PrimeContractIdParams) {}

const Subcontract = z.object({
  id: z.uuid(),
  subcontractorId: z.uuid(),
  subcontractorName: z.string(),
  tier: z.string(),
  specialisms: z.array(z.string()),
  termsKind: z.string(),
  terms: z
    .record(z.string(), z.unknown())
    .describe('Shape depends on termsKind (see packages/domain SubcontractTerms).'),
  managementFeeBp: z.number().int(),
  paymentSlaDays: z.number().int(),
  expectedReferralVolume: z.number().int().nullable(),
  capacity: z.number().int().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  groupsServed: z.array(z.string()).describe('Payment group codes; empty means every group.'),
});

const BidCommitment = z.object({
  subcontractorId: z.uuid(),
  plannedSpendShareBp: z.number().int(),
  plannedReferralShareBp: z.number().int(),
});

const PrimeContract = z.object({
  id: z.uuid(),
  reference: z.string(),
  programme: z.object({ id: z.uuid(), name: z.string() }),
  prime: z.object({ id: z.uuid(), name: z.string() }),
  startsOn: z.string(),
  endsOn: z.string(),
  valueCapPence: z.string().regex(/^\d+$/).describe('Integer pence as a string of digits.'),
  allocationPolicy: z
    .enum(ALLOCATION_POLICIES)
    .describe('Declared by the prime; BID_SHARE until it declares one.'),
  bidCommitments: z.array(BidCommitment),
  subcontracts: z.array(Subcontract),
});

export const SupplyChain = z.object({
  programmes: z.array(z.object({ id: z.uuid(), name: z.string() })),
  primeContracts: z.array(PrimeContract),
});
export class SupplyChainDto extends createZodDto(SupplyChain) {}

export const FlowLine = z.object({
  subcontractId: z.uuid(),
  subcontractorId: z.uuid(),
  subcontractorName: z.string(),
  referralsReceived: z
    .number()
    .int()
    .describe('ALLOCATED, ATTACHED or EXITED under this subcontract.'),
  bidShareBp: z.number().int().describe('Share of referrals promised in the bid, basis points.'),
  promisedReferrals: z
    .number()
    .int()
    .describe('bid share × referrals received by the whole chain, rounded half up.'),
  actualShareBp: z
    .number()
    .int()
    .describe('referrals received ÷ chain total, basis points (rounded half up).'),
  deficit: z
    .number()
    .int()
    .describe('promised − received: positive means the subcontractor is owed referrals.'),
  caseload: z.number().int(),
  capacity: z.number().int().nullable(),
  capacityUseBp: z
    .number()
    .int()
    .nullable()
    .describe('caseload ÷ capacity, basis points; null without a capacity.'),
});
export const Flow = z.object({
  primeContractId: z.uuid(),
  totalReceived: z.number().int(),
  lines: z.array(FlowLine),
});
export class FlowDto extends createZodDto(Flow) {}
export const FlowsQuery = z.strictObject({
  primeContractId: z
    .uuid('must be a prime contract id (uuid)')
    .optional()
    .describe('Only this prime contract; without it, every prime contract in your slice.'),
});
export class FlowsQueryDto extends createZodDto(FlowsQuery) {}
export const FlowsResponse = z.object({
  flows: z
    .array(Flow)
    .describe('One flow per prime contract, in the order GET /supply-chain lists the contracts.'),
});
export class FlowsResponseDto extends createZodDto(FlowsResponse) {}

export const ContractAreaIdParams = z.strictObject({
  id: z.uuid('must be a contract area id (uuid)'),
});
export class ContractAreaIdParamsDto extends createZodDto(ContractAreaIdParams) {}

const NamedOrganisation = z.object({ id: z.uuid(), name: z.string() });
export const ContractArea = z.object({
  id: z.uuid(),
  name: z.string(),
  programme: z.object({ id: z.uuid(), name: z.string() }),
  referralPartners: z
    .array(NamedOrganisation)
    .describe('The offices that may refer into this area; empty means every referral partner may.'),
});
export const ContractAreasResponse = z.object({ contractAreas: z.array(ContractArea) });
export class ContractAreasResponseDto extends createZodDto(ContractAreasResponse) {}
export const ReferralPartnersResponse = z.object({ referralPartners: z.array(NamedOrganisation) });
export class ReferralPartnersResponseDto extends createZodDto(ReferralPartnersResponse) {}
export const SetAreaReferralPartnersBody = z.strictObject({
  referralPartnerIds: z
    .array(z.uuid('must be an organisation id (uuid)'))
    .max(500)
    .describe(
      'The referral partners that may refer into the area; an empty list opens it to every partner.',
    ),
});
export class SetAreaReferralPartnersBodyDto extends createZodDto(SetAreaReferralPartnersBody) {}
export const ContractAreaResponse = z.object({ contractArea: ContractArea });
export class ContractAreaResponseDto extends createZodDto(ContractAreaResponse) {}

export const DeclareAllocationPolicyBody = z.strictObject({
  policy: z.enum(ALLOCATION_POLICIES).describe('How automatic allocation chooses a subcontract.'),
});
export class DeclareAllocationPolicyBodyDto extends createZodDto(DeclareAllocationPolicyBody) {}
export const AllocationPolicyResponse = z.object({ allocationPolicy: z.enum(ALLOCATION_POLICIES) });
export class AllocationPolicyResponseDto extends createZodDto(AllocationPolicyResponse) {}
