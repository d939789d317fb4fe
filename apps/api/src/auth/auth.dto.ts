import { ORGANISATION_KINDS, ROLES } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';

export const SignInBody = z.strictObject({
  email: z.email('must be an email address').max(254).describe('The email you were invited with.'),
  password: z.string().min(1, 'is required').max(1024).describe('Your password.'),
});
export class SignInBodyDto extends createZodDto(SignInBody) {}

export const SignedInUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    organisation: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(ORGANISATION_KINDS) }),
  })
  .describe('The signed-in user and their organisation.');

export const SessionResponse = z
  .object({
    user: SignedInUser,
    accessToken: z
      .string()
      .describe('Bearer token for API clients (the portal uses the httpOnly cookie instead).'),
    accessTokenExpiresInSeconds: z.number().int(),
  })
  .describe('Also sets the httpOnly waymark_access and waymark_refresh cookies.');
export class SessionResponseDto extends createZodDto(SessionResponse) {}

export const MeResponse = z.object({ user: SignedInUser });
export class MeResponseDto extends createZodDto(MeResponse) {}

export const RefreshSessionBody = z
  .strictObject({
    refreshToken: z
      .string()
      .min(1)
      .optional()
      .describe('For API clients; the portal sends the waymark_refresh cookie.'),
  })
  .default({});
export class RefreshSessionBodyDto extends createZodDto(RefreshSessionBody) {}

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'is required'),
  newPassword: z.string().min(1, 'is required').max(1024),
});
export class ChangePasswordBodyDto extends createZodDto(ChangePasswordBody) {}
