import { ROLES } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line, text } from '../common/dto/primitives';
import { z } from 'zod';

const Roles = z
  .array(z.enum(ROLES))
  .min(1, 'needs at least one role')
  .describe('ADMIN, CASEWORKER, FINANCE, AUDITOR.');

export const UserSummary = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  isActive: z.boolean(),
  lastSignedInAt: z.string().nullable().describe('ISO instant.'),
  createdAt: z.string(),
});
export const UserList = z.object({ users: z.array(UserSummary) });
export class UserListDto extends createZodDto(UserList) {}
// Responses wrap records in an object: top-level nullable fields are mis-rendered by @nestjs/swagger.
export const UserResponse = z.object({ user: UserSummary });
export class UserResponseDto extends createZodDto(UserResponse) {}

export const InviteUserBody = z.strictObject({
  email: z.email('must be an email address').max(254),
  displayName: line({ max: 120 }),
  roles: Roles,
});
export class InviteUserBodyDto extends createZodDto(InviteUserBody) {}

export const InvitationCreated = z.object({
  id: z.uuid(),
  email: z.string(),
  expiresAt: z.string(),
  acceptUrl: z
    .string()
    .describe('One-time link, shown only now. Send it to the invitee; it expires in 7 days.'),
});
export class InvitationCreatedDto extends createZodDto(InvitationCreated) {}

export const PendingInvitation = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export const PendingInvitationList = z.object({ invitations: z.array(PendingInvitation) });
export class PendingInvitationListDto extends createZodDto(PendingInvitationList) {}

export const AcceptInvitationBody = z.strictObject({
  token: line({ max: 512 }),
  password: z.string().min(1, 'is required').max(1024),
});
export class AcceptInvitationBodyDto extends createZodDto(AcceptInvitationBody) {}

export const UpdateUserBody = z
  .strictObject({
    roles: Roles.optional(),
    isActive: z
      .boolean()
      .optional()
      .describe('false deactivates the user and ends their sessions at once.'),
    reason: text({ max: 500 }).describe('Why: recorded in the audit trail.'),
  })
  .refine((body) => body.roles !== undefined || body.isActive !== undefined, {
    message: 'change roles or isActive',
    path: ['roles'],
  });
export class UpdateUserBodyDto extends createZodDto(UpdateUserBody) {}

export { IdParams, IdParamsDto } from '../common/dto/id-params';
