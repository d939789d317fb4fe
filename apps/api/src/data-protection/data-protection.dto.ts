// Shapes of the data protection routes: retention policy and runs, subject
// access exports, data subject requests, records of processing.
import { createZodDto } from '../common/dto/create-zod-dto';
import { DateOfBirth, line, ListCursor, ListLimit, text } from '../common/dto/primitives';
import { z } from 'zod';
import { DayDate } from '../ledger/money-schemas';

export { IdParams, IdParamsDto } from '../common/dto/id-params';

// ───────── retention ─────────

export const SetRetentionPolicyBody = z.strictObject({
  personalDataYearsAfterExit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .describe(
      'Years after the participant’s exit (or last activity, if never exited) before personal fields are pseudonymised.',
    ),
  evidenceYearsAfterContractEnd: z
    .number()
    .int()
    .min(1)
    .max(50)
    .describe(
      'Years after the prime contract ends before evidence files are deleted (ESF: to 31 December 2034).',
    ),
  notes: text({ max: 2000, min: 0 })
    .optional()
    .describe('The controller’s rationale, e.g. the funding rule that sets the period.'),
});
export class SetRetentionPolicyBodyDto extends createZodDto(SetRetentionPolicyBody) {}

export const RetentionPolicy = z.object({
  programmeId: z.uuid(),
  isSet: z
    .boolean()
    .describe(
      'False until the commissioner sets a policy; the nightly job then leaves the programme alone.',
    ),
  personalDataYearsAfterExit: z.number().int().nullable(),
  evidenceYearsAfterContractEnd: z.number().int().nullable(),
  notes: z.string().nullable(),
  setByUserId: z.uuid().nullable(),
  setAt: z.string().nullable(),
});
export const RetentionPolicyResponse = z.object({ retentionPolicy: RetentionPolicy });
export class RetentionPolicyResponseDto extends createZodDto(RetentionPolicyResponse) {}

export const RunRetentionBody = z.strictObject({
  dryRun: z.boolean().describe('True: report what would change and change nothing.'),
  asOf: DayDate.optional().describe(
    'Dry runs only: evaluate the policy as of this day (default today), e.g. to preview next year.',
  ),
});
export class RunRetentionBodyDto extends createZodDto(RunRetentionBody) {}

const DueParticipant = z.object({
  participantId: z.uuid(),
  participantReference: z.string(),
  clockStartsOn: z.string().describe('Exit date, or last activity if later or never exited.'),
  dueOn: z.string(),
});
const DueEvidence = z.object({
  evidenceId: z.uuid(),
  claimId: z.uuid(),
  sha256: z.string(),
  contractEndsOn: z.string(),
  dueOn: z.string(),
});
export const RetentionRun = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  trigger: z.enum(['SCHEDULE', 'MANUAL']),
  isDryRun: z.boolean(),
  asOf: z.string(),
  personalDataYears: z.number().int(),
  evidenceYears: z.number().int(),
  participantsPseudonymised: z.number().int().describe('On a dry run: how many would be.'),
  evidenceFilesPurged: z.number().int().describe('On a dry run: how many would be.'),
  triggeredByUserId: z.uuid().nullable().describe('Null: the nightly job.'),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export const RetentionRunReport = z.object({
  run: RetentionRun,
  participants: z.array(DueParticipant).describe('Pseudonymised (or, on a dry run, due).'),
  evidence: z.array(DueEvidence).describe('Files deleted (or, on a dry run, due).'),
});
export const RetentionRunResponse = z.object({ retentionRun: RetentionRunReport });
export class RetentionRunResponseDto extends createZodDto(RetentionRunResponse) {}
export const RetentionRunList = z.object({ retentionRuns: z.array(RetentionRun) });
export class RetentionRunListDto extends createZodDto(RetentionRunList) {}

// ───────── subject access ─────────

const Row = z.record(z.string(), z.unknown());
export const SubjectAccessExport = z.object({
  generatedAt: z.string(),
  generatedBy: z.string().nullable().describe('Who made the export: name (organisation).'),
  participant: z.object({
    id: z.uuid(),
    reference: z.string(),
    programmeId: z.uuid(),
    primeContractId: z.uuid(),
    niNumber: z
      .string()
      .nullable()
      .describe(
        'In clear for the data subject; null once pseudonymised (nothing decryptable is kept).',
      ),
    benefitType: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    createdAt: z.string(),
    pseudonymisedAt: z.string().nullable(),
  }),
  specialCategory: Row.nullable().describe(
    'Health, disability, offending as recorded; null if none or deleted. People are named with their organisation throughout the export (recordedBy, by, actor…), never given as ids.',
  ),
  needsAssessments: z.array(Row),
  referrals: z.array(Row),
  referralTransitions: z.array(Row),
  activities: z.array(Row),
  journeyEvents: z.array(Row),
  jobSpells: z.array(Row),
  claims: z.array(Row),
  claimTransitions: z.array(Row),
  claimQueries: z
    .array(Row)
    .describe(
      'Queries raised about the participant’s claims, each with its messages (author, text, when).',
    ),
  evidence: z
    .array(Row)
    .describe(
      'Metadata only (filename, type, size, SHA-256, purged or not); files are downloaded separately.',
    ),
  dataMatchRows: z
    .array(Row)
    .describe(
      'Earnings records (data matches) linked to the participant: period, earnings, hours, the file they came from.',
    ),
  dataSubjectRequests: z.array(Row),
  auditEvents: z
    .array(Row)
    .describe(
      'Events about the participant, its referrals, claims, evidence and requests; who acted is named with their organisation.',
    ),
});
export const SubjectAccessExportResponse = z.object({ subjectAccessExport: SubjectAccessExport });
export class SubjectAccessExportResponseDto extends createZodDto(SubjectAccessExportResponse) {}
export type SubjectAccessExportData = z.infer<typeof SubjectAccessExport>;

// ───────── data subject requests ─────────

export const Rectification = z
  .strictObject({
    dateOfBirth: DateOfBirth.optional(),
    benefitType: line({ max: 100 }).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, {
    message: 'name at least one field to correct',
  })
  .describe(
    'Corrected values; only these fields can be rectified here (needs assessments are reassessed, not rewritten).',
  );

export const CreateDataSubjectRequestBody = z
  .strictObject({
    kind: z.enum(['ERASURE', 'RECTIFICATION']),
    receivedOn: DayDate.describe(
      'When the participant made the request (the one-month clock starts here).',
    ),
    description: text({ max: 4000 }).describe('What the participant asked for.'),
    lawfulBasisNotes: text({ max: 4000, min: 0 })
      .optional()
      .describe(
        'Why it may or may not be honoured, e.g. evidence kept for ESF audit (Art. 17(3)(b)).',
      ),
    rectification: Rectification.optional(),
  })
  .refine((body) => (body.kind === 'RECTIFICATION') === (body.rectification !== undefined), {
    message: 'is required for RECTIFICATION and not allowed for ERASURE',
    path: ['rectification'],
  });
export class CreateDataSubjectRequestBodyDto extends createZodDto(CreateDataSubjectRequestBody) {}

export const DecideDataSubjectRequestBody = z.strictObject({
  reason: text({ max: 4000 }).describe('Why the controller approves or refuses.'),
});
export class DecideDataSubjectRequestBodyDto extends createZodDto(DecideDataSubjectRequestBody) {}

const REQUEST_STATUSES = ['REQUESTED', 'APPROVED', 'REFUSED', 'EXECUTED'] as const;
export const DataSubjectRequestTransition = z.object({
  fromStatus: z.enum(REQUEST_STATUSES).nullable(),
  toStatus: z.enum(REQUEST_STATUSES),
  byUserId: z.uuid(),
  at: z.string(),
  reason: z.string().nullable(),
});
export const DataSubjectRequest = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  participantId: z.uuid(),
  participantReference: z.string(),
  kind: z.enum(['ERASURE', 'RECTIFICATION']),
  status: z.enum(REQUEST_STATUSES),
  receivedOn: z.string(),
  description: z.string(),
  lawfulBasisNotes: z.string().nullable(),
  rectification: z
    .object({ dateOfBirth: z.string().optional(), benefitType: z.string().optional() })
    .nullable(),
  requestedByUserId: z.uuid(),
  requestedByOrganisationId: z.uuid(),
  requestedAt: z.string(),
  decidedByUserId: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  executedByUserId: z.uuid().nullable(),
  executedAt: z.string().nullable(),
  version: z.number().int(),
  transitions: z.array(DataSubjectRequestTransition),
});
export type DataSubjectRequestView = z.infer<typeof DataSubjectRequest>;
export const DataSubjectRequestResponse = z.object({ dataSubjectRequest: DataSubjectRequest });
export class DataSubjectRequestResponseDto extends createZodDto(DataSubjectRequestResponse) {}

export const ListDataSubjectRequestsQuery = z.strictObject({
  programmeId: z.uuid().optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  cursor: ListCursor.optional(),
  limit: ListLimit,
});
export class ListDataSubjectRequestsQueryDto extends createZodDto(ListDataSubjectRequestsQuery) {}
export const DataSubjectRequestList = z.object({
  dataSubjectRequests: z.array(DataSubjectRequest.omit({ transitions: true })),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.'),
});
export class DataSubjectRequestListDto extends createZodDto(DataSubjectRequestList) {}

// ───────── records of processing ─────────

export const ProcessingRecord = z.object({
  organisationId: z.uuid(),
  organisationName: z.string(),
  organisationKind: z.enum(['COMMISSIONER', 'PRIME', 'SUBCONTRACTOR', 'REFERRAL_PARTNER']),
  role: z
    .enum(['CONTROLLER', 'PROCESSOR', 'SUB_PROCESSOR', 'SOURCE'])
    .describe('UK GDPR role for this programme.'),
  relationship: z
    .string()
    .describe(
      'How the party is in the programme (e.g. the prime contract or subcontract it holds).',
    ),
  categories: z.array(z.string()).describe('Categories of personal data it processes.'),
  specialCategories: z.array(z.string()).describe('Special category data (Art. 9) it may process.'),
  purposes: z.array(z.string()),
});
export const RecordsOfProcessing = z.object({
  programmeId: z.uuid(),
  programmeName: z.string(),
  retentionPolicy: RetentionPolicy,
  records: z.array(ProcessingRecord),
});
export const RecordsOfProcessingResponse = z.object({ recordsOfProcessing: RecordsOfProcessing });
export class RecordsOfProcessingResponseDto extends createZodDto(RecordsOfProcessingResponse) {}

export const SpecialCategoryReadsQuery = z
  .strictObject({
    from: DayDate.optional().describe('First day, inclusive.'),
    to: DayDate.optional().describe('Last day, inclusive.'),
    cursor: ListCursor.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((q) => !q.from || !q.to || q.to >= q.from, {
    message: 'must not be before from',
    path: ['to'],
  });
export class SpecialCategoryReadsQueryDto extends createZodDto(SpecialCategoryReadsQuery) {}
export const SpecialCategoryRead = z.object({
  seq: z.string().describe('Audit event sequence number.'),
  occurredAt: z.string(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorOrganisationId: z.uuid().nullable(),
  actorOrganisationName: z.string().nullable(),
  participantId: z.string(),
  participantReference: z.string().nullable(),
  referralId: z.string().nullable(),
  purpose: z.string().nullable().describe('Set when the read was part of a subject access export.'),
  fields: z.array(z.string()).describe('Which fields were read (never their values).'),
});
export const SpecialCategoryReadList = z.object({
  reads: z.array(SpecialCategoryRead),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.'),
});
export class SpecialCategoryReadListDto extends createZodDto(SpecialCategoryReadList) {}
export type SpecialCategoryReadView = z.infer<typeof SpecialCategoryRead>;
