import { ORGANISATION_KINDS, SECTOR_TYPES, TURNOVER_BANDS } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line } from '../common/dto/primitives';
import { z } from 'zod';
import { InvitationCreated } from '../users/users.dto';

export const OrganisationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  companyNumber: z.string().nullable(),
  charityNumber: z.string().nullable(),
  turnoverBand: z.enum(TURNOVER_BANDS).nullable(),
  sectorType: z.enum(SECTOR_TYPES).nullable(),
  specialisms: z.array(z.string()),
  createdAt: z.string(),
});
export const OrganisationResponse = z.object({ organisation: OrganisationSummary });
export class OrganisationResponseDto extends createZodDto(OrganisationResponse) {}
export const OrganisationList = z.object({ organisations: z.array(OrganisationSummary) });
export class OrganisationListDto extends createZodDto(OrganisationList) {}

export const OnboardOrganisationBody = z.strictObject({
  name: line({ min: 2, max: 200 }),
  kind: z.enum(['COMMISSIONER', 'PRIME', 'SUBCONTRACTOR', 'REFERRAL_PARTNER']),
  companyNumber: z
    .string()
    .regex(/^[A-Z0-9]{8}$/, 'must be an 8-character Companies House number')
    .optional(),
  charityNumber: z
    .string()
    .regex(/^\d{6,8}(-\d{1,2})?$/, 'must be a Charity Commission number')
    .optional(),
  turnoverBand: z.enum(TURNOVER_BANDS).optional(),
  sectorType: z.enum(SECTOR_TYPES).optional(),
  specialisms: z
    .array(line({ max: 60 }))
    .max(20)
    .default([]),
  firstAdmin: z.strictObject({
    email: z.email('must be an email address'),
    displayName: line({ max: 120 }),
  }),
});
export class OnboardOrganisationBodyDto extends createZodDto(OnboardOrganisationBody) {}

/** A prime brings a subcontractor that is not on Waymark yet: the organisation and its first admin's invitation. */
export const InviteSubcontractorBody = OnboardOrganisationBody.omit({ kind: true });
export class InviteSubcontractorBodyDto extends createZodDto(InviteSubcontractorBody) {}

export const OrganisationOnboarded = z.object({
  organisation: OrganisationSummary,
  firstAdminInvitation: InvitationCreated,
});
export class OrganisationOnboardedDto extends createZodDto(OrganisationOnboarded) {}
