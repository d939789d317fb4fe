// Query threads on claims (claim_query + claim_query_message).
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { visibleClaimSql } from '../claims/claim-scope';

export interface ClaimQueryRow {
  id: string;
  claimId: string;
  programmeId: string;
  primeContractId: string;
  subject: string;
  raisedByUserId: string;
  raisedByOrganisationId: string;
  raisedAt: Date;
  resolvedAt: Date | null;
}

export interface ClaimQueryMessageRow {
  id: string;
  claimQueryId: string;
  authorUserId: string;
  authorOrganisationId: string;
  body: string;
  sentAt: Date;
}

const QUERY_SELECT = `SELECT q.id, q.claim_id AS "claimId", q.programme_id AS "programmeId", q.prime_contract_id AS "primeContractId", q.subject,
  q.raised_by_user_id AS "raisedByUserId", u.organisation_id AS "raisedByOrganisationId", q.raised_at AS "raisedAt", q.resolved_at AS "resolvedAt"
  FROM claim_query q JOIN app_user u ON u.id = q.raised_by_user_id JOIN claim c ON c.id = q.claim_id`;

@Injectable()
export class ClaimQueriesRepository {
  async insertThread(
    client: PoolClient,
    claim: { id: string; programmeId: string; primeContractId: string },
    thread: { subject: string; raisedByUserId: string },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO claim_query (programme_id, prime_contract_id, claim_id, subject, raised_by_user_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [claim.programmeId, claim.primeContractId, claim.id, thread.subject, thread.raisedByUserId],
    );
    const id = rows[0]!.id;
    await this.insertMessage(client, id, {
      authorUserId: thread.raisedByUserId,
      body: thread.subject,
    });
    return id;
  }

  async insertMessage(
    client: PoolClient,
    claimQueryId: string,
    message: { authorUserId: string; body: string },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO claim_query_message (claim_query_id, author_user_id, body) VALUES ($1, $2, $3) RETURNING id',
      [claimQueryId, message.authorUserId, message.body],
    );
    return rows[0]!.id;
  }

  async findVisible(
    client: PoolClient,
    organisationId: string,
    queryId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ClaimQueryRow | undefined> {
    const { rows } = await client.query<ClaimQueryRow>(
      `${QUERY_SELECT} WHERE q.id = $2 AND ${visibleClaimSql('c', '$1')}${options.forUpdate ? ' FOR UPDATE OF q' : ''}`,
      [organisationId, queryId],
    );
    return rows[0];
  }

  async listForClaim(client: PoolClient, claimId: string): Promise<ClaimQueryRow[]> {
    const { rows } = await client.query<ClaimQueryRow>(
      `${QUERY_SELECT} WHERE q.claim_id = $1 ORDER BY q.raised_at, q.id`,
      [claimId],
    );
    return rows;
  }

  async messagesOf(client: PoolClient, queryIds: string[]): Promise<ClaimQueryMessageRow[]> {
    const { rows } = await client.query<ClaimQueryMessageRow>(
      `SELECT m.id, m.claim_query_id AS "claimQueryId", m.author_user_id AS "authorUserId", u.organisation_id AS "authorOrganisationId", m.body, m.sent_at AS "sentAt"
       FROM claim_query_message m JOIN app_user u ON u.id = m.author_user_id
       WHERE m.claim_query_id = ANY($1::uuid[]) ORDER BY m.sent_at, m.id`,
      [queryIds],
    );
    return rows;
  }

  async isClaimVisible(
    client: PoolClient,
    organisationId: string,
    claimId: string,
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `SELECT 1 FROM claim c WHERE c.id = $2 AND ${visibleClaimSql('c', '$1')}`,
      [organisationId, claimId],
    );
    return (rowCount ?? 0) > 0;
  }

  async resolve(client: PoolClient, queryId: string): Promise<void> {
    await client.query('UPDATE claim_query SET resolved_at = now() WHERE id = $1', [queryId]);
  }
}
