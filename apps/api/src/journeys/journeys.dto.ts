import { DefinitionCode } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line, ProgrammeDay, text } from '../common/dto/primitives';
import { z } from 'zod';

const DayDate = ProgrammeDay;
const Notes = text({ max: 4000, min: 0 }).optional();
const Pence = z.string().regex(/^\d{1,9}$/, 'must be whole pence as a string of digits');

export const ACTIVITY_KINDS = [
  'CONTACT',
  'APPOINTMENT',
  'TRAINING',
  'NOTE',
  'ACTION_PLAN',
  'WORK_PLACEMENT',
  'ACCREDITED_QUALIFICATION',
  'VOLUNTEERING',
  'JOB_START',
  'JOB_LEAVE',
  'SELF_EMPLOYMENT_START',
  'MILESTONE',
] as const;

/** Fields each kind must carry beyond kind and occurredOn. */
const REQUIRED: Partial<
  Record<
    (typeof ACTIVITY_KINDS)[number],
    readonly (
      | 'notes'
      | 'employer'
      | 'hoursPerWeek'
      | 'hourlyPayPence'
      | 'title'
      | 'business'
      | 'milestoneCode'
    )[]
  >
> = {
  NOTE: ['notes'],
  ACCREDITED_QUALIFICATION: ['title'],
  JOB_START: ['employer', 'hoursPerWeek', 'hourlyPayPence'],
  SELF_EMPLOYMENT_START: ['business'],
  MILESTONE: ['milestoneCode'],
};

export const LogActivityBody = z
  .strictObject({
    kind: z
      .enum(ACTIVITY_KINDS)
      .describe(
        'What happened; milestone kinds also record the journey fact claims are checked against.',
      ),
    occurredOn: DayDate.describe(
      'The day it happened: on or after the referral was received, not in the future, and at most the programme’s late-recording window (default 30 days) ago.',
    ),
    notes: Notes,
    employer: line({ max: 200 }).optional().describe('JOB_START (required), WORK_PLACEMENT.'),
    hoursPerWeek: z
      .number()
      .positive()
      .max(168)
      .optional()
      .describe('JOB_START (required), SELF_EMPLOYMENT_START.'),
    hourlyPayPence: Pence.optional().describe('JOB_START (required): pay per hour in pence.'),
    title: line({ max: 200 }).optional().describe('ACCREDITED_QUALIFICATION (required).'),
    awardingBody: line({ max: 200, min: 0 }).optional(),
    organisation: line({ max: 200, min: 0 }).optional().describe('VOLUNTEERING: where.'),
    business: line({ max: 200 }).optional().describe('SELF_EMPLOYMENT_START (required).'),
    milestoneCode: DefinitionCode.optional().describe(
      'MILESTONE (required): a milestone the participant’s payment model says a caseworker records.',
    ),
  })
  .superRefine((value, ctx) => {
    for (const field of REQUIRED[value.kind] ?? []) {
      if (value[field] === undefined || value[field] === '')
        ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${value.kind}` });
    }
  });
export class LogActivityBodyDto extends createZodDto(LogActivityBody) {}
export type LogActivity = z.infer<typeof LogActivityBody>;

export const TimelineEntry = z.object({
  on: z.string().describe('Day it happened (YYYY-MM-DD).'),
  kind: z
    .string()
    .describe(
      'STATUS_<status>, ACTIVITY_<kind>, MILESTONE_<code>, JOB_START, JOB_LEAVE, SELF_EMPLOYMENT_START, NEEDS_ASSESSMENT.',
    ),
  title: z
    .string()
    .describe(
      "What happened, in words: the dictionary's words for a status or activity, the programme definition's name for a milestone.",
    ),
  detail: z.string().nullable(),
  byUserId: z.uuid().nullable(),
  by: z
    .object({ displayName: z.string(), organisationName: z.string() })
    .nullable()
    .describe('Who recorded it; null for the system.'),
  recordedAt: z.string(),
  recordedOn: z
    .string()
    .nullable()
    .describe('The day it was recorded, where known (activities and milestones).'),
  isLate: z
    .boolean()
    .describe('Recorded after the day it happened, within the programme’s late-recording window.'),
});
export const Timeline = z.object({
  referralId: z.uuid(),
  participantReference: z.string(),
  entries: z.array(TimelineEntry),
});
export class TimelineDto extends createZodDto(Timeline) {}
export const ActivityLogged = z.object({
  activityId: z.uuid(),
  milestone: z.object({ code: DefinitionCode, occurrence: z.number().int() }).nullable(),
  isLate: z
    .boolean()
    .describe(
      'Recorded after the day it happened (allowed within the programme’s late-recording window).',
    ),
  daysLate: z.number().int().describe('Days between occurredOn and the day it was recorded.'),
});
export class ActivityLoggedDto extends createZodDto(ActivityLogged) {}

export const ForecastQuery = z.strictObject({
  horizonDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(1095)
    .default(365)
    .describe('How far ahead to project, in days.'),
});
export class ForecastQueryDto extends createZodDto(ForecastQuery) {}

export const Forecast = z.object({
  referralId: z.uuid(),
  paymentGroup: z.string(),
  today: z.string(),
  recordableMilestones: z
    .array(z.object({ code: DefinitionCode, name: z.string() }))
    .describe('Milestones a caseworker records for this participant (log them as kind MILESTONE).'),
  milestones: z
    .array(
      z.object({
        code: DefinitionCode,
        name: z.string(),
        occurrence: z.number().int(),
        status: z
          .string()
          .describe('CLAIMABLE, NOT_YET, BLOCKED, EXPIRED, EXHAUSTED or ALREADY_CLAIMED.'),
        reason: z.string(),
        milestoneDate: z.string().nullable(),
        dueDate: z.string().nullable(),
        claimDeadline: z.string().nullable(),
      }),
    )
    .describe('Per milestone: what can be claimed now and what is next (domain assessMilestones).'),
  forecast: z
    .array(
      z.object({
        code: DefinitionCode,
        name: z.string(),
        occurrence: z.number().int(),
        milestoneDate: z.string(),
        dueDate: z.string(),
        amountPence: z.string().regex(/^\d+$/),
        basis: z.enum(['CLAIMABLE_NOW', 'PROJECTED']),
      }),
    )
    .describe(
      'Expected claims, priced, if the participant stays in work (domain forecastMilestones).',
    ),
  claimableNowPence: z.string().regex(/^\d+$/),
  projectedPence: z.string().regex(/^\d+$/),
});
export class ForecastDto extends createZodDto(Forecast) {}
