import { createZodDto } from '../common/dto/create-zod-dto';
import { ListCursor, ListLimit, text } from '../common/dto/primitives';
import { z } from 'zod';

export const ALERT_KINDS = [
  'FLOW_DOWN_REFERRALS',
  'FLOW_DOWN_SPEND',
  'PARKING',
  'LATE_PAYMENT',
] as const;
export const ALERT_STATUSES = ['RAISED', 'ACKNOWLEDGED'] as const;

export const AlertListQuery = z.strictObject({
  programmeId: z.uuid().optional().describe('One programme (404 if it is not in your slice).'),
  primeContractId: z.uuid().optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  cursor: ListCursor.optional().describe('nextCursor from the previous page.'),
  limit: ListLimit,
});
export class AlertListQueryDto extends createZodDto(AlertListQuery) {}
export type AlertListFilter = z.infer<typeof AlertListQuery>;

export const Alert = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  primeContractReference: z.string(),
  subcontractId: z.uuid().nullable(),
  subcontractorName: z.string().nullable(),
  kind: z.enum(ALERT_KINDS),
  status: z.enum(ALERT_STATUSES),
  measuredBp: z.number().int().describe('The measured ratio or share, basis points.'),
  thresholdBp: z.number().int().describe('The threshold it crossed, basis points.'),
  detail: z.string(),
  data: z.record(z.string(), z.unknown()),
  raisedAt: z.string(),
  lastSeenAt: z.string().describe('Last scan that still found the problem.'),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByUserId: z.uuid().nullable(),
  acknowledgementNote: z.string().nullable(),
});
export class AlertListResponseDto extends createZodDto(
  z.object({ alerts: z.array(Alert), nextCursor: z.string().nullable() }),
) {}
export class AlertResponseDto extends createZodDto(z.object({ alert: Alert })) {}

export const AlertIdParams = z.strictObject({ id: z.uuid('must be an alert id (uuid)') });
export class AlertIdParamsDto extends createZodDto(AlertIdParams) {}
export const AcknowledgeAlertBody = z.strictObject({
  note: text({ max: 2000 }).describe('What was done or why it is accepted.'),
});
export class AcknowledgeAlertBodyDto extends createZodDto(AcknowledgeAlertBody) {}

export const ProgrammeIdParams = z.strictObject({
  programmeId: z.uuid('must be a programme id (uuid)'),
});
export class ProgrammeIdParamsDto extends createZodDto(ProgrammeIdParams) {}
const Bp = z.number().int().min(0).max(10_000);
export const Thresholds = z.object({
  programmeId: z.uuid(),
  flowDownMinBp: Bp.describe(
    'Flag a subcontractor whose actual ÷ bid share (referrals or spend) is below this.',
  ),
  parkingInactiveDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .describe('Open referrals with no activity for this many days count as parked.'),
  parkingMaxShareBp: Bp.describe(
    'Flag a provider whose parked share of its open caseload is above this.',
  ),
  latePaymentMaxShareBp: Bp.describe(
    'Flag a subcontract whose share of payments made after the SLA is above this.',
  ),
  isDefault: z.boolean().describe('True until the commissioner sets them.'),
  setAt: z.string().nullable(),
});
export class ThresholdsResponseDto extends createZodDto(z.object({ thresholds: Thresholds })) {}
export const SetThresholdsBody = Thresholds.omit({
  programmeId: true,
  isDefault: true,
  setAt: true,
}).strict();
export class SetThresholdsBodyDto extends createZodDto(SetThresholdsBody) {}

export const ScanBody = z.strictObject({
  programmeId: z
    .uuid()
    .optional()
    .describe('Scan one programme (a commissioner: one of its own; omitted: all of them).'),
  refresh: z
    .boolean()
    .default(true)
    .describe('Refresh the analytics summary tables first (incrementally).'),
});
export class ScanBodyDto extends createZodDto(ScanBody) {}
export const ScanReport = z.object({
  programmes: z.number().int(),
  raised: z.number().int().describe('New alerts.'),
  stillOpen: z.number().int().describe('Open alerts found again (last_seen_at moved on).'),
  refreshMs: z.number().int().nullable(),
  scanMs: z.number().int(),
});
export class ScanResponseDto extends createZodDto(z.object({ scan: ScanReport })) {}
