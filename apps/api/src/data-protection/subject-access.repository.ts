// Every query a subject access export makes: everything held about one
// participant, read through the caller's slice (party-scoped client).
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface SubjectParticipantRow {
  id: string;
  reference: string;
  programmeId: string;
  primeContractId: string;
  commissionerId: string;
  primeId: string;
  niNumberCiphertext: Buffer;
  benefitType: string | null;
  dateOfBirth: string | null;
  createdAt: Date;
  pseudonymisedAt: Date | null;
}

type JsonRow = Record<string, unknown>;

const rowsOf = async (client: PoolClient, sql: string, values: unknown[]): Promise<JsonRow[]> =>
  (await client.query<{ row: JsonRow }>(sql, values)).rows.map((r) => r.row);

@Injectable()
export class SubjectAccessRepository {
  async findParticipant(
    client: PoolClient,
    participantId: string,
  ): Promise<SubjectParticipantRow | undefined> {
    const { rows } = await client.query<SubjectParticipantRow>(
      `SELECT p.id, p.reference, p.programme_id AS "programmeId", p.prime_contract_id AS "primeContractId",
              prog.commissioner_id AS "commissionerId", pc.prime_id AS "primeId",
              p.ni_number_ciphertext AS "niNumberCiphertext", p.benefit_type AS "benefitType", p.date_of_birth::text AS "dateOfBirth",
              p.created_at AS "createdAt", pp.pseudonymised_at AS "pseudonymisedAt"
         FROM participant p
         JOIN programme prog ON prog.id = p.programme_id
         JOIN prime_contract pc ON pc.id = p.prime_contract_id
         LEFT JOIN participant_pseudonymisation pp ON pp.participant_id = p.id
        WHERE p.id = $1`,
      [participantId],
    );
    return rows[0];
  }

  async findSpecialCategory(client: PoolClient, participantId: string): Promise<JsonRow | null> {
    const { rows } = await client.query<{
      data: JsonRow;
      recordedByUserId: string;
      recordedAt: Date;
    }>(
      'SELECT data, recorded_by_user_id AS "recordedByUserId", recorded_at AS "recordedAt" FROM participant_special_category WHERE participant_id = $1',
      [participantId],
    );
    const row = rows[0];
    return row
      ? {
          ...row.data,
          recordedByUserId: row.recordedByUserId,
          recordedAt: row.recordedAt.toISOString(),
        }
      : null;
  }

  needsAssessments(client: PoolClient, participantId: string): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(na) - 'programme_id' - 'prime_contract_id' || jsonb_build_object('payment_group', pg.code) AS row
         FROM needs_assessment na JOIN payment_group pg ON pg.id = na.payment_group_id
        WHERE na.participant_id = $1 ORDER BY na.assessed_at, na.id`,
      [participantId],
    );
  }

  referrals(client: PoolClient, participantId: string): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(r) AS row FROM referral r WHERE r.participant_id = $1 ORDER BY r.received_at, r.id`,
      [participantId],
    );
  }

  referralTransitions(client: PoolClient, referralIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(t) - 'programme_id' - 'prime_contract_id' AS row FROM referral_transition t WHERE t.referral_id = ANY($1::uuid[]) ORDER BY t.at, t.id`,
      [referralIds],
    );
  }

  activities(client: PoolClient, referralIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(a) - 'programme_id' - 'prime_contract_id' AS row FROM activity a WHERE a.referral_id = ANY($1::uuid[]) ORDER BY a.occurred_on, a.id`,
      [referralIds],
    );
  }

  journeyEvents(client: PoolClient, referralIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(j) - 'programme_id' - 'prime_contract_id' AS row FROM journey_event j WHERE j.referral_id = ANY($1::uuid[]) ORDER BY j.achieved_on, j.id`,
      [referralIds],
    );
  }

  jobSpells(client: PoolClient, referralIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(s) - 'programme_id' - 'prime_contract_id' AS row FROM job_spell s WHERE s.referral_id = ANY($1::uuid[]) ORDER BY s.started_on, s.id`,
      [referralIds],
    );
  }

  claims(client: PoolClient, referralIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(c) - 'programme_id' - 'prime_contract_id' || jsonb_build_object('milestone_code', mt.code, 'amount_pence', c.amount_pence::text) AS row
         FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
        WHERE c.referral_id = ANY($1::uuid[]) ORDER BY c.milestone_on, c.id`,
      [referralIds],
    );
  }

  claimTransitions(client: PoolClient, claimIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(t) - 'programme_id' - 'prime_contract_id' AS row FROM claim_transition t WHERE t.claim_id = ANY($1::uuid[]) ORDER BY t.at, t.id`,
      [claimIds],
    );
  }

  evidence(client: PoolClient, claimIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT jsonb_build_object('id', e.id, 'claim_id', e.claim_id, 'filename', e.filename, 'content_type', e.content_type, 'size_bytes', e.size_bytes::text,
                'sha256', encode(e.sha256, 'hex'), 'uploaded_by_user_id', e.uploaded_by_user_id, 'uploaded_at', e.uploaded_at, 'file_purged_at', ep.purged_at) AS row
         FROM evidence e LEFT JOIN evidence_purge ep ON ep.evidence_id = e.id
        WHERE e.claim_id = ANY($1::uuid[]) ORDER BY e.uploaded_at, e.id`,
      [claimIds],
    );
  }

  /** Queries raised about the participant's claims, each with its thread of messages. */
  claimQueries(client: PoolClient, claimIds: string[]): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT jsonb_build_object('id', q.id, 'claim_id', q.claim_id, 'subject', q.subject, 'raised_by_user_id', q.raised_by_user_id, 'raised_at', q.raised_at,
                'resolved_at', q.resolved_at,
                'messages', (SELECT coalesce(jsonb_agg(jsonb_build_object('author_user_id', m.author_user_id, 'body', m.body, 'sent_at', m.sent_at) ORDER BY m.sent_at, m.id), '[]'::jsonb)
                               FROM claim_query_message m WHERE m.claim_query_id = q.id)) AS row
         FROM claim_query q WHERE q.claim_id = ANY($1::uuid[]) ORDER BY q.raised_at, q.id`,
      [claimIds],
    );
  }

  /** Earnings rows (HMRC-style data matches) linked to the participant, with the file they came from. */
  dataMatchRows(client: PoolClient, participantId: string): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT jsonb_build_object('id', d.id, 'source', u.source, 'filename', u.filename, 'line_number', d.line_number, 'period_start', d.period_start, 'period_end', d.period_end,
                'earnings_pence', d.earnings_pence::text, 'hours_worked', d.hours_worked, 'uploaded_by_user_id', u.uploaded_by_user_id, 'uploaded_at', u.uploaded_at) AS row
         FROM data_match_row d JOIN data_match_upload u ON u.id = d.upload_id
        WHERE d.participant_id = $1 ORDER BY d.period_start, u.uploaded_at, d.line_number`,
      [participantId],
    );
  }

  /** Display names and organisations of the people the export mentions, so it names them instead of giving ids. */
  async people(
    client: PoolClient,
    userIds: string[],
  ): Promise<Map<string, { name: string; organisationName: string }>> {
    const { rows } = await client.query<{ id: string; name: string; organisationName: string }>(
      `SELECT u.id, u.display_name AS name, o.name AS "organisationName" FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(
      rows.map((row) => [row.id, { name: row.name, organisationName: row.organisationName }]),
    );
  }

  async organisations(client: PoolClient, organisationIds: string[]): Promise<Map<string, string>> {
    const { rows } = await client.query<{ id: string; name: string }>(
      'SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])',
      [organisationIds],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  dataSubjectRequests(client: PoolClient, participantId: string): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT to_jsonb(d) - 'programme_id' - 'prime_contract_id' AS row FROM data_subject_request d WHERE d.participant_id = $1 ORDER BY d.requested_at, d.id`,
      [participantId],
    );
  }

  /** Audit events about the participant or anything hung off it (ids only in their data, by design). */
  auditEvents(
    client: PoolClient,
    refs: {
      participantId: string;
      referralIds: string[];
      claimIds: string[];
      evidenceIds: string[];
      requestIds: string[];
    },
  ): Promise<JsonRow[]> {
    return rowsOf(
      client,
      `SELECT jsonb_build_object('seq', a.seq::text, 'occurred_at', a.occurred_at, 'actor_user_id', a.actor_user_id, 'actor_organisation_id', a.actor_organisation_id,
                'action', a.action, 'entity_type', a.entity_type, 'entity_id', a.entity_id, 'data', a.data) AS row
         FROM audit_event a
        WHERE (a.entity_type = 'participant' AND a.entity_id = $1)
           OR (a.entity_type = 'referral' AND a.entity_id = ANY($2::text[]))
           OR (a.entity_type = 'claim' AND a.entity_id = ANY($3::text[]))
           OR (a.entity_type = 'evidence' AND a.entity_id = ANY($4::text[]))
           OR (a.entity_type = 'data_subject_request' AND a.entity_id = ANY($5::text[]))
        ORDER BY a.seq`,
      [refs.participantId, refs.referralIds, refs.claimIds, refs.evidenceIds, refs.requestIds],
    );
  }
}
