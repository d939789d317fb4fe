// The background job behind POST /referral-imports. Reads the stored file as
// a stream, stages it with one COPY (progress visible as it goes),
// validates it set-based in SQL and writes the good referrals, all in ONE
// transaction: a crash anywhere rolls everything back (the temporary staging
// table with it), and pg-boss's retry starts again from the file. A finished
// import is never run twice.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { FILE_STORAGE, type FileStorage } from '../common/storage/file-storage';
import { type ReferralImportRow, ReferralImportsRepository } from './referral-imports.repository';
import { ReferralImportStagingRepository } from './referral-import-staging.repository';
import { detectFormat, type ReferralFileFormat, UnreadableFileError } from './read-referral-file';
import { stageInWorker } from './staging-worker';
import { describeCause } from '../common/errors/infrastructure-failure';

export const REFERRAL_IMPORT_QUEUE = 'referral-import';
export interface ReferralImportJobData {
  importId: string;
}

/** How a run went, phase by phase (logged; the benchmark reads it). */
export interface ReferralImportRunStats {
  counts: { total: number; imported: number; rejected: number };
  stagedMs: number;
  validatedMs: number;
  writtenMs: number;
}

/** Progress is written (outside the transaction) at most this often: a poller sees it move without the import paying per batch. */
const PROGRESS_EVERY_MS = 250;
/** pg-boss runs a job at most 1 + retryLimit (3) times; the last failure marks the import FAILED. */
const MAX_ATTEMPTS = 4;

@Injectable()
export class ReferralImportJob {
  private readonly logger = new Logger('ReferralImportJob');

  constructor(
    private readonly imports: ReferralImportsRepository,
    private readonly staging: ReferralImportStagingRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(importId: string): Promise<ReferralImportRunStats | undefined> {
    const found = await this.imports.findImport(importId);
    if (!found || found.status === 'COMPLETED' || found.status === 'FAILED') return undefined;
    const format = detectFormat(await this.readFirstBytes(found.fileStorageKey));
    const attempt = await this.imports.markRunning(importId, format);
    try {
      const stats = await this.importFile({ ...found, format }, format);
      if (stats) this.logger.log({ importId, ...stats }, 'referral import completed');
      return stats;
    } catch (error) {
      if (error instanceof UnreadableFileError) {
        await this.fail(found, error.message);
        return undefined;
      }
      if (attempt < MAX_ATTEMPTS) throw error;
      this.logger.error(
        { cause: describeCause(error), importId },
        'referral import failed on its last attempt',
      );
      await this.fail(
        found,
        'The import could not be completed after several attempts because of an error on our side. Upload the file again, or contact support.',
      );
      return undefined;
    }
  }

  private async importFile(
    referralImport: ReferralImportRow,
    format: ReferralFileFormat,
  ): Promise<ReferralImportRunStats | undefined> {
    const rowsEstimate =
      format === 'CSV' ? await this.estimateCsvRows(referralImport.fileStorageKey) : null;
    return withTransaction(this.pool, async (client) => {
      // Two runs of one import (a retry while a stalled worker wakes up) take turns; the second finds it finished.
      if (!(await this.imports.lockUnfinishedImport(client, referralImport.id))) return undefined;
      const startedAt = performance.now();
      await this.staging.createStaging(client);
      await this.staging.clearErrors(client, referralImport.id);
      const total = await this.stageFile(client, referralImport, format, rowsEstimate);
      await this.staging.analyseStaging(client);
      const stagedAt = performance.now();
      const target = {
        importId: referralImport.id,
        programmeId: referralImport.programmeId,
        primeContractId: referralImport.primeContractId,
        referralPartnerId: referralImport.referralPartnerId,
      };
      const rejected = await this.staging.recordErrors(client, target);
      const validatedAt = performance.now();
      let imported = 0;
      if (rejected === 0 || referralImport.mode === 'VALID_ROWS') {
        if (rejected > 0) await this.staging.dropRejectedRows(client, referralImport.id);
        imported = await this.staging.writeReferrals(client, {
          ...target,
          byUserId: referralImport.uploadedByUserId,
        });
      }
      const counts = { total, imported, rejected };
      await this.imports.markCompleted(client, referralImport.id, counts);
      await this.audit.record(client, {
        actorUserId: referralImport.uploadedByUserId,
        actorOrganisationId: referralImport.uploadedByOrganisationId,
        action: 'referral-import.complete',
        entityType: 'referral_import',
        entityId: referralImport.id,
        programmeId: referralImport.programmeId,
        data: {
          ...counts,
          mode: referralImport.mode,
          primeContractId: referralImport.primeContractId,
          referralPartnerId: referralImport.referralPartnerId,
        },
      });
      const round = (ms: number) => Math.round(ms);
      return {
        counts,
        stagedMs: round(stagedAt - startedAt),
        validatedMs: round(validatedAt - stagedAt),
        writtenMs: round(performance.now() - validatedAt),
      };
    });
  }

  /**
   * Streams the file into staging through one COPY; returns the number of
   * data rows. Parsing, keying and encryption run on a worker thread
   * (staging-worker.ts) while this thread feeds PostgreSQL: both cores work.
   */
  private async stageFile(
    client: PoolClient,
    referralImport: ReferralImportRow,
    format: ReferralFileFormat,
    rowsEstimate: number | null,
  ): Promise<number> {
    const staged = stageInWorker(this.storage.get(referralImport.fileStorageKey), {
      format,
      keys: { piiHmacKey: this.config.piiHmacKey, piiEncryptionKey: this.config.piiEncryptionKey },
    });
    let rowsDone = 0;
    let progressAt = performance.now();
    const reportProgress = () =>
      this.imports.updateProgress(referralImport.id, {
        rowsDone,
        rowsTotal: rowsEstimate === null ? null : Math.max(rowsEstimate, rowsDone),
      });
    const chunks = async function* (): AsyncGenerator<string> {
      for await (const chunk of staged) {
        yield chunk.text;
        rowsDone += chunk.rows;
        if (performance.now() - progressAt >= PROGRESS_EVERY_MS) {
          await reportProgress();
          progressAt = performance.now();
        }
      }
    };
    await this.staging.copyRows(client, chunks());
    await reportProgress();
    return rowsDone;
  }

  private async fail(referralImport: ReferralImportRow, reason: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await this.imports.markFailed(client, referralImport.id, reason);
      await this.audit.record(client, {
        actorUserId: referralImport.uploadedByUserId,
        actorOrganisationId: referralImport.uploadedByOrganisationId,
        action: 'referral-import.fail',
        entityType: 'referral_import',
        entityId: referralImport.id,
        programmeId: referralImport.programmeId,
        data: { reason },
      });
    });
  }

  private async readFirstBytes(key: string): Promise<Buffer> {
    const stream = this.storage.get(key);
    try {
      for await (const chunk of stream) return chunk as Buffer;
      return Buffer.alloc(0);
    } finally {
      stream.destroy();
    }
  }

  /** Counts line breaks for a progress total before parsing; corrected once the file is read. */
  private async estimateCsvRows(key: string): Promise<number> {
    let newlines = 0;
    let last = 0x0a;
    for await (const chunk of this.storage.get(key)) {
      const bytes = chunk as Buffer;
      for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) newlines++;
      if (bytes.length > 0) last = bytes[bytes.length - 1]!;
    }
    const lines = newlines + (last === 0x0a ? 0 : 1);
    return Math.max(lines - 1, 0);
  }
}
