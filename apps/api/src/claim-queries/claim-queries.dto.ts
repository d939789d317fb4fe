import { createZodDto } from '../common/dto/create-zod-dto';
import { text } from '../common/dto/primitives';
import { z } from 'zod';

export const ClaimQueryMessage = z.object({
  id: z.uuid(),
  authorUserId: z.uuid(),
  authorOrganisationId: z.uuid(),
  body: z.string(),
  sentAt: z.string(),
});
export const ClaimQueryThread = z.object({
  id: z.uuid(),
  claimId: z.uuid(),
  subject: z.string().describe('The reason given when the claim was queried.'),
  raisedByUserId: z.uuid(),
  raisedByOrganisationId: z.uuid(),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  messages: z.array(ClaimQueryMessage),
});
export const ClaimQueryList = z.object({ queries: z.array(ClaimQueryThread) });
export class ClaimQueryListDto extends createZodDto(ClaimQueryList) {}
export const ClaimQueryResponse = z.object({ query: ClaimQueryThread });
export class ClaimQueryResponseDto extends createZodDto(ClaimQueryResponse) {}

export const PostMessageBody = z.strictObject({ body: text({ max: 5000 }) });
export class PostMessageBodyDto extends createZodDto(PostMessageBody) {}

export { IdParams, IdParamsDto } from '../common/dto/id-params';
