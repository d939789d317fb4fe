// Earnings data matching: the commissioner uploads an earnings file (NI number,
// period, earnings); each line is kept with the NI number's keyed HMAC only,
// matched to the programme's participants by that hash, and every live
// job-outcome claim of a matched participant is checked (checkEarnings):
// VERIFIED, or FLAGGED for review. All or nothing: a bad line imports nothing.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { PROGRAMME_DAYS, ProgrammeDay, withoutControlCharacters } from '../common/dto/primitives';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError, type FieldError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { hmacNiNumber, isValidNiNumber } from '../common/pii/ni-number';
import { checkEarnings, DEFAULT_EARNINGS_THRESHOLD_PENCE } from './check-earnings';
import { DataMatchError } from './data-matches.errors';
import { DataMatchesRepository } from './data-matches.repository';

interface ParsedLine {
  lineNumber: number;
  niNumber: string;
  periodStart: string;
  periodEnd: string;
  earningsPence: bigint;
  hoursWorked: string | null;
}

const REQUIRED_COLUMNS = ['ni_number', 'period_start', 'period_end', 'earnings_pence'] as const;

/** Every bad cell is reported by line and column; nothing is imported unless all are good. */
export function parseEarningsCsv(content: Buffer): { lines: ParsedLine[]; errors: FieldError[] } {
  let records: Record<string, string>[];
  try {
    records = parse(content, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    return {
      lines: [],
      errors: [{ field: 'file', message: `is not readable CSV: ${(error as Error).message}` }],
    };
  }
  const first = records[0];
  const missing = REQUIRED_COLUMNS.filter((column) => first !== undefined && !(column in first));
  if (records.length === 0)
    return {
      lines: [],
      errors: [
        { field: 'file', message: `has no lines; expected columns ${REQUIRED_COLUMNS.join(', ')}` },
      ],
    };
  if (missing.length > 0)
    return {
      lines: [],
      errors: missing.map((column) => ({ field: `file.${column}`, message: 'column is missing' })),
    };
  const errors: FieldError[] = [];
  const lines: ParsedLine[] = [];
  records.forEach((record, index) => {
    const lineNumber = index + 2; // line 1 is the header
    const at = (column: string, message: string) =>
      errors.push({ field: `file.line ${lineNumber}.${column}`, message });
    const niNumber = record.ni_number ?? '';
    const periodStart = record.period_start ?? '';
    const periodEnd = record.period_end ?? '';
    const earnings = record.earnings_pence ?? '';
    const hours = record.hours_worked?.trim() ? record.hours_worked.trim() : null;
    if (!isValidNiNumber(niNumber)) at('ni_number', 'is not a valid National Insurance number');
    const isDay = (value: string) => ProgrammeDay.safeParse(value).success;
    if (!isDay(periodStart))
      at(
        'period_start',
        `must be a date (YYYY-MM-DD) from ${PROGRAMME_DAYS.from} to ${PROGRAMME_DAYS.to}`,
      );
    if (!isDay(periodEnd))
      at(
        'period_end',
        `must be a date (YYYY-MM-DD) from ${PROGRAMME_DAYS.from} to ${PROGRAMME_DAYS.to}`,
      );
    else if (isDay(periodStart) && periodEnd < periodStart)
      at('period_end', 'is before period_start');
    if (!/^\d{1,15}$/.test(earnings)) at('earnings_pence', 'must be whole pence, 0 or more');
    if (hours !== null && !/^\d{1,6}(\.\d{1,2})?$/.test(hours))
      at('hours_worked', 'must be a number of hours');
    lines.push({
      lineNumber,
      niNumber,
      periodStart,
      periodEnd,
      earningsPence: /^\d{1,15}$/.test(earnings) ? BigInt(earnings) : 0n,
      hoursWorked: hours,
    });
  });
  return { lines, errors };
}

@Injectable()
export class DataMatchesService {
  constructor(
    private readonly matches: DataMatchesRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(
    principal: Principal,
    programmeId: string,
    options: { thresholdPence?: string; source: string },
    file: { filename: string; content: Buffer },
  ) {
    const thresholdPence =
      options.thresholdPence !== undefined
        ? BigInt(options.thresholdPence)
        : DEFAULT_EARNINGS_THRESHOLD_PENCE;
    // A multipart file name may carry control characters (a NUL PostgreSQL refuses): stored without them.
    const filename = withoutControlCharacters(file.filename);
    return withPartyScope(this.pool, principal, async (client) => {
      if (
        !(await this.matches.findCommissionedProgramme(
          client,
          principal.organisationId,
          programmeId,
        ))
      ) {
        throw new AppError(
          CommonError.NOT_FOUND,
          'No programme with that id is commissioned by your organisation.',
        );
      }
      const { lines, errors } = parseEarningsCsv(file.content);
      if (errors.length > 0) {
        throw new AppError(
          DataMatchError.INVALID_FILE,
          `${errors.length} problem${errors.length > 1 ? 's' : ''} in the file; nothing was imported. First: ${errors[0]!.field} ${errors[0]!.message}.`,
          errors,
        );
      }
      const upload = await this.matches.insertUpload(client, {
        programmeId,
        source: options.source,
        filename,
        sha256: createHash('sha256').update(file.content).digest(),
        rowCount: lines.length,
        uploadedByUserId: principal.userId!,
      });
      if (upload.kind === 'duplicate')
        throw new AppError(
          DataMatchError.DUPLICATE_FILE,
          'This exact file was already uploaded for the programme.',
        );

      const hashed = lines.map((line) => ({
        ...line,
        hmac: hmacNiNumber(line.niNumber, this.config.piiHmacKey),
      }));
      const participants = await this.matches.participantsByHmac(
        client,
        programmeId,
        hashed.map((line) => line.hmac),
      );
      const rows = hashed.map(({ niNumber: _clear, ...line }) => ({
        ...line,
        participantId: participants.get(line.hmac.toString('hex')) ?? null,
      }));
      await this.matches.insertRows(client, upload.id, rows);

      const counts = await this.checkJobOutcomes(
        client,
        upload.id,
        programmeId,
        rows,
        thresholdPence,
      );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'data-match.upload',
        entityType: 'data_match_upload',
        entityId: upload.id,
        programmeId,
        data: {
          filename,
          rows: rows.length,
          matched: rows.filter((r) => r.participantId).length,
          thresholdPence: String(thresholdPence),
          ...counts,
        },
      });
      return this.detail(client, principal, upload.id);
    });
  }

  private async checkJobOutcomes(
    client: PoolClient,
    uploadId: string,
    programmeId: string,
    rows: {
      participantId: string | null;
      periodStart: string;
      periodEnd: string;
      earningsPence: bigint;
    }[],
    thresholdPence: bigint,
  ) {
    const participantIds = [
      ...new Set(rows.flatMap((row) => (row.participantId ? [row.participantId] : []))),
    ];
    const claims =
      participantIds.length > 0
        ? await this.matches.jobOutcomeClaims(client, programmeId, participantIds)
        : [];
    let verified = 0;
    let flagged = 0;
    for (const claim of claims) {
      const check = checkEarnings({
        milestoneOn: claim.milestoneOn,
        lines: rows.filter((row) => row.participantId === claim.participantId),
        thresholdPence,
      });
      await this.matches.insertResult(client, { uploadId, claim, thresholdPence, ...check });
      if (check.outcome === 'VERIFIED') verified++;
      else flagged++;
    }
    return { verified, flagged };
  }

  async get(principal: Principal, uploadId: string) {
    return withPartyScope(this.pool, principal, (client) =>
      this.detail(client, principal, uploadId),
    );
  }

  private async detail(client: PoolClient, principal: Principal, uploadId: string) {
    const upload = await this.matches.findUpload(client, principal.organisationId, uploadId);
    if (!upload)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No data-match upload with that id is visible to your organisation.',
      );
    const lines = await this.matches.linesOf(client, uploadId);
    const results = await this.matches.resultsOf(client, uploadId);
    const matched = lines.filter((line) => line.participantReference !== null).length;
    return {
      id: upload.id,
      programmeId: upload.programmeId,
      source: upload.source,
      filename: upload.filename,
      sha256: upload.sha256.toString('hex'),
      uploadedAt: upload.uploadedAt.toISOString(),
      counts: {
        rows: lines.length,
        matched,
        unmatched: lines.length - matched,
        verified: results.filter((r) => r.outcome === 'VERIFIED').length,
        flagged: results.filter((r) => r.outcome === 'FLAGGED').length,
      },
      lines,
      results,
    };
  }
}
