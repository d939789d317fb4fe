import { createZodDto } from '../common/dto/create-zod-dto';
import { ListCursor, ListLimit } from '../common/dto/primitives';
import { z } from 'zod';
import { describeFileFormat, REFERRAL_FILE_MAX_BYTES } from './referral-file-format';

export const IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;

/** The form fields sent with the file (multipart/form-data). */
export const CreateReferralImportFields = z.strictObject({
  primeContractId: z.uuid('must be a UUID').describe('The prime contract the referrals are for.'),
  mode: z
    .enum(IMPORT_MODES)
    .default('all-or-nothing')
    .describe(
      'all-or-nothing (default): if any row is bad, nothing is written. valid-rows: the good rows are written and the bad ones reported.',
    ),
  referralPartnerId: z
    .uuid('must be a UUID')
    .optional()
    .describe(
      'Required when a commissioner uploads on behalf of a referral partner (jobcentre office); not sent by referral partners.',
    ),
});
export type CreateReferralImportFields = z.infer<typeof CreateReferralImportFields>;

/** OpenAPI body of the upload: the file part plus the fields above. */
export function uploadBodySchema() {
  const fields = z.toJSONSchema(CreateReferralImportFields, { io: 'input' }) as {
    properties: Record<string, unknown>;
  };
  return {
    type: 'object' as const,
    required: ['file', 'primeContractId'],
    properties: {
      file: { type: 'string', format: 'binary', description: describeFileFormat() },
      ...fields.properties,
    },
  };
}

export const ReferralImport = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  primeContractId: z.uuid(),
  referralPartnerId: z.uuid(),
  mode: z.enum(IMPORT_MODES),
  format: z
    .enum(['CSV', 'XLSX'])
    .nullable()
    .describe('Detected from the content once the job has read the file.'),
  status: z
    .enum(IMPORT_STATUSES)
    .describe('QUEUED → RUNNING → COMPLETED (see counts) or FAILED (see failureReason).'),
  fileName: z.string().nullable(),
  fileSha256: z
    .string()
    .describe(
      'Hex SHA-256 of the uploaded file; the same file is imported once per partner and prime contract.',
    ),
  fileSizeBytes: z.number().int(),
  progress: z
    .object({
      rowsDone: z.number().int().describe('Data rows read and staged so far.'),
      rowsTotal: z
        .number()
        .int()
        .nullable()
        .describe(
          'Data rows in the file: an estimate while a CSV is read, exact once read; null until known.',
        ),
    })
    .describe('How far the job has got.'),
  counts: z
    .object({
      total: z.number().int().describe('Data rows in the file.'),
      imported: z.number().int().describe('Referrals created.'),
      rejected: z.number().int().describe('Rows with at least one error (see errors.csv).'),
    })
    .nullable()
    .describe('Set when COMPLETED.'),
  failureReason: z
    .string()
    .nullable()
    .describe(
      'Why the file could not be imported at all, when FAILED (e.g. the columns missing from the header).',
    ),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ReferralImport = z.infer<typeof ReferralImport>;

export const ReferralImportResponse = z.object({
  referralImport: ReferralImport,
  duplicateOf: z
    .uuid()
    .optional()
    .describe(
      'Present (with status 200) when this exact file was already imported for this partner and prime contract: the existing import, which is not run again.',
    ),
});
export class ReferralImportResponseDto extends createZodDto(ReferralImportResponse) {}

export const ReferralImportList = z.object({
  referralImports: z.array(ReferralImport),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as ?cursor= for the next page; null on the last page.'),
});
export class ReferralImportListDto extends createZodDto(ReferralImportList) {}

export const ListReferralImportsQuery = z.strictObject({
  cursor: ListCursor.optional().describe('From the previous page’s nextCursor.'),
  limit: ListLimit,
});
export class ListReferralImportsQueryDto extends createZodDto(ListReferralImportsQuery) {}

export const ReferralImportParams = z.strictObject({ id: z.uuid('must be a UUID') });
export class ReferralImportParamsDto extends createZodDto(ReferralImportParams) {}

export const UPLOAD_LIMIT_DESCRIPTION = `Files over ${REFERRAL_FILE_MAX_BYTES / 1024 / 1024} MB answer 413.`;
