// The audit hash chain itself, free of Nest so scripts (npm run audit:verify)
// and drills can use it directly: each event's hash covers the previous
// event's hash and its own canonical content.
import { createHash } from 'node:crypto';
import { type Pool } from 'pg';
import { canonicalJson } from './canonical-json';

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
