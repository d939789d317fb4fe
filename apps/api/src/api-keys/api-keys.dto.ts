import { API_KEY_SCOPES, ROLES } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line } from '../common/dto/primitives';
import { z } from 'zod';

export const CreateApiKeyBody = z
  .strictObject({
    name: line({ max: 80 }).describe('What the key is for, e.g. "CRM nightly sync".'),
    roles: z
      .array(z.enum(ROLES))
      .min(1, 'needs at least one role')
      .describe('Roles the key acts with (ADMIN is not allowed for keys).'),
    scopes: z
      .array(z.enum(API_KEY_SCOPES))
      .min(1, 'needs at least one scope')
      .describe(
        'What the key may do: each scope opens the integration routes for one job (e.g. claims:read). Only scopes your organisation could use with the key’s roles are accepted.',
      ),
  })
  .refine((body) => !body.roles.includes('ADMIN'), {
    message: 'API keys cannot hold ADMIN',
    path: ['roles'],
  });
export class CreateApiKeyBodyDto extends createZodDto(CreateApiKeyBody) {}

export const ApiKeySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('First characters of the key, to recognise it.'),
  roles: z.array(z.enum(ROLES)),
  scopes: z.array(z.enum(API_KEY_SCOPES)).describe('What the key may do.'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeySummary) });
export class ApiKeyListDto extends createZodDto(ApiKeyList) {}

export const ApiKeyCreated = z.object({
  apiKey: ApiKeySummary,
  key: z
    .string()
    .describe(
      'The secret, shown only now. Send it as `Authorization: Bearer <key>` or `X-Api-Key`.',
    ),
});
export class ApiKeyCreatedDto extends createZodDto(ApiKeyCreated) {}
