// Append-only, hash-chained audit trail. Each event stores the hash of the
// previous one; its own hash covers that link and its canonical content, so
// editing or deleting any row breaks verification from there on. Writers
// serialise on a transaction-scoped advisory lock so the chain never forks.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../db/database.module';
import { canonicalJson } from './canonical-json';

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

export interface AuditChainVerification {
  isValid: boolean;
  eventsChecked: number;
  /** First event whose stored hash or link does not match, when invalid. */
  firstBrokenSeq: string | null;
  reason: string | null;
}

interface StoredEvent {
  seq: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  programme_id: string | null;
  data: Record<string, unknown>;
  prev_hash: Buffer | null;
  hash: Buffer;
}

export function hashAuditEvent(prevHash: Buffer | null, event: Omit<StoredEvent, 'seq' | 'prev_hash' | 'hash'>): Buffer {
  const content = canonicalJson({
    occurredAt: event.occurred_at.toISOString(),
    actorUserId: event.actor_user_id,
    actorOrganisationId: event.actor_organisation_id,
    action: event.action,
    entityType: event.entity_type,
    entityId: event.entity_id,
    programmeId: event.programme_id,
    data: event.data,
  });
  return createHash('sha256')
    .update(prevHash ?? Buffer.alloc(0))
    .update(content)
    .digest();
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

/** Walks the whole chain in order, in pages, recomputing every hash and link (also `npm run audit:verify`). */
export async function verifyAuditChain(pool: Pick<Pool, 'query'>): Promise<AuditChainVerification> {
  const pageSize = 5000;
  let afterSeq = '0';
  let prevHash: Buffer | null = null;
  let eventsChecked = 0;
  for (;;) {
    const { rows } = await pool.query<StoredEvent>(
      // Order by the bigint column, not the text alias (which would sort 10 before 2).
      `SELECT seq::text, occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, programme_id, data, prev_hash, hash
       FROM audit_event WHERE audit_event.seq > $1 ORDER BY audit_event.seq LIMIT $2`,
      [afterSeq, pageSize],
    );
    for (const row of rows) {
      const linkOk = prevHash === null ? row.prev_hash === null : row.prev_hash !== null && row.prev_hash.equals(prevHash);
      if (!linkOk) return { isValid: false, eventsChecked, firstBrokenSeq: row.seq, reason: 'the link to the previous event does not match (an event was removed or reordered)' };
      if (!hashAuditEvent(row.prev_hash, row).equals(row.hash)) {
        return { isValid: false, eventsChecked, firstBrokenSeq: row.seq, reason: 'the stored hash does not match the event content (the event was altered)' };
      }
      prevHash = row.hash;
      eventsChecked++;
    }
    if (rows.length < pageSize) return { isValid: true, eventsChecked, firstBrokenSeq: null, reason: null };
    afterSeq = rows[rows.length - 1]!.seq;
  }
}
