// Bulk referral intake: receive a file (streamed to storage with its SHA-256),
// refuse to import the same file twice, record the import and queue the job;
// then let the caller follow it and download its errors.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Multipart } from '@fastify/multipart';
import { stringify } from 'csv-stringify';
import { DatabaseError, type Pool, type PoolClient } from 'pg';
import { Readable } from 'node:stream';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { ReferralsError } from '../referrals/referrals.errors';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { CursorPart, decodeCursor, encodeCursor } from '../common/paging/cursor';
import { fieldErrorsFrom } from '../common/errors/problem.filter';
import { JobsService } from '../common/jobs/jobs.service';
import { withoutControlCharacters } from '../common/dto/primitives';
import {
  FILE_STORAGE,
  type FileStorage,
  FileTooLargeError,
  type StoredFile,
} from '../common/storage/file-storage';
import { neutraliseFormula } from '../common/csv/neutralise-formula';
import { REFERRAL_FILE_MAX_BYTES, templateCsv } from './referral-file-format';
import {
  REFERRAL_IMPORT_QUEUE,
  ReferralImportJob,
  type ReferralImportJobData,
} from './referral-import.job';
import {
  CreateReferralImportFields,
  type ImportMode,
  type ReferralImport,
} from './referral-imports.dto';
import { ReferralImportError } from './referral-imports.errors';
import { TruncatedUploadError, watchFilePart } from './upload-file-part';
import {
  type ImportModeRow,
  type ReferralImportRow,
  ReferralImportsRepository,
} from './referral-imports.repository';

const STORAGE_PREFIX = 'referral-imports';
const ERRORS_PAGE = 5000;

const MODE_TO_ROW: Record<ImportMode, ImportModeRow> = {
  'all-or-nothing': 'ALL_OR_NOTHING',
  'valid-rows': 'VALID_ROWS',
};
const MODE_FROM_ROW: Record<ImportModeRow, ImportMode> = {
  ALL_OR_NOTHING: 'all-or-nothing',
  VALID_ROWS: 'valid-rows',
};

export function toReferralImport(row: ReferralImportRow): ReferralImport {
  return {
    id: row.id,
    programmeId: row.programmeId,
    primeContractId: row.primeContractId,
    referralPartnerId: row.referralPartnerId,
    mode: MODE_FROM_ROW[row.mode],
    format: row.format,
    status: row.status,
    fileName: row.fileName,
    fileSha256: row.fileSha256.toString('hex'),
    fileSizeBytes: Number(row.fileSizeBytes),
    progress: { rowsDone: row.rowsDone, rowsTotal: row.rowsTotal },
    counts:
      row.status === 'COMPLETED'
        ? {
            total: row.rowsTotal ?? 0,
            imported: row.importedCount ?? 0,
            rejected: row.rejectedCount ?? 0,
          }
        : null,
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export interface UploadOutcome {
  referralImport: ReferralImport;
  duplicateOf?: string;
}

@Injectable()
export class ReferralImportsService implements OnModuleInit {
  constructor(
    private readonly imports: ReferralImportsRepository,
    private readonly job: ReferralImportJob,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.jobs.register<ReferralImportJobData>(
      REFERRAL_IMPORT_QUEUE,
      async (data) => {
        await this.job.run(data.importId);
      },
      {
        policy: 'short',
        // A crashed worker's import is retried after this; 100k rows take under a minute.
        expireInSeconds: 10 * 60,
      },
    );
  }

  /** Streams the multipart upload (file + fields, in any order) to storage, then records and queues the import. */
  async upload(
    principal: Principal,
    parts: AsyncIterableIterator<Multipart>,
  ): Promise<UploadOutcome> {
    const fields: Record<string, string> = {};
    let stored: (StoredFile & { fileName: string }) | undefined;
    try {
      for await (const part of parts) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== 'file' || stored) {
          part.file.resume();
          throw new AppError(
            CommonError.VALIDATION_FAILED,
            'Send exactly one file, in the part named "file".',
            [{ field: `body.${part.fieldname}`, message: 'is not a file part this route accepts' }],
          );
        }
        const content = watchFilePart(part.file);
        stored = {
          ...(await this.storage.put(content, {
            prefix: STORAGE_PREFIX,
            maxBytes: REFERRAL_FILE_MAX_BYTES,
          })),
          fileName: withoutControlCharacters(part.filename),
        };
      }
      if (!stored)
        throw new AppError(
          ReferralImportError.IMPORT_FILE_REQUIRED,
          'Attach the referral file as the multipart part named "file".',
          [{ field: 'body.file', message: 'is required' }],
        );
      if (stored.sizeBytes === 0)
        throw new AppError(
          ReferralImportError.IMPORT_FILE_EMPTY,
          'The uploaded file has no content.',
          [{ field: 'body.file', message: 'is empty' }],
        );
      const parsed = CreateReferralImportFields.safeParse(fields);
      if (!parsed.success) {
        const errors = fieldErrorsFrom(parsed.error, 'body');
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          `${errors[0]!.field}: ${errors[0]!.message}`,
          errors,
        );
      }
      const outcome = await this.createImport(principal, parsed.data, stored);
      if (outcome.duplicateOf) await this.storage.delete(stored.key);
      return outcome;
    } catch (error) {
      if (stored) await this.storage.delete(stored.key);
      if (
        error instanceof FileTooLargeError ||
        (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
      ) {
        throw new AppError(
          CommonError.PAYLOAD_TOO_LARGE,
          `The file is larger than ${REFERRAL_FILE_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
        );
      }
      if (error instanceof TruncatedUploadError)
        throw new AppError(CommonError.MALFORMED_REQUEST, error.message, [
          { field: 'body', message: 'ends before the file part does' },
        ]);
      throw error;
    }
  }

  private async createImport(
    principal: Principal,
    fields: CreateReferralImportFields,
    stored: StoredFile & { fileName: string },
  ): Promise<UploadOutcome> {
    const { referralPartnerId, programmeId } = await this.resolveTarget(principal, fields);
    const sha256 = Buffer.from(stored.sha256, 'hex');
    const file = { referralPartnerId, primeContractId: fields.primeContractId, sha256 };
    const created = await withPartyScope(this.pool, principal, async (client) => {
      const existing = await this.imports.findLiveImportOfFile(client, file);
      if (existing) return { referralImport: existing, isDuplicate: true };
      const referralImport = await this.imports.insertImport(client, {
        programmeId,
        primeContractId: fields.primeContractId,
        referralPartnerId,
        uploadedByOrganisationId: principal.organisationId,
        uploadedByUserId: principal.userId,
        mode: MODE_TO_ROW[fields.mode],
        fileName: stored.fileName.slice(0, 255) || null,
        fileStorageKey: stored.key,
        fileSha256: sha256,
        fileSizeBytes: stored.sizeBytes,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'referral-import.upload',
        entityType: 'referral_import',
        entityId: referralImport.id,
        programmeId,
        data: {
          primeContractId: fields.primeContractId,
          referralPartnerId,
          mode: fields.mode,
          sha256: stored.sha256,
          sizeBytes: stored.sizeBytes,
        },
      });
      return { referralImport, isDuplicate: false };
    }).catch(async (error: unknown) => {
      // Two uploads of one file at once: the partial unique index lets one in; the other answers with it.
      if (
        error instanceof DatabaseError &&
        error.constraint === 'referral_import_one_live_per_file'
      ) {
        const winner = await withPartyScope(this.pool, principal, (client) =>
          this.imports.findLiveImportOfFile(client, file),
        );
        if (winner) return { referralImport: winner, isDuplicate: true };
      }
      throw error;
    });
    if (created.isDuplicate)
      return {
        referralImport: toReferralImport(created.referralImport),
        duplicateOf: created.referralImport.id,
      };
    await this.jobs.send<ReferralImportJobData>(
      REFERRAL_IMPORT_QUEUE,
      { importId: created.referralImport.id },
      { singletonKey: created.referralImport.id },
    );
    return { referralImport: toReferralImport(created.referralImport) };
  }

  /** Whose referrals these are, and the programme; a prime contract the caller may not refer to does not exist for them. */
  private async resolveTarget(
    principal: Principal,
    fields: CreateReferralImportFields,
  ): Promise<{ referralPartnerId: string; programmeId: string }> {
    const contract = await this.imports.findPrimeContract(fields.primeContractId);
    const isCommissioner = principal.organisationKind === 'COMMISSIONER';
    if (!contract || (isCommissioner && contract.commissionerId !== principal.organisationId)) {
      throw new AppError(
        CommonError.NOT_FOUND,
        'No prime contract with that id that you can refer to.',
        [{ field: 'body.primeContractId', message: 'not found' }],
      );
    }
    if (!isCommissioner) {
      if (fields.referralPartnerId && fields.referralPartnerId !== principal.organisationId) {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'Only a commissioner uploads on behalf of another referral partner.',
          [
            {
              field: 'body.referralPartnerId',
              message: 'must be omitted (or be your own organisation)',
            },
          ],
        );
      }
      await this.ensureOpenToPartner(fields.primeContractId, principal.organisationId);
      return { referralPartnerId: principal.organisationId, programmeId: contract.programmeId };
    }
    if (!fields.referralPartnerId) {
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        'body.referralPartnerId: is required when a commissioner uploads',
        [{ field: 'body.referralPartnerId', message: 'is required when a commissioner uploads' }],
      );
    }
    if (!(await this.imports.isReferralPartner(fields.referralPartnerId))) {
      throw new AppError(CommonError.NOT_FOUND, 'No referral partner with that id.', [
        { field: 'body.referralPartnerId', message: 'not found' },
      ]);
    }
    await this.ensureOpenToPartner(fields.primeContractId, fields.referralPartnerId);
    return { referralPartnerId: fields.referralPartnerId, programmeId: contract.programmeId };
  }

  /** A file is refused, like a single referral, when the contract's area does not take referrals from the partner. */
  private async ensureOpenToPartner(
    primeContractId: string,
    referralPartnerId: string,
  ): Promise<void> {
    const { isOpen, name } = await this.imports.contractOpenToPartner(
      primeContractId,
      referralPartnerId,
    );
    if (!isOpen) {
      throw new AppError(
        ReferralsError.CONTRACT_NOT_OPEN_TO_PARTNER,
        `${name} takes referrals only from the offices the commissioner has listed for its area.`,
        [
          {
            field: 'body.primeContractId',
            message: `${name} does not take referrals from this office`,
          },
        ],
      );
    }
  }

  async list(principal: Principal, query: { cursor?: string; limit: number }) {
    const key = decodeCursor(query.cursor, [CursorPart.instant, CursorPart.uuid]);
    const after = key && { createdAt: key[0], id: key[1] };
    const rows = await withPartyScope(this.pool, principal, (client) =>
      this.imports.listOwnedImports(client, principal.organisationId, {
        after,
        limit: query.limit + 1,
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      referralImports: page.map(toReferralImport),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor([last.createdAt.toISOString(), last.id])
          : null,
    };
  }

  async get(principal: Principal, importId: string): Promise<ReferralImport> {
    return toReferralImport(
      await withPartyScope(this.pool, principal, (client) =>
        this.findOwned(client, principal, importId),
      ),
    );
  }

  /** line, column, value, reason; CSV-injection-safe. Streamed page by page, so a large report is never held whole. */
  async errorsCsv(principal: Principal, importId: string): Promise<Readable> {
    const referralImport = await withPartyScope(this.pool, principal, (client) =>
      this.findOwned(client, principal, importId),
    );
    if (referralImport.status === 'QUEUED' || referralImport.status === 'RUNNING') {
      throw new AppError(
        ReferralImportError.IMPORT_NOT_FINISHED,
        'The import is still running; fetch the errors once its status is COMPLETED.',
      );
    }
    const pool = this.pool;
    const imports = this.imports;
    async function* rows() {
      yield ['line', 'column', 'value', 'reason'];
      if (referralImport.status === 'FAILED') {
        yield [
          '',
          '',
          '',
          neutraliseFormula(referralImport.failureReason ?? 'the file could not be imported'),
        ];
        return;
      }
      for (let afterSeq = 0; ;) {
        const page = await withPartyScope(pool, principal, (client) =>
          imports.listErrors(client, importId, { afterSeq, limit: ERRORS_PAGE }),
        );
        for (const error of page)
          yield [
            String(error.line),
            error.columnName,
            neutraliseFormula(error.value ?? ''),
            neutraliseFormula(error.reason),
          ];
        if (page.length < ERRORS_PAGE) return;
        afterSeq = page[page.length - 1]!.seq;
      }
    }
    return Readable.from(rows()).pipe(stringify({ record_delimiter: '\r\n' }));
  }

  template(): string {
    return templateCsv();
  }

  private async findOwned(
    client: PoolClient,
    principal: Principal,
    importId: string,
  ): Promise<ReferralImportRow> {
    const found = await this.imports.findOwnedImport(client, principal.organisationId, importId);
    if (!found)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No referral import with that id for your organisation.',
      );
    return found;
  }
}
