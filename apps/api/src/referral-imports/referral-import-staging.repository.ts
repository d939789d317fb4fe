// The set-based heart of a bulk import, all on the job's one transaction:
// rows are COPYed into a temporary staging table (dropped at COMMIT or
// ROLLBACK, so the clear NI numbers it holds never outlive the transaction),
// validated with a handful of queries, and the good ones written with one
// INSERT … SELECT statement over the three tables. Nothing here decides: the
// job chooses what to call.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BENEFIT_TYPES,
  MAX_EXTERNAL_REFERENCE_LENGTH,
  NI_NUMBER_SQL_PATTERN,
} from './referral-file-format';

const STAGING = 'referral_import_staging';

/** A referral that counts as live: still being worked, so the same person cannot be referred again. */
const LIVE_STATUSES = `('RECEIVED', 'ACCEPTED', 'ALLOCATED', 'ATTACHED')`;

@Injectable()
export class ReferralImportStagingRepository {
  async createStaging(client: PoolClient): Promise<void> {
    await client.query(
      `CREATE TEMP TABLE ${STAGING} (
         line                 integer NOT NULL,
         external_reference   text,
         ni_number            text,
         ni_number_hmac       bytea,
         ni_number_ciphertext bytea,
         date_of_birth        text,
         benefit_type         text,
         participant_reference text NOT NULL,
         participant_id       uuid NOT NULL,
         referral_id          uuid NOT NULL,
         transition_id        uuid NOT NULL,
         control_character_columns text[],
         is_new_participant   boolean NOT NULL DEFAULT true
       ) ON COMMIT DROP`,
    );
    // The duplicate checks sort the whole file: keep the sorts in memory.
    await client.query(`SET LOCAL work_mem = '64MB'`);
  }

  /**
   * One COPY for the whole file; `chunks` are ready-made COPY text lines,
   * many rows per chunk. If the source fails, the COPY is abandoned
   * (CopyFail) and the error surfaces here.
   */
  async copyRows(client: PoolClient, chunks: AsyncIterable<string>): Promise<void> {
    const copy = client.query(
      copyFrom(
        `COPY ${STAGING} (line, external_reference, ni_number, ni_number_hmac, ni_number_ciphertext, date_of_birth, benefit_type, participant_reference, participant_id, referral_id, transition_id, control_character_columns) FROM STDIN`,
      ),
    );
    await pipeline(Readable.from(chunks), copy);
  }

  async analyseStaging(client: PoolClient): Promise<void> {
    await client.query(`ANALYZE ${STAGING}`);
  }

  /** A re-run starts clean (the final write commits with the errors, so normally there are none to clear). */
  async clearErrors(client: PoolClient, importId: string): Promise<void> {
    await client.query('DELETE FROM referral_import_error WHERE import_id = $1', [importId]);
  }

  /**
   * Every problem with every staged row, as (line, column, value, reason),
   * into referral_import_error. Returns the number of rows with at least one.
   * Duplicates within the file keep the first occurrence and report the later
   * ones; clashes with existing referrals look across the whole programme,
   * whoever referred them, which is why this runs as a system job past RLS.
   */
  async recordErrors(
    client: PoolClient,
    target: {
      importId: string;
      programmeId: string;
      primeContractId: string;
      referralPartnerId: string;
    },
  ): Promise<number> {
    // The NI pattern (a lookahead regex) and the date parse are the dear per-row work: each is
    // evaluated once, in a materialised pass, and every check below reads the result.
    await client.query(
      `WITH s AS MATERIALIZED (
         SELECT line, external_reference, ni_number, ni_number_hmac, date_of_birth, benefit_type, control_character_columns,
                ni_number ~ $5 AS is_ni_valid, referral_import_parse_date(date_of_birth) AS born_on
         FROM ${STAGING}
       )
       INSERT INTO referral_import_error (import_id, seq, line, column_name, value, reason)
       SELECT $1, row_number() OVER (ORDER BY e.line, e.column_order, e.reason), e.line, e.column_name, e.value, e.reason
       FROM (
         SELECT s.line, c.column_order, c.column_name, NULL::text AS value, 'is required' AS reason
         FROM s
         CROSS JOIN LATERAL (VALUES (1, 'external_reference', s.external_reference), (2, 'ni_number', s.ni_number),
                                    (3, 'date_of_birth', s.date_of_birth), (4, 'benefit_type', s.benefit_type)) AS c(column_order, column_name, value)
         WHERE (s.external_reference IS NULL OR s.ni_number IS NULL OR s.date_of_birth IS NULL OR s.benefit_type IS NULL) AND c.value IS NULL
         UNION ALL
         SELECT s.line, c.column_order, c.column_name, NULL, 'contains a control character (such as a NUL byte); remove it and send the row again'
         FROM s CROSS JOIN LATERAL (VALUES (1, 'external_reference'), (2, 'ni_number'), (3, 'date_of_birth'), (4, 'benefit_type')) AS c(column_order, column_name)
         WHERE c.column_name = ANY (s.control_character_columns)
         UNION ALL
         SELECT line, 1, 'external_reference', left(external_reference, 100), 'is longer than ${MAX_EXTERNAL_REFERENCE_LENGTH} characters'
         FROM s WHERE length(external_reference) > ${MAX_EXTERNAL_REFERENCE_LENGTH}
         UNION ALL
         SELECT line, 2, 'ni_number', NULL, 'is not a valid National Insurance number (two letters, six digits, then A, B, C or D, e.g. AB123456C)'
         FROM s WHERE NOT is_ni_valid
         UNION ALL
         SELECT line, 3, 'date_of_birth', left(date_of_birth, 100), 'must be a real date written YYYY-MM-DD or DD/MM/YYYY, from 1900 on'
         FROM s WHERE date_of_birth IS NOT NULL AND born_on IS NULL
         UNION ALL
         SELECT line, 3, 'date_of_birth', date_of_birth, 'is in the future'
         FROM s WHERE born_on > current_date
         UNION ALL
         SELECT line, 4, 'benefit_type', left(benefit_type, 100), 'is not a known benefit type (' || array_to_string($6::text[], ', ') || ')'
         FROM s WHERE upper(benefit_type) <> ALL ($6::text[])
         UNION ALL
         SELECT line, 1, 'external_reference', left(external_reference, 100), 'repeats the external reference of line ' || first_line
         FROM (SELECT line, external_reference, min(line) OVER (PARTITION BY external_reference) AS first_line FROM s WHERE external_reference IS NOT NULL) d
         WHERE line > first_line
         UNION ALL
         SELECT line, 2, 'ni_number', NULL, 'repeats the NI number of line ' || first_line
         FROM (SELECT line, min(line) OVER (PARTITION BY ni_number_hmac) AS first_line FROM s WHERE is_ni_valid) d
         WHERE line > first_line
         UNION ALL
         SELECT s.line, 1, 'external_reference', left(s.external_reference, 100), 'was already used for another of your referrals'
         FROM s WHERE EXISTS (SELECT 1 FROM referral r WHERE r.referral_partner_id = $4 AND r.external_reference = s.external_reference)
         UNION ALL
         SELECT s.line, 2, 'ni_number', NULL, 'this person already has a live referral in this programme'
         FROM s
         WHERE s.is_ni_valid AND EXISTS (
           SELECT 1 FROM participant p JOIN referral r ON r.participant_id = p.id
           WHERE p.programme_id = $2 AND p.ni_number_hmac = s.ni_number_hmac AND r.status IN ${LIVE_STATUSES})
         UNION ALL
         SELECT s.line, 2, 'ni_number', NULL, 'this person is registered under another prime contract of this programme'
         FROM s JOIN participant p ON p.programme_id = $2 AND p.ni_number_hmac = s.ni_number_hmac
         WHERE s.is_ni_valid AND p.prime_contract_id <> $3
           AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.participant_id = p.id AND r.status IN ${LIVE_STATUSES})
       ) AS e`,
      [
        target.importId,
        target.programmeId,
        target.primeContractId,
        target.referralPartnerId,
        NI_NUMBER_SQL_PATTERN,
        BENEFIT_TYPES,
      ],
    );
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(DISTINCT line)::int AS n FROM referral_import_error WHERE import_id = $1',
      [target.importId],
    );
    return rows[0]!.n;
  }

  async dropRejectedRows(client: PoolClient, importId: string): Promise<void> {
    await client.query(
      `DELETE FROM ${STAGING} s USING referral_import_error e WHERE e.import_id = $1 AND e.line = s.line`,
      [importId],
    );
  }

  /**
   * Writes every staged row (all valid by now): a participant unless the
   * person is already one under this prime contract (with no live referral),
   * then a RECEIVED referral and its first transition each. The ids come from
   * staging (ascending: see sequential-ids.ts), so each insert reads staging
   * alone, sorted, with no join on what was just written. Returns the number
   * of referrals written. A participant or referral created by someone else
   * since validation fails a unique constraint: the whole transaction rolls
   * back and the job's retry validates again.
   *
   * Three statements, not one data-modifying CTE: a table's statistics must
   * be refreshed between them when the import dwarfs it (see analyseIfGrowing).
   */
  async writeReferrals(
    client: PoolClient,
    target: {
      importId: string;
      programmeId: string;
      primeContractId: string;
      referralPartnerId: string;
      byUserId: string | null;
    },
  ): Promise<number> {
    // Normally none: the people in the file are new to the programme.
    await client.query(
      `UPDATE ${STAGING} s SET participant_id = p.id, is_new_participant = false
       FROM participant p WHERE p.programme_id = $1 AND p.ni_number_hmac = s.ni_number_hmac`,
      [target.programmeId],
    );
    const { rowCount: participants } = await client.query(
      `INSERT INTO participant (id, programme_id, prime_contract_id, reference, ni_number_hmac, ni_number_ciphertext, benefit_type, date_of_birth)
       SELECT s.participant_id, $1, $2, s.participant_reference, s.ni_number_hmac, s.ni_number_ciphertext, upper(s.benefit_type), referral_import_parse_date(s.date_of_birth)
       FROM ${STAGING} s WHERE s.is_new_participant
       ORDER BY s.participant_id`,
      [target.programmeId, target.primeContractId],
    );
    await analyseIfGrowing(client, 'participant', participants ?? 0);
    const { rowCount: referrals } = await client.query(
      `INSERT INTO referral (id, programme_id, prime_contract_id, referral_partner_id, participant_id, external_reference, status)
       SELECT s.referral_id, $1, $2, $3, s.participant_id, s.external_reference, 'RECEIVED'
       FROM ${STAGING} s
       ORDER BY s.referral_id`,
      [target.programmeId, target.primeContractId, target.referralPartnerId],
    );
    await analyseIfGrowing(client, 'referral', referrals ?? 0);
    // at = now(): the transaction's start, which is also every new referral's received_at.
    await client.query(
      `INSERT INTO referral_transition (id, programme_id, prime_contract_id, referral_id, from_status, to_status, by_user_id, at, reason)
       SELECT s.transition_id, $1, $2, s.referral_id, NULL, 'RECEIVED', $3, now(), 'bulk import ' || $4::text
       FROM ${STAGING} s
       ORDER BY s.referral_id`,
      [target.programmeId, target.primeContractId, target.byUserId, target.importId],
    );
    return referrals ?? 0;
  }
}

/**
 * The foreign-key checks of the next insert look rows up in `table`, one query
 * per row, planned from its statistics. When this import has just grown the
 * table by more than autovacuum's 10% (always, into a new or empty
 * programme's tables), those statistics describe a table that no longer
 * exists and the planner can pick `prime_contract_id`'s index for the
 * lookup: every check then walks every row of the contract — quadratic (on
 * the benchmark machine the referral insert's checks took 6 s for 10,000
 * rows, and 100,000 did not finish in 10 minutes; a plain COPY into the same
 * tables hits it too: the bench's floor does the same ANALYZE). ANALYZE
 * inside the transaction counts its own new rows.
 */
async function analyseIfGrowing(
  client: PoolClient,
  table: 'participant' | 'referral',
  added: number,
): Promise<void> {
  const { rows } = await client.query<{ tuples: number }>(
    'SELECT greatest(reltuples, 0)::float8 AS tuples FROM pg_class WHERE oid = $1::regclass',
    [table],
  );
  // Only the columns those lookups filter on (every foreign key into participant and referral is on
  // (id, programme_id, prime_contract_id)): a column list also skips the statistics of referral's
  // dozen expression indexes, which the checks never use and autovacuum refreshes soon enough.
  if (added > 0.1 * (rows[0]?.tuples ?? 0))
    await client.query(`ANALYZE ${table} (id, programme_id, prime_contract_id)`);
}
