// Append-only, hash-chained audit trail. Each event stores the hash of the
// previous one; its own hash covers that link and its canonical content, so
// editing or deleting any row breaks verification from there on. Writers
// serialise on a transaction-scoped advisory lock so the chain never forks.
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../db/database.module';
import { type AuditChainVerification, hashAuditEvent, verifyAuditChain } from './audit-chain';

export { type AuditChainVerification, hashAuditEvent, verifyAuditChain } from './audit-chain';

/** "audit" in ASCII: the advisory lock that orders the chain. */
const AUDIT_CHAIN_LOCK = 0x6175646974;

export interface AuditEventInput {
  actorUserId: string | null;
  actorOrganisationId: string | null;
  /** Verb-first, dotted: `auth.sign-in`, `claim.approve`, `participant.read-special-category`. */
  action: string;
  entityType: string;
  entityId: string;
  programmeId?: string | null;
  /** Who/why details: reason, from/to states, fields read. Never secrets. */
  data?: Record<string, unknown>;
}


@Injectable()
export class AuditService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Appends one event inside the caller's transaction (so it commits with the change it records). */
  async record(client: PoolClient, input: AuditEventInput): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const previous = await client.query<{ hash: Buffer }>('SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    const prevHash = previous.rows[0]?.hash ?? null;
    const event = {
      occurred_at: new Date(),
      actor_user_id: input.actorUserId,
      actor_organisation_id: input.actorOrganisationId,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      programme_id: input.programmeId ?? null,
      data: input.data ?? {},
    };
    const hash = hashAuditEvent(prevHash, event);
    await client.query(
      `INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, programme_id, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [event.occurred_at, event.actor_user_id, event.actor_organisation_id, event.action, event.entity_type, event.entity_id, event.programme_id, event.data, prevHash, hash],
    );
  }

  /** Walks the whole chain in order, in pages, recomputing every hash and link. */
  verifyChain(): Promise<AuditChainVerification> {
    return verifyAuditChain(this.pool);
  }
}
