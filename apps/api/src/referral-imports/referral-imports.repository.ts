// Every query on referral_import and referral_import_error, and the few reads
// of contracts and organisations an upload is checked against.
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';

export type ImportModeRow = 'ALL_OR_NOTHING' | 'VALID_ROWS';
export type ImportStatusRow = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface ReferralImportRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  referralPartnerId: string;
  uploadedByOrganisationId: string;
  uploadedByUserId: string | null;
  mode: ImportModeRow;
  format: 'CSV' | 'XLSX' | null;
  status: ImportStatusRow;
  fileName: string | null;
  fileStorageKey: string;
  fileSha256: Buffer;
  fileSizeBytes: string;
  rowsDone: number;
  rowsTotal: number | null;
  importedCount: number | null;
  rejectedCount: number | null;
  failureReason: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface ImportRowErrorRow {
  seq: number;
  line: number;
  columnName: string;
  value: string | null;
  reason: string;
}

const IMPORT_COLUMNS = `id, programme_id AS "programmeId", prime_contract_id AS "primeContractId", referral_partner_id AS "referralPartnerId",
  uploaded_by_organisation_id AS "uploadedByOrganisationId", uploaded_by_user_id AS "uploadedByUserId", mode::text AS mode, format::text AS format,
  status::text AS status, file_name AS "fileName", file_storage_key AS "fileStorageKey", file_sha256 AS "fileSha256",
  file_size_bytes::text AS "fileSizeBytes", rows_done AS "rowsDone", rows_total AS "rowsTotal", imported_count AS "importedCount",
  rejected_count AS "rejectedCount", failure_reason AS "failureReason", attempts, created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt"`;

/** The caller's imports: as the referral partner, or as the organisation that uploaded (a commissioner acting for one). */
const OWNED_BY = '(referral_partner_id = $1 OR uploaded_by_organisation_id = $1)';

@Injectable()
export class ReferralImportsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async findPrimeContract(
    primeContractId: string,
  ): Promise<{ id: string; programmeId: string; commissionerId: string } | undefined> {
    const { rows } = await this.pool.query<{
      id: string;
      programmeId: string;
      commissionerId: string;
    }>(
      `SELECT pc.id, pc.programme_id AS "programmeId", p.commissioner_id AS "commissionerId"
       FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.id = $1`,
      [primeContractId],
    );
    return rows[0];
  }

  /** Whether the contract's area takes referrals from the partner (waymark_area_open_to_partner), and the contract's name. */
  async contractOpenToPartner(
    primeContractId: string,
    referralPartnerId: string,
  ): Promise<{ isOpen: boolean; name: string }> {
    const { rows } = await this.pool.query<{ isOpen: boolean; name: string }>(
      `SELECT waymark_area_open_to_partner(pc.contract_area_id, $2) AS "isOpen", po.name || ' — ' || ca.name || ' (' || p.name || ')' AS name
         FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id JOIN contract_area ca ON ca.id = pc.contract_area_id JOIN organisation po ON po.id = pc.prime_id
        WHERE pc.id = $1`,
      [primeContractId, referralPartnerId],
    );
    return rows[0] ?? { isOpen: false, name: 'this prime contract' };
  }

  async isReferralPartner(organisationId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM organisation WHERE id = $1 AND kind = 'REFERRAL_PARTNER'`,
      [organisationId],
    );
    return (rowCount ?? 0) > 0;
  }

  /** The import of this file that still counts: queued, running, or one that wrote referrals. */
  async findLiveImportOfFile(
    client: PoolClient,
    file: { referralPartnerId: string; primeContractId: string; sha256: Buffer },
  ): Promise<ReferralImportRow | undefined> {
    const { rows } = await client.query<ReferralImportRow>(
      `SELECT ${IMPORT_COLUMNS} FROM referral_import
       WHERE referral_partner_id = $1 AND prime_contract_id = $2 AND file_sha256 = $3 AND (status IN ('QUEUED', 'RUNNING') OR imported_count > 0)`,
      [file.referralPartnerId, file.primeContractId, file.sha256],
    );
    return rows[0];
  }

  async insertImport(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      referralPartnerId: string;
      uploadedByOrganisationId: string;
      uploadedByUserId: string | null;
      mode: ImportModeRow;
      fileName: string | null;
      fileStorageKey: string;
      fileSha256: Buffer;
      fileSizeBytes: number;
    },
  ): Promise<ReferralImportRow> {
    const { rows } = await client.query<ReferralImportRow>(
      `INSERT INTO referral_import (programme_id, prime_contract_id, referral_partner_id, uploaded_by_organisation_id, uploaded_by_user_id,
         mode, file_name, file_storage_key, file_sha256, file_size_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${IMPORT_COLUMNS}`,
      [
        input.programmeId,
        input.primeContractId,
        input.referralPartnerId,
        input.uploadedByOrganisationId,
        input.uploadedByUserId,
        input.mode,
        input.fileName,
        input.fileStorageKey,
        input.fileSha256,
        input.fileSizeBytes,
      ],
    );
    return rows[0]!;
  }

  async findOwnedImport(
    client: PoolClient,
    organisationId: string,
    importId: string,
  ): Promise<ReferralImportRow | undefined> {
    const { rows } = await client.query<ReferralImportRow>(
      `SELECT ${IMPORT_COLUMNS} FROM referral_import WHERE ${OWNED_BY} AND id = $2`,
      [organisationId, importId],
    );
    return rows[0];
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async listOwnedImports(
    client: PoolClient,
    organisationId: string,
    page: { after?: { createdAt: string; id: string }; limit: number },
  ): Promise<ReferralImportRow[]> {
    const { rows } = await client.query<ReferralImportRow>(
      `SELECT ${IMPORT_COLUMNS} FROM referral_import
       WHERE ${OWNED_BY} AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [organisationId, page.after?.createdAt ?? null, page.after?.id ?? null, page.limit],
    );
    return rows;
  }

  async listErrors(
    client: PoolClient,
    importId: string,
    page: { afterSeq: number; limit: number },
  ): Promise<ImportRowErrorRow[]> {
    const { rows } = await client.query<ImportRowErrorRow>(
      `SELECT seq, line, column_name AS "columnName", value, reason FROM referral_import_error
       WHERE import_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [importId, page.afterSeq, page.limit],
    );
    return rows;
  }

  // ───── the job's own bookkeeping (system work: runs as the table owner) ─────

  async findImport(importId: string): Promise<ReferralImportRow | undefined> {
    const { rows } = await this.pool.query<ReferralImportRow>(
      `SELECT ${IMPORT_COLUMNS} FROM referral_import WHERE id = $1`,
      [importId],
    );
    return rows[0];
  }

  /** Starts (or restarts, after a crash) a run; returns the attempt number. */
  async markRunning(importId: string, format: 'CSV' | 'XLSX'): Promise<number> {
    const { rows } = await this.pool.query<{ attempts: number }>(
      `UPDATE referral_import SET status = 'RUNNING', format = $2, attempts = attempts + 1, started_at = now(), rows_done = 0
       WHERE id = $1 RETURNING attempts`,
      [importId, format],
    );
    return rows[0]!.attempts;
  }

  /** Serialises runs of one import; false when another run finished it meanwhile. */
  async lockUnfinishedImport(client: PoolClient, importId: string): Promise<boolean> {
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('referral-import:' || $1::text, 0))`,
      [importId],
    );
    const { rows } = await client.query<{ status: ImportStatusRow }>(
      'SELECT status::text AS status FROM referral_import WHERE id = $1',
      [importId],
    );
    return rows[0]?.status === 'RUNNING';
  }

  /** Progress is written outside the import's transaction so pollers see it while the job runs. */
  async updateProgress(
    importId: string,
    progress: { rowsDone: number; rowsTotal: number | null },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE referral_import SET rows_done = $2, rows_total = $3 WHERE id = $1 AND status = 'RUNNING'`,
      [importId, progress.rowsDone, progress.rowsTotal],
    );
  }

  async markFailed(client: PoolClient, importId: string, reason: string): Promise<void> {
    await client.query(
      `UPDATE referral_import SET status = 'FAILED', failure_reason = $2, finished_at = now() WHERE id = $1`,
      [importId, reason],
    );
  }

  async markCompleted(
    client: PoolClient,
    importId: string,
    counts: { total: number; imported: number; rejected: number },
  ): Promise<void> {
    await client.query(
      `UPDATE referral_import SET status = 'COMPLETED', rows_done = $2, rows_total = $2, imported_count = $3, rejected_count = $4, finished_at = now()
       WHERE id = $1`,
      [importId, counts.total, counts.imported, counts.rejected],
    );
  }
}
