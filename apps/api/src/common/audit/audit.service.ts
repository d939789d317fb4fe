// Append-only, hash-chained audit trail: one chain per acting organisation,
// anchored every minute in a global chain (audit-chain.ts). Appending locks
// only the actor's organisation's chain, so organisations write in parallel.
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { CLOCK, type Clock, systemClock } from '../clock/clock';
import { PG_POOL } from '../db/database.module';
import { appendAuditEvent, type AuditChainVerification, verifyAuditChain } from './audit-chain';

export { type AuditChainVerification, hashAuditEvent, verifyAuditChain } from './audit-chain';

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
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    // When the event happened in business time (a test's pinned day); the chain's order is its sequence, not this.
    @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /** Appends one event inside the caller's transaction (so it commits with the change it records). */
  async record(client: PoolClient, input: AuditEventInput): Promise<void> {
    await appendAuditEvent(client, {
      occurred_at: this.clock.now(),
      actor_user_id: input.actorUserId,
      actor_organisation_id: input.actorOrganisationId,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      programme_id: input.programmeId ?? null,
      data: input.data ?? {},
    });
  }

  /** Walks every chain and the anchors, recomputing every hash and link. */
  verifyChain(): Promise<AuditChainVerification> {
    return verifyAuditChain(this.pool);
  }
}
