import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface StoredResponse {
  route: string;
  requestHash: Buffer;
  responseStatus: number;
  responseBody: unknown;
}

@Injectable()
export class IdempotencyRepository {
  /**
   * A transaction-scoped advisory lock on (organisation, key): false while another
   * transaction holding the same key is still in flight.
   */
  async tryLockKey(client: PoolClient, organisationId: string, key: string): Promise<boolean> {
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
      [`idempotency:${organisationId}:${key}`],
    );
    return rows[0]!.locked;
  }

  async findKey(
    client: PoolClient,
    organisationId: string,
    key: string,
  ): Promise<StoredResponse | undefined> {
    const { rows } = await client.query<StoredResponse>(
      `SELECT route, request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
       FROM idempotency_key WHERE organisation_id = $1 AND key = $2`,
      [organisationId, key],
    );
    return rows[0];
  }

  async insertKey(
    client: PoolClient,
    input: {
      organisationId: string;
      key: string;
      route: string;
      requestHash: Buffer;
      responseStatus: number;
      responseBody: string;
    },
  ): Promise<unknown> {
    // The body returned is the stored one, so the first answer and every replay are the same bytes (found by
    // `npm run drill:failover` and `drill:faults`, which compare them); the column is json, which keeps the text as sent.
    const { rows } = await client.query<{ responseBody: unknown }>(
      `INSERT INTO idempotency_key (organisation_id, key, route, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5, $6::json)
       RETURNING response_body AS "responseBody"`,
      [
        input.organisationId,
        input.key,
        input.route,
        input.requestHash,
        input.responseStatus,
        input.responseBody,
      ],
    );
    return rows[0]!.responseBody;
  }
}
