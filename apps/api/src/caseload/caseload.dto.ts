import { REFERRAL_STATUSES } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line, ListCursor, ListLimit, ListPage, ProgrammeDay } from '../common/dto/primitives';
import { z } from 'zod';

const DayDate = ProgrammeDay;

export const CASELOAD_SORT_KEYS = [
  'receivedAt',
  'status',
  'paymentGroup',
  'subcontract',
  'lastContact',
  'lastActivity',
] as const;
export type CaseloadSortKey = (typeof CASELOAD_SORT_KEYS)[number];
const CASELOAD_SORTS = CASELOAD_SORT_KEYS.flatMap((key) => [key, `-${key}`] as const);

export const CaseloadQuery = z.strictObject({
  status: z.enum(REFERRAL_STATUSES).optional(),
  paymentGroup: line({ max: 40 })
    .optional()
    .describe('Payment group code from the latest needs assessment.'),
  subcontractId: z.uuid().optional(),
  lastActivityBefore: DayDate.optional().describe(
    'Last activity (any kind, incl. contacts) strictly before this day; referrals with none count as never.',
  ),
  lastActivityAfter: DayDate.optional().describe('Last activity on or after this day.'),
  inactiveDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('Days since last activity (or since received, with none) at least this.'),
  search: line({ max: 40 })
    .optional()
    .describe('Participant reference, prefix match (case-insensitive).'),
  sort: z
    .enum(CASELOAD_SORTS)
    .default('-receivedAt')
    .describe(
      'Server-side order, `-` for descending; ties broken by id. receivedAt; status (in lifecycle order); paymentGroup (not assessed first); ' +
        'subcontract (groups by subcontract id, unallocated first); lastContact (never contacted first); lastActivity (the day received when none, ' +
        'so ascending is most days since last activity first). A cursor only continues the sort it was issued for.',
    ),
  cursor: ListCursor.optional().describe('nextCursor from the previous page.'),
  page: ListPage.optional().describe(
    'Page number (from 1) for numbered paging in the chosen sort; not with cursor. Pages reach as far as the counted total (see total).',
  ),
  limit: ListLimit,
});
export class CaseloadQueryDto extends createZodDto(CaseloadQuery) {}
export type CaseloadFilters = z.infer<typeof CaseloadQuery>;

export const CaseloadItem = z.object({
  referralId: z.uuid(),
  participantReference: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  paymentGroup: z.string().nullable(),
  paymentGroupName: z
    .string()
    .nullable()
    .describe("The payment group's name in the programme definition."),
  primeContractId: z.uuid(),
  subcontractId: z.uuid().nullable(),
  receivedAt: z.string(),
  lastActivityOn: z.string().nullable(),
  lastContactOn: z.string().nullable().describe('Latest CONTACT activity.'),
  daysSinceLastActivity: z
    .number()
    .int()
    .describe('Since the last activity, or since the referral was received if none.'),
});
export const Caseload = z.object({
  referrals: z.array(CaseloadItem),
  nextCursor: z.string().nullable(),
  total: z
    .number()
    .int()
    .describe(
      'How many referrals the whole filter holds, across every page, counted exactly up to the cap (see isTotalCapped).',
    ),
  isTotalCapped: z
    .boolean()
    .describe(
      'The filter holds more than total (the count stops at the cap, 10,000 by default, so it stays fast): show "10,000+".',
    ),
  paymentGroups: z
    .array(z.object({ code: z.string(), name: z.string() }))
    .describe(
      'Payment groups of the programmes you can see, by their definition names: what the paymentGroup filter takes.',
    ),
});
export class CaseloadDto extends createZodDto(Caseload) {}
