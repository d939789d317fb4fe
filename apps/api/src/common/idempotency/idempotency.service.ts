// Stripe-style idempotency for money-moving POSTs. The key is locked, looked
// up, the work done and the key stored with its response in ONE party-scoped
// transaction: either both commit or neither does, so a crash mid-way leaves
// nothing to replay and the retry simply does the work. Failed requests are
// not stored (nothing was committed), so they can be retried with the same key.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { canonicalJson } from '../audit/canonical-json';
import { type Principal } from '../auth/principal';
import { PG_POOL } from '../db/database.module';
import { withPartyScope } from '../db/party-scope';
import { AppError } from '../errors/app-error';
import { IdempotencyError } from './idempotency.errors';
import { IdempotencyRepository } from './idempotency.repository';

export interface IdempotentRequest {
  key: string;
  /** Method and path (with its ids), e.g. `POST /remittances/…/paid`: part of what the key stands for. */
  route: string;
  body: unknown;
  /** The status a first, successful response answers with. */
  status: number;
}

export interface IdempotentResponse<T> {
  status: number;
  body: T;
  isReplay: boolean;
}

export function hashRequest(route: string, body: unknown): Buffer {
  return createHash('sha256').update(canonicalJson({ route, body })).digest();
}

@Injectable()
export class IdempotencyService {
  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async run<T>(
    principal: Principal,
    request: IdempotentRequest,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<IdempotentResponse<T>> {
    const requestHash = hashRequest(request.route, request.body);
    return withPartyScope(this.pool, principal, async (client) => {
      if (!(await this.keys.tryLockKey(client, principal.organisationId, request.key))) {
        throw new AppError(
          IdempotencyError.IDEMPOTENCY_REQUEST_IN_FLIGHT,
          'A request with this Idempotency-Key is still being processed; retry shortly to receive its result.',
          [],
          { 'retry-after': '1' },
        );
      }
      const stored = await this.keys.findKey(client, principal.organisationId, request.key);
      if (stored) {
        if (!stored.requestHash.equals(requestHash)) {
          throw new AppError(
            IdempotencyError.IDEMPOTENCY_KEY_REUSED,
            `This Idempotency-Key was first used for ${stored.route} with a different body; use a new key for a new request.`,
            [{ field: 'headers.idempotency-key', message: 'was used for a different request' }],
          );
        }
        return { status: stored.responseStatus, body: stored.responseBody as T, isReplay: true };
      }
      const result = await work(client);
      // Stored as it goes out (money already as strings); the first answer is the stored body read back, so a replay is
      // byte-for-byte the same JSON (the column is json, not jsonb, which would re-order the keys).
      const storedBody = await this.keys.insertKey(client, {
        organisationId: principal.organisationId,
        key: request.key,
        route: request.route,
        requestHash,
        responseStatus: request.status,
        responseBody: JSON.stringify(result),
      });
      return { status: request.status, body: storedBody as T, isReplay: false };
    });
  }
}
