import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';
import { queryInt4 } from '../common/dto/primitives';
import { NOTIFICATION_KINDS } from './notification-kinds';

const Page = {
  page: queryInt4({ min: 1, max: 100_000 }).default(1).describe('Page number, from 1.'),
  pageSize: queryInt4({ min: 1, max: 200 }).default(25),
};

export const InboxQuery = z.strictObject({
  unreadOnly: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Only notifications not yet read.'),
  ...Page,
});
export class InboxQueryDto extends createZodDto(InboxQuery) {}
export type InboxQuery = z.infer<typeof InboxQuery>;

export const Notification = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string().describe('One line in words, naming the record and the party who acted.'),
  body: z.string(),
  linkPath: z
    .string()
    .nullable()
    .describe('Where in the portal the record is (e.g. /claims/<id>).'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  isRead: z.boolean(),
});
export class InboxResponseDto extends createZodDto(
  z.object({
    notifications: z.array(Notification),
    total: z.number().int().describe('Notifications matching the filter, over all pages.'),
    unread: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  }),
) {}
export class UnreadCountResponseDto extends createZodDto(z.object({ unread: z.number().int() })) {}
export class MarkAllReadResponseDto extends createZodDto(
  z.object({ marked: z.number().int().describe('How many were unread.') }),
) {}

export const Preference = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  label: z.string(),
  description: z.string(),
  isInApp: z.boolean().describe('Shown in the inbox.'),
  isByEmail: z.boolean().describe('Sent by email.'),
});
export class PreferencesResponseDto extends createZodDto(
  z.object({ preferences: z.array(Preference) }),
) {}
export const SetPreferencesBody = z.strictObject({
  preferences: z
    .array(
      z.strictObject({
        kind: z.enum(NOTIFICATION_KINDS),
        isInApp: z.boolean(),
        isByEmail: z.boolean(),
      }),
    )
    .min(1)
    .max(NOTIFICATION_KINDS.length)
    .refine(
      (list) => new Set(list.map((p) => p.kind)).size === list.length,
      'must name each kind at most once',
    ),
});
export class SetPreferencesBodyDto extends createZodDto(SetPreferencesBody) {}
export type SetPreferencesBody = z.infer<typeof SetPreferencesBody>;

export const OUTBOX_STATES = ['QUEUED', 'SENT', 'FAILED', 'KEPT'] as const;
export const OutboxQuery = z.strictObject({ state: z.enum(OUTBOX_STATES).optional(), ...Page });
export class OutboxQueryDto extends createZodDto(OutboxQuery) {}
export type OutboxQuery = z.infer<typeof OutboxQuery>;
export const OutboxEmail = z.object({
  id: z.uuid(),
  toAddress: z.string(),
  recipientName: z.string(),
  recipientOrganisationName: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  kindLabel: z.string(),
  subject: z.string(),
  body: z.string(),
  state: z
    .enum(OUTBOX_STATES)
    .describe(
      'QUEUED waiting; SENT through SMTP; FAILED after repeated attempts; KEPT here because no mail server is configured.',
    ),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export class OutboxResponseDto extends createZodDto(
  z.object({
    emails: z.array(OutboxEmail),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    isSmtpConfigured: z.boolean(),
  }),
) {}
