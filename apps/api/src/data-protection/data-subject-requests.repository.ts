// Every query on data_subject_request and data_subject_request_transition,
// and the rectification of a participant's fields.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { type DataSubjectRequestStatus } from './data-subject-request-transitions';

export interface RequestRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  participantId: string;
  participantReference: string;
  commissionerId: string;
  kind: 'ERASURE' | 'RECTIFICATION';
  status: DataSubjectRequestStatus;
  receivedOn: string;
  description: string;
  lawfulBasisNotes: string | null;
  rectification: { dateOfBirth?: string; benefitType?: string } | null;
  requestedByUserId: string;
  requestedByOrganisationId: string;
  requestedAt: Date;
  decidedByUserId: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  executedByUserId: string | null;
  executedAt: Date | null;
  version: number;
}

export interface TransitionRow {
  fromStatus: DataSubjectRequestStatus | null;
  toStatus: DataSubjectRequestStatus;
  byUserId: string;
  at: Date;
  reason: string | null;
}

const REQUEST_COLUMNS = `d.id, d.programme_id AS "programmeId", d.prime_contract_id AS "primeContractId", d.participant_id AS "participantId",
  p.reference AS "participantReference", prog.commissioner_id AS "commissionerId", d.kind, d.status, d.received_on::text AS "receivedOn",
  d.description, d.lawful_basis_notes AS "lawfulBasisNotes", d.rectification, d.requested_by_user_id AS "requestedByUserId",
  d.requested_by_organisation_id AS "requestedByOrganisationId", d.requested_at AS "requestedAt", d.decided_by_user_id AS "decidedByUserId",
  d.decided_at AS "decidedAt", d.decision_reason AS "decisionReason", d.executed_by_user_id AS "executedByUserId", d.executed_at AS "executedAt", d.version`;
const REQUEST_FROM = `data_subject_request d JOIN participant p ON p.id = d.participant_id JOIN programme prog ON prog.id = d.programme_id`;

@Injectable()
export class DataSubjectRequestsRepository {
  async findParticipant(
    client: PoolClient,
    participantId: string,
  ): Promise<{ id: string; programmeId: string; primeContractId: string } | undefined> {
    const { rows } = await client.query<{
      id: string;
      programmeId: string;
      primeContractId: string;
    }>(
      'SELECT id, programme_id AS "programmeId", prime_contract_id AS "primeContractId" FROM participant WHERE id = $1',
      [participantId],
    );
    return rows[0];
  }

  async insert(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      participantId: string;
      kind: 'ERASURE' | 'RECTIFICATION';
      receivedOn: string;
      description: string;
      lawfulBasisNotes: string | null;
      rectification: object | null;
      userId: string;
      organisationId: string;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO data_subject_request (programme_id, prime_contract_id, participant_id, kind, received_on, description, lawful_basis_notes, rectification, requested_by_user_id, requested_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        input.programmeId,
        input.primeContractId,
        input.participantId,
        input.kind,
        input.receivedOn,
        input.description,
        input.lawfulBasisNotes,
        input.rectification,
        input.userId,
        input.organisationId,
      ],
    );
    return rows[0]!.id;
  }

  /** With `forUpdate`, locks the request so two deciders cannot both move it. */
  async find(
    client: PoolClient,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<RequestRow | undefined> {
    const { rows } = await client.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE d.id = $1${options.forUpdate ? ' FOR UPDATE OF d' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** Newest first, keyset on (requested_at, id). */
  async list(
    client: PoolClient,
    filter: {
      programmeId?: string | undefined;
      status?: DataSubjectRequestStatus | undefined;
      after?: { requestedAt: string; id: string } | undefined;
      limit: number;
    },
  ): Promise<RequestRow[]> {
    const { rows } = await client.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM}
        WHERE ($1::uuid IS NULL OR d.programme_id = $1) AND ($2::"DataSubjectRequestStatus" IS NULL OR d.status = $2)
          AND ($3::timestamptz IS NULL OR (d.requested_at, d.id) < ($3::timestamptz, $4::uuid))
        ORDER BY d.requested_at DESC, d.id DESC LIMIT $5`,
      [
        filter.programmeId ?? null,
        filter.status ?? null,
        filter.after?.requestedAt ?? null,
        filter.after?.id ?? null,
        filter.limit,
      ],
    );
    return rows;
  }

  async listTransitions(client: PoolClient, requestId: string): Promise<TransitionRow[]> {
    const { rows } = await client.query<TransitionRow>(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", by_user_id AS "byUserId", at, reason
         FROM data_subject_request_transition WHERE request_id = $1 ORDER BY at, id`,
      [requestId],
    );
    return rows;
  }

  async insertTransition(
    client: PoolClient,
    input: {
      requestId: string;
      from: DataSubjectRequestStatus | null;
      to: DataSubjectRequestStatus;
      userId: string;
      reason: string | null;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO data_subject_request_transition (request_id, from_status, to_status, by_user_id, reason, at) VALUES ($1, $2, $3, $4, $5, clock_timestamp())`,
      [input.requestId, input.from, input.to, input.userId, input.reason],
    );
  }

  async decide(
    client: PoolClient,
    input: {
      id: string;
      version: number;
      to: 'APPROVED' | 'REFUSED';
      userId: string;
      reason: string;
    },
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE data_subject_request SET status = $3, decided_by_user_id = $4, decided_at = now(), decision_reason = $5, version = version + 1
        WHERE id = $1 AND version = $2`,
      [input.id, input.version, input.to, input.userId, input.reason],
    );
    return rowCount === 1;
  }

  async markExecuted(
    client: PoolClient,
    input: { id: string; version: number; userId: string },
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE data_subject_request SET status = 'EXECUTED', executed_by_user_id = $3, executed_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [input.id, input.version, input.userId],
    );
    return rowCount === 1;
  }

  /** Corrects the participant's own fields; needs assessments are history and are reassessed, not rewritten. */
  async rectifyParticipant(
    client: PoolClient,
    participantId: string,
    fields: { dateOfBirth?: string | undefined; benefitType?: string | undefined },
  ): Promise<void> {
    await client.query(
      `UPDATE participant SET date_of_birth = COALESCE($2::date, date_of_birth), benefit_type = COALESCE($3, benefit_type) WHERE id = $1`,
      [participantId, fields.dateOfBirth ?? null, fields.benefitType ?? null],
    );
  }
}
