import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line, ProgrammeDay, queryInt4 } from '../common/dto/primitives';

const Filters = {
  actorUserId: z.uuid().optional().describe('Only what this person did.'),
  organisationId: z
    .uuid()
    .optional()
    .describe('Only what people of this organisation did (within what you may see).'),
  action: line({ max: 100 })
    .optional()
    .describe('One action, e.g. claim.approved (GET /audit/actions lists them in words).'),
  entityType: line({ max: 100 }).optional().describe('One record type, e.g. claim.'),
  entityId: line({ max: 100 }).optional().describe('One record (with entityType).'),
  from: ProgrammeDay.optional().describe('Events on or after this day (UTC).'),
  to: ProgrammeDay.optional().describe('Events on or before this day (UTC).'),
};

export const AuditEventQuery = z
  .strictObject({
    ...Filters,
    page: queryInt4({ min: 1, max: 100_000 }).default(1).describe('Page number, from 1.'),
    pageSize: queryInt4({ min: 1, max: 200 }).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'must be on or after from',
  });
export class AuditEventQueryDto extends createZodDto(AuditEventQuery) {}
export type AuditEventQuery = z.infer<typeof AuditEventQuery>;

export const AuditExportQuery = z
  .strictObject(Filters)
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'must be on or after from',
  });
export class AuditExportQueryDto extends createZodDto(AuditExportQuery) {}
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

export const RECORD_TRAIL_TYPES = ['claim', 'referral'] as const;
export const RecordTrailParams = z.strictObject({
  entityType: z.enum(RECORD_TRAIL_TYPES).describe('The kind of record whose trail to read.'),
  entityId: z.uuid('must be a UUID'),
});
export class RecordTrailParamsDto extends createZodDto(RecordTrailParams) {}
export const RecordTrailQuery = z.strictObject({
  page: queryInt4({ min: 1, max: 100_000 }).default(1),
  pageSize: queryInt4({ min: 1, max: 200 }).default(50),
});
export class RecordTrailQueryDto extends createZodDto(RecordTrailQuery) {}

export const AuditEvent = z.object({
  seq: z.string().describe('Position in the hash chain.'),
  occurredAt: z.string(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable().describe('Display name; null for the system (a scheduled job).'),
  actorOrganisationId: z.uuid().nullable(),
  actorOrganisationName: z.string().nullable(),
  action: z.string().describe('The stored code, e.g. claim.approved.'),
  description: z.string().describe('The action in words.'),
  entityType: z.string(),
  recordType: z.string().describe('The record type in words.'),
  entityId: z.string(),
  record: z
    .string()
    .nullable()
    .describe('The record in words ("Job start claim for participant P-1"), where you may see it.'),
  programmeName: z.string().nullable(),
  reason: z.string().nullable().describe('The reason or note given, if any.'),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
export class AuditEventPageDto extends createZodDto(
  z.object({
    events: z.array(AuditEvent),
    total: z.number().int().describe('Events matching the filter, over all pages.'),
    page: z.number().int(),
    pageSize: z.number().int(),
    scope: z.string().describe('Which events you may see, in words.'),
  }),
) {}

export class AuditVocabularyDto extends createZodDto(
  z.object({
    actions: z.array(z.object({ action: z.string(), description: z.string() })),
    recordTypes: z.array(z.object({ entityType: z.string(), description: z.string() })),
    actors: z
      .array(z.object({ userId: z.uuid(), name: z.string(), organisationName: z.string() }))
      .describe('People whose actions you may see, for the actor filter.'),
  }),
) {}
