// Earnings uploads (data_match_upload/row) and the job-outcome checks they drive (data_match_result).
import { Injectable } from '@nestjs/common';
import { COUNTED_CLAIM_STATUSES } from '@waymark/domain';
import { DatabaseError, type PoolClient } from 'pg';

@Injectable()
export class DataMatchesRepository {
  async findCommissionedProgramme(
    client: PoolClient,
    organisationId: string,
    programmeId: string,
  ): Promise<{ id: string } | undefined> {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM programme WHERE id = $1 AND commissioner_id = $2',
      [programmeId, organisationId],
    );
    return rows[0];
  }

  async insertUpload(
    client: PoolClient,
    upload: {
      programmeId: string;
      source: string;
      filename: string;
      sha256: Buffer;
      rowCount: number;
      uploadedByUserId: string;
    },
  ): Promise<{ kind: 'created'; id: string } | { kind: 'duplicate' }> {
    await client.query('SAVEPOINT data_match_upload');
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO data_match_upload (programme_id, source, filename, sha256, row_count, uploaded_by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          upload.programmeId,
          upload.source,
          upload.filename,
          upload.sha256,
          upload.rowCount,
          upload.uploadedByUserId,
        ],
      );
      await client.query('RELEASE SAVEPOINT data_match_upload');
      return { kind: 'created', id: rows[0]!.id };
    } catch (error) {
      if (
        error instanceof DatabaseError &&
        error.constraint === 'data_match_upload_programme_id_sha256_key'
      ) {
        await client.query('ROLLBACK TO SAVEPOINT data_match_upload');
        return { kind: 'duplicate' };
      }
      throw error;
    }
  }

  /** Matches by keyed hash only: the clear NI number never reaches the database. */
  async participantsByHmac(
    client: PoolClient,
    programmeId: string,
    hmacs: Buffer[],
  ): Promise<Map<string, string>> {
    const { rows } = await client.query<{ id: string; hmac: Buffer }>(
      'SELECT id, ni_number_hmac AS hmac FROM participant WHERE programme_id = $1 AND ni_number_hmac = ANY($2::bytea[])',
      [programmeId, hmacs],
    );
    return new Map(rows.map((row) => [row.hmac.toString('hex'), row.id]));
  }

  async insertRows(
    client: PoolClient,
    uploadId: string,
    rows: {
      lineNumber: number;
      hmac: Buffer;
      participantId: string | null;
      periodStart: string;
      periodEnd: string;
      earningsPence: bigint;
      hoursWorked: string | null;
    }[],
  ): Promise<void> {
    await client.query(
      `INSERT INTO data_match_row (upload_id, line_number, ni_number_hmac, participant_id, period_start, period_end, earnings_pence, hours_worked)
       SELECT $1, * FROM unnest($2::int[], $3::bytea[], $4::uuid[], $5::date[], $6::date[], $7::bigint[], $8::numeric[])`,
      [
        uploadId,
        rows.map((r) => r.lineNumber),
        rows.map((r) => r.hmac),
        rows.map((r) => r.participantId),
        rows.map((r) => r.periodStart),
        rows.map((r) => r.periodEnd),
        rows.map((r) => r.earningsPence.toString()),
        rows.map((r) => r.hoursWorked),
      ],
    );
  }

  /** Live job-outcome claims of these participants in the programme. */
  async jobOutcomeClaims(client: PoolClient, programmeId: string, participantIds: string[]) {
    const { rows } = await client.query<{
      id: string;
      programmeId: string;
      primeContractId: string;
      participantId: string;
      milestoneOn: string;
    }>(
      `SELECT c.id, c.programme_id AS "programmeId", c.prime_contract_id AS "primeContractId", r.participant_id AS "participantId", c.milestone_on::text AS "milestoneOn"
       FROM claim c JOIN referral r ON r.id = c.referral_id JOIN milestone_type mt ON mt.id = c.milestone_type_id
       WHERE c.programme_id = $1 AND mt.code = 'JOB_OUTCOME' AND r.participant_id = ANY($2::uuid[])
         AND c.status = ANY($3::"ClaimStatus"[])
       ORDER BY c.id`,
      [programmeId, participantIds, COUNTED_CLAIM_STATUSES],
    );
    return rows;
  }

  async insertResult(
    client: PoolClient,
    result: {
      uploadId: string;
      claim: { id: string; programmeId: string; primeContractId: string };
      outcome: 'VERIFIED' | 'FLAGGED';
      earningsPence: bigint;
      thresholdPence: bigint;
      windowStart: string;
      windowEnd: string;
      reason: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO data_match_result (upload_id, programme_id, prime_contract_id, claim_id, outcome, earnings_pence, threshold_pence, window_start, window_end, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        result.uploadId,
        result.claim.programmeId,
        result.claim.primeContractId,
        result.claim.id,
        result.outcome,
        result.earningsPence,
        result.thresholdPence,
        result.windowStart,
        result.windowEnd,
        result.reason,
      ],
    );
  }

  async findUpload(client: PoolClient, organisationId: string, uploadId: string) {
    const { rows } = await client.query<{
      id: string;
      programmeId: string;
      source: string;
      filename: string;
      sha256: Buffer;
      uploadedAt: Date;
    }>(
      `SELECT u.id, u.programme_id AS "programmeId", u.source, u.filename, u.sha256, u.uploaded_at AS "uploadedAt"
       FROM data_match_upload u JOIN programme p ON p.id = u.programme_id WHERE u.id = $1 AND p.commissioner_id = $2`,
      [uploadId, organisationId],
    );
    return rows[0];
  }

  async linesOf(client: PoolClient, uploadId: string) {
    const { rows } = await client.query<{
      lineNumber: number;
      participantReference: string | null;
      periodStart: string;
      periodEnd: string;
      earningsPence: string;
    }>(
      `SELECT d.line_number AS "lineNumber", p.reference AS "participantReference", d.period_start::text AS "periodStart", d.period_end::text AS "periodEnd", d.earnings_pence::text AS "earningsPence"
       FROM data_match_row d LEFT JOIN participant p ON p.id = d.participant_id WHERE d.upload_id = $1 ORDER BY d.line_number`,
      [uploadId],
    );
    return rows;
  }

  async resultsOf(client: PoolClient, uploadId: string) {
    const { rows } = await client.query<{
      claimId: string;
      outcome: 'VERIFIED' | 'FLAGGED';
      earningsPence: string;
      thresholdPence: string;
      windowStart: string;
      windowEnd: string;
      reason: string;
    }>(
      `SELECT claim_id AS "claimId", outcome::text AS outcome, earnings_pence::text AS "earningsPence", threshold_pence::text AS "thresholdPence",
         window_start::text AS "windowStart", window_end::text AS "windowEnd", reason
       FROM data_match_result WHERE upload_id = $1 ORDER BY claim_id`,
      [uploadId],
    );
    return rows;
  }
}
