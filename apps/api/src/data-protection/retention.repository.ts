// Every query on retention_policy, retention_run, participant_pseudonymisation
// and evidence_purge, and the statements that pseudonymise one participant.
// Runs on the caller's client: party-scoped for people, the table owner for
// the nightly job.
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface RetentionPolicyRow {
  programmeId: string;
  personalDataYearsAfterExit: number;
  evidenceYearsAfterContractEnd: number;
  notes: string | null;
  setByUserId: string;
  setAt: Date;
}

export interface RetentionRunRow {
  id: string;
  programmeId: string;
  trigger: 'SCHEDULE' | 'MANUAL';
  isDryRun: boolean;
  asOf: string;
  personalDataYears: number;
  evidenceYears: number;
  participantsPseudonymised: number;
  evidenceFilesPurged: number;
  triggeredByUserId: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface DueParticipantRow {
  participantId: string;
  participantReference: string;
  primeContractId: string;
  clockStartsOn: string;
  dueOn: string;
}

export interface DueEvidenceRow {
  evidenceId: string;
  claimId: string;
  primeContractId: string;
  sha256: string;
  storageKey: string;
  contractEndsOn: string;
  dueOn: string;
}

export type PseudonymisationCause =
  | { reason: 'RETENTION'; retentionRunId: string }
  | { reason: 'ERASURE'; dataSubjectRequestId: string };

/** Why a pseudonymised participant's live referrals were ended: recorded as their exit reason and transition reason. */
export const CLOSED_RECORD_EXIT_REASON = {
  ERASURE: 'Record closed: the participant’s personal data was erased at their request.',
  RETENTION:
    'Record closed: the participant’s personal data was pseudonymised under the programme’s retention policy.',
} as const satisfies Record<PseudonymisationCause['reason'], string>;

export interface ClosedReferral {
  referralId: string;
  fromStatus: string;
}

export interface PseudonymisationCounts {
  specialCategoryRows: number;
  needsAssessments: number;
  activityNotes: number;
  journeyEventDetails: number;
  jobSpells: number;
  referrals: number;
  dataMatchRows: number;
  /**
   * Free text that can hold personal data: transition, exit and allocation reasons, claim queries, request descriptions, evidence
   * file names.
   */
  freeTextRedacted: number;
}

const RUN_COLUMNS = `id, programme_id AS "programmeId", trigger, is_dry_run AS "isDryRun", as_of::text AS "asOf",
  personal_data_years AS "personalDataYears", evidence_years AS "evidenceYears",
  participants_pseudonymised AS "participantsPseudonymised", evidence_files_purged AS "evidenceFilesPurged",
  triggered_by_user_id AS "triggeredByUserId", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Marks a value that was removed, where the column cannot be null. */
export const REMOVED = '[removed]';

@Injectable()
export class RetentionRepository {
  /** The programme, when the caller's organisation is one of its parties (commissioner, prime, subcontractor, referral partner). */
  async findProgrammeForParty(
    client: PoolClient,
    programmeId: string,
  ): Promise<{ id: string; name: string; commissionerId: string } | undefined> {
    const { rows } = await client.query<{ id: string; name: string; commissionerId: string }>(
      `SELECT id, name, commissioner_id AS "commissionerId" FROM programme
        WHERE id = $1 AND waymark_programme_parties_include_current(id)`,
      [programmeId],
    );
    return rows[0];
  }

  async findPolicy(
    client: PoolClient,
    programmeId: string,
  ): Promise<RetentionPolicyRow | undefined> {
    const { rows } = await client.query<RetentionPolicyRow>(
      `SELECT programme_id AS "programmeId", personal_data_years_after_exit AS "personalDataYearsAfterExit",
              evidence_years_after_contract_end AS "evidenceYearsAfterContractEnd", notes, set_by_user_id AS "setByUserId", set_at AS "setAt"
         FROM retention_policy WHERE programme_id = $1`,
      [programmeId],
    );
    return rows[0];
  }

  async upsertPolicy(
    client: PoolClient,
    input: {
      programmeId: string;
      personalDataYearsAfterExit: number;
      evidenceYearsAfterContractEnd: number;
      notes: string | null;
      userId: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO retention_policy (programme_id, personal_data_years_after_exit, evidence_years_after_contract_end, notes, set_by_user_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (programme_id) DO UPDATE SET personal_data_years_after_exit = EXCLUDED.personal_data_years_after_exit,
         evidence_years_after_contract_end = EXCLUDED.evidence_years_after_contract_end, notes = EXCLUDED.notes,
         set_by_user_id = EXCLUDED.set_by_user_id, set_at = now()`,
      [
        input.programmeId,
        input.personalDataYearsAfterExit,
        input.evidenceYearsAfterContractEnd,
        input.notes,
        input.userId,
      ],
    );
  }

  /** Programmes with a policy, for the nightly job (table owner). */
  async listProgrammesWithPolicy(client: PoolClient): Promise<string[]> {
    const { rows } = await client.query<{ programmeId: string }>(
      'SELECT programme_id AS "programmeId" FROM retention_policy ORDER BY programme_id',
    );
    return rows.map((row) => row.programmeId);
  }

  /**
   * Participants whose retention clock ran out by `asOf`. The clock starts at
   * the latest of: any referral's exit, any activity, any referral's receipt
   * (so a participant never exited starts from the last thing that happened);
   * with no referral at all, from when the record was created.
   */
  async listDueParticipants(
    client: PoolClient,
    input: { programmeId: string; years: number; asOf: string },
  ): Promise<DueParticipantRow[]> {
    const { rows } = await client.query<DueParticipantRow>(
      `SELECT p.id AS "participantId", p.reference AS "participantReference", p.prime_contract_id AS "primeContractId",
              c.clock_on::text AS "clockStartsOn", (c.clock_on + make_interval(years => $2))::date::text AS "dueOn"
         FROM participant p
         CROSS JOIN LATERAL (
           SELECT COALESCE(GREATEST(
                    (SELECT max(r.exited_on) FROM referral r WHERE r.participant_id = p.id),
                    (SELECT max(a.occurred_on) FROM activity a JOIN referral r ON r.id = a.referral_id WHERE r.participant_id = p.id),
                    (SELECT max((r.received_at AT TIME ZONE 'UTC')::date) FROM referral r WHERE r.participant_id = p.id)
                  ), (p.created_at AT TIME ZONE 'UTC')::date) AS clock_on
         ) c
        WHERE p.programme_id = $1
          AND NOT EXISTS (SELECT 1 FROM participant_pseudonymisation pp WHERE pp.participant_id = p.id)
          AND (c.clock_on + make_interval(years => $2))::date <= $3::date
        ORDER BY p.reference`,
      [input.programmeId, input.years, input.asOf],
    );
    return rows;
  }

  /** Evidence whose contract ended more than `years` before `asOf` and whose file is still stored. */
  async listDueEvidence(
    client: PoolClient,
    input: { programmeId: string; years: number; asOf: string },
  ): Promise<DueEvidenceRow[]> {
    const { rows } = await client.query<DueEvidenceRow>(
      `SELECT e.id AS "evidenceId", e.claim_id AS "claimId", e.prime_contract_id AS "primeContractId", encode(e.sha256, 'hex') AS sha256,
              e.storage_key AS "storageKey", pc.ends_on::text AS "contractEndsOn", (pc.ends_on + make_interval(years => $2))::date::text AS "dueOn"
         FROM evidence e JOIN prime_contract pc ON pc.id = e.prime_contract_id
        WHERE e.programme_id = $1
          AND NOT EXISTS (SELECT 1 FROM evidence_purge ep WHERE ep.evidence_id = e.id)
          AND (pc.ends_on + make_interval(years => $2))::date <= $3::date
        ORDER BY pc.ends_on, e.uploaded_at, e.id`,
      [input.programmeId, input.years, input.asOf],
    );
    return rows;
  }

  async insertRun(
    client: PoolClient,
    input: {
      programmeId: string;
      trigger: 'SCHEDULE' | 'MANUAL';
      isDryRun: boolean;
      asOf: string;
      personalDataYears: number;
      evidenceYears: number;
      userId: string | null;
      organisationId: string | null;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO retention_run (programme_id, trigger, is_dry_run, as_of, personal_data_years, evidence_years, triggered_by_user_id, triggered_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        input.programmeId,
        input.trigger,
        input.isDryRun,
        input.asOf,
        input.personalDataYears,
        input.evidenceYears,
        input.userId,
        input.organisationId,
      ],
    );
    return rows[0]!.id;
  }

  async finishRun(
    client: PoolClient,
    runId: string,
    counts: { participants: number; evidence: number },
  ): Promise<RetentionRunRow> {
    const { rows } = await client.query<RetentionRunRow>(
      `UPDATE retention_run SET participants_pseudonymised = $2, evidence_files_purged = $3, finished_at = clock_timestamp()
        WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
      [runId, counts.participants, counts.evidence],
    );
    return rows[0]!;
  }

  async listRuns(client: PoolClient, programmeId: string): Promise<RetentionRunRow[]> {
    const { rows } = await client.query<RetentionRunRow>(
      `SELECT ${RUN_COLUMNS} FROM retention_run WHERE programme_id = $1 ORDER BY started_at DESC, id LIMIT 200`,
      [programmeId],
    );
    return rows;
  }

  async isPseudonymised(client: PoolClient, participantId: string): Promise<boolean> {
    const { rowCount } = await client.query(
      'SELECT 1 FROM participant_pseudonymisation WHERE participant_id = $1',
      [participantId],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * Replaces the participant's personal fields, keeping every id, reference,
   * date and amount the money trail hangs off. The NI ciphertext becomes empty
   * (nothing decryptable is kept) and the HMAC a random value (matching by NI
   * number stops, here and in earnings rows); date of birth keeps only its year
   * (age bands); special category rows go; free text is cleared.
   */
  async pseudonymiseParticipant(
    client: PoolClient,
    input: {
      participantId: string;
      programmeId: string;
      primeContractId: string;
      cause: PseudonymisationCause;
    },
  ): Promise<PseudonymisationCounts> {
    const id = input.participantId;
    await client.query(
      `UPDATE participant SET ni_number_hmac = $2, ni_number_ciphertext = '\\x'::bytea,
              date_of_birth = date_trunc('year', date_of_birth)::date
        WHERE id = $1`,
      [id, randomBytes(32)],
    );
    const referralsOf = 'SELECT r.id FROM referral r WHERE r.participant_id = $1';
    const special = await client.query(
      'DELETE FROM participant_special_category WHERE participant_id = $1',
      [id],
    );
    const needs = await client.query(
      `UPDATE needs_assessment SET barriers = '[]'::jsonb, explanation = $2 WHERE participant_id = $1`,
      [id, REMOVED],
    );
    const notes = await client.query(
      `UPDATE activity SET notes = NULL WHERE referral_id IN (${referralsOf}) AND notes IS NOT NULL`,
      [id],
    );
    const details = await client.query(
      `UPDATE journey_event SET details = '{}'::jsonb WHERE referral_id IN (${referralsOf}) AND details <> '{}'::jsonb`,
      [id],
    );
    const jobs = await client.query(
      `UPDATE job_spell SET employer = $2 WHERE referral_id IN (${referralsOf})`,
      [id, REMOVED],
    );
    const referrals = await client.query(
      'UPDATE referral SET external_reference = NULL, version = version + 1 WHERE participant_id = $1 AND external_reference IS NOT NULL',
      [id],
    );
    // Earnings rows matched to the participant keep their amounts (claim evidence) but lose the NI link.
    const matches = await client.query(
      `UPDATE data_match_row SET ni_number_hmac = decode(md5(random()::text || id::text) || md5(random()::text || line_number::text), 'hex')
        WHERE participant_id = $1`,
      [id],
    );
    const freeTextRedacted = await this.redactFreeText(client, id);
    // The first pseudonymisation is the record's; a later erasure sweeps again and keeps it.
    await client.query(
      `INSERT INTO participant_pseudonymisation (participant_id, programme_id, prime_contract_id, reason, retention_run_id, data_subject_request_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (participant_id) DO NOTHING`,
      [
        id,
        input.programmeId,
        input.primeContractId,
        input.cause.reason,
        input.cause.reason === 'RETENTION' ? input.cause.retentionRunId : null,
        input.cause.reason === 'ERASURE' ? input.cause.dataSubjectRequestId : null,
      ],
    );
    return {
      freeTextRedacted,
      specialCategoryRows: special.rowCount ?? 0,
      needsAssessments: needs.rowCount ?? 0,
      activityNotes: notes.rowCount ?? 0,
      journeyEventDetails: details.rowCount ?? 0,
      jobSpells: jobs.rowCount ?? 0,
      referrals: referrals.rowCount ?? 0,
      dataMatchRows: matches.rowCount ?? 0,
    };
  }

  /**
   * Free text people typed about the participant, replaced by [removed]:
   * referral transition, exit and allocation reasons (except the closed-record
   * reason, which says only why the record closed), claim transition reasons,
   * claim query subjects and messages, data subject request descriptions and
   * corrected values, and evidence file names (a file named after a person).
   * Amounts, dates, states and ids stay: they are the money trail.
   */
  private async redactFreeText(client: PoolClient, participantId: string): Promise<number> {
    const keep = Object.values(CLOSED_RECORD_EXIT_REASON);
    const referralsOf = 'SELECT r.id FROM referral r WHERE r.participant_id = $1';
    const claimsOf = `SELECT c.id FROM claim c WHERE c.referral_id IN (${referralsOf})`;
    const statements: [string, unknown[]][] = [
      [
        `UPDATE referral_transition SET reason = $2 WHERE referral_id IN (${referralsOf}) AND reason IS NOT NULL AND reason <> $2 AND reason <> ALL($3::text[])`,
        [participantId, REMOVED, keep],
      ],
      [
        `UPDATE referral SET exit_reason = CASE WHEN exit_reason IS NULL OR exit_reason = ANY($3::text[]) THEN exit_reason ELSE $2 END,
                allocation_reason = CASE WHEN allocation_reason IS NULL THEN NULL ELSE $2 END, version = version + 1
          WHERE participant_id = $1 AND ((exit_reason IS NOT NULL AND exit_reason <> $2 AND exit_reason <> ALL($3::text[])) OR (allocation_reason IS NOT NULL AND allocation_reason <> $2))`,
        [participantId, REMOVED, keep],
      ],
      [
        `UPDATE claim_transition SET reason = $2 WHERE claim_id IN (${claimsOf}) AND reason IS NOT NULL AND reason <> $2`,
        [participantId, REMOVED],
      ],
      [
        `UPDATE claim_query SET subject = $2 WHERE claim_id IN (${claimsOf}) AND subject <> $2`,
        [participantId, REMOVED],
      ],
      [
        `UPDATE claim_query_message SET body = $2 WHERE claim_query_id IN (SELECT q.id FROM claim_query q WHERE q.claim_id IN (${claimsOf})) AND body <> $2`,
        [participantId, REMOVED],
      ],
      [
        `UPDATE data_subject_request SET description = $2, rectification = CASE WHEN rectification IS NULL THEN NULL ELSE '{}'::jsonb END
          WHERE participant_id = $1 AND (description <> $2 OR rectification <> '{}'::jsonb)`,
        [participantId, REMOVED],
      ],
      [
        `UPDATE evidence SET filename = $2 || coalesce(substring(filename from '(\\.[A-Za-z0-9]{1,8})$'), '')
          WHERE claim_id IN (${claimsOf}) AND filename NOT LIKE $2 || '%'`,
        [participantId, REMOVED],
      ],
    ];
    let redacted = 0;
    for (const [sql, values] of statements)
      redacted += (await client.query(sql, values)).rowCount ?? 0;
    return redacted;
  }

  /**
   * Ends the participant's live referrals: the record is closed, so nothing
   * more is delivered, recorded or claimed under it (the database refuses new
   * personal data too: trigger participant_pseudonymised_record_closed in prisma/schema.sql). Returns what was closed, for
   * the caller's audit events.
   */
  async closeLiveReferrals(
    client: PoolClient,
    input: {
      participantId: string;
      cause: PseudonymisationCause;
      byUserId: string | null;
      on: string;
    },
  ): Promise<ClosedReferral[]> {
    const reason = CLOSED_RECORD_EXIT_REASON[input.cause.reason];
    const { rows } = await client.query<ClosedReferral>(
      `WITH closed AS (
         UPDATE referral r SET status = 'EXITED', exited_on = greatest($4::date, r.attached_on), exit_reason = $2, version = r.version + 1
           FROM referral old
          WHERE old.id = r.id AND r.participant_id = $1 AND r.status IN ('RECEIVED', 'ACCEPTED', 'ALLOCATED', 'ATTACHED')
         RETURNING r.id, r.programme_id, r.prime_contract_id, old.status AS from_status
       ), transitions AS (
         INSERT INTO referral_transition (programme_id, prime_contract_id, referral_id, from_status, to_status, by_user_id, reason)
         SELECT programme_id, prime_contract_id, id, from_status, 'EXITED', $3, $2 FROM closed
       )
       SELECT id AS "referralId", from_status::text AS "fromStatus" FROM closed ORDER BY id`,
      [input.participantId, reason, input.byUserId, input.on],
    );
    return rows;
  }

  async markEvidencePurged(
    client: PoolClient,
    input: {
      evidenceId: string;
      programmeId: string;
      primeContractId: string;
      retentionRunId: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO evidence_purge (evidence_id, programme_id, prime_contract_id, retention_run_id) VALUES ($1, $2, $3, $4)`,
      [input.evidenceId, input.programmeId, input.primeContractId, input.retentionRunId],
    );
  }
}
