// Reading the audit trail (never writing it: common/audit/audit.service.ts
// appends). Who sees which events is one SQL condition, built from the
// caller's scope (audit-trail.service.ts decides it; docs/operations.md
// "Audit trail" says why):
//   ALL           the platform: every event
//   COMMISSIONER  events in the commissioner's programmes, and its own people's
//   OWN           its own people's events
//   RECORD        every event about one record the caller may see (its visibility checked first)
// Names come from joins; a record is described in words only where the
// caller's row-level security shows it (the reads run in the party scope).
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export type AuditScope =
  | { kind: 'ALL' }
  | { kind: 'COMMISSIONER'; organisationId: string }
  | { kind: 'OWN'; organisationId: string }
  | { kind: 'RECORD'; entityType: 'claim' | 'referral'; entityId: string };

export interface AuditFilter {
  actorUserId?: string | undefined;
  organisationId?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditEventRow {
  seq: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorOrganisationId: string | null;
  actorOrganisationName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  programmeName: string | null;
  record: string | null;
  data: Record<string, unknown>;
}

// $1 scope kind, $2 organisation, $3 record type, $4 record id; $5.. the filters.
const WHERE = `
  ( $1::text = 'ALL'
    OR ($1 = 'OWN' AND e.actor_organisation_id = $2::uuid)
    OR ($1 = 'COMMISSIONER' AND (e.actor_organisation_id = $2::uuid OR e.programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = $2::uuid)))
    OR ($1 = 'RECORD' AND $3 = 'claim' AND ((e.entity_type = 'claim' AND e.entity_id = $4) OR (e.entity_type IN ('claim_query', 'evidence') AND e.data->>'claimId' = $4)))
    OR ($1 = 'RECORD' AND $3 = 'referral' AND ((e.entity_type = 'referral' AND e.entity_id = $4) OR (e.entity_type = 'participant' AND e.data->>'referralId' = $4))) )
  AND ($5::uuid IS NULL OR e.actor_user_id = $5)
  AND ($6::uuid IS NULL OR e.actor_organisation_id = $6)
  AND ($7::text IS NULL OR e.action = $7)
  AND ($8::text IS NULL OR e.entity_type = $8)
  AND ($9::text IS NULL OR e.entity_id = $9)
  AND ($10::date IS NULL OR e.occurred_at >= ($10::date::timestamp AT TIME ZONE 'UTC'))
  AND ($11::date IS NULL OR e.occurred_at < (($11::date + 1)::timestamp AT TIME ZONE 'UTC'))`;

// The record in words, per type; each subquery runs only for its own type (so only its ids are cast).
const RECORD_LABEL = `CASE e.entity_type
    WHEN 'claim' THEN (SELECT mt.name || ' claim for participant ' || pa.reference FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
                         JOIN referral r ON r.id = c.referral_id JOIN participant pa ON pa.id = r.participant_id WHERE c.id = e.entity_id::uuid)
    WHEN 'claim_query' THEN (SELECT 'Query on the ' || mt.name || ' claim for participant ' || pa.reference FROM claim_query q JOIN claim c ON c.id = q.claim_id
                         JOIN milestone_type mt ON mt.id = c.milestone_type_id JOIN referral r ON r.id = c.referral_id JOIN participant pa ON pa.id = r.participant_id WHERE q.id = e.entity_id::uuid)
    WHEN 'referral' THEN (SELECT 'Referral of participant ' || pa.reference FROM referral r JOIN participant pa ON pa.id = r.participant_id WHERE r.id = e.entity_id::uuid)
    WHEN 'participant' THEN (SELECT 'Participant ' || pa.reference FROM participant pa WHERE pa.id = e.entity_id::uuid)
    WHEN 'organisation' THEN (SELECT o.name FROM organisation o WHERE o.id = e.entity_id::uuid)
    WHEN 'app_user' THEN (SELECT u.display_name FROM app_user u WHERE u.id = e.entity_id::uuid)
    WHEN 'programme' THEN (SELECT pr.name FROM programme pr WHERE pr.id = e.entity_id::uuid)
    WHEN 'prime_contract' THEN (SELECT 'Prime contract ' || pc.reference FROM prime_contract pc WHERE pc.id = e.entity_id::uuid)
    WHEN 'subcontract' THEN (SELECT 'Subcontract with ' || o.name FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id WHERE s.id = e.entity_id::uuid)
    WHEN 'subcontractor_payment' THEN (SELECT 'Payment to ' || o.name || ' for ' || sp.period_start || ' to ' || sp.period_end FROM subcontractor_payment sp
                         JOIN subcontract s ON s.id = sp.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id WHERE sp.id = e.entity_id::uuid)
    WHEN 'remittance' THEN (SELECT 'Remittance for ' || rm.period_start || ' to ' || rm.period_end FROM remittance rm WHERE rm.id = e.entity_id::uuid)
  END`;

function parameters(scope: AuditScope, filter: AuditFilter): unknown[] {
  return [
    scope.kind,
    scope.kind === 'OWN' || scope.kind === 'COMMISSIONER' ? scope.organisationId : null,
    scope.kind === 'RECORD' ? scope.entityType : null,
    scope.kind === 'RECORD' ? scope.entityId : null,
    filter.actorUserId ?? null,
    filter.organisationId ?? null,
    filter.action ?? null,
    filter.entityType ?? null,
    filter.entityId ?? null,
    filter.from ?? null,
    filter.to ?? null,
  ];
}

@Injectable()
export class AuditTrailRepository {
  /** Newest first, one page (by offset: auditors ask for page N of M). */
  async page(
    client: PoolClient,
    scope: AuditScope,
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<AuditEventRow[]> {
    const { rows } = await client.query<AuditEventRow>(
      `SELECT e.seq::text AS seq, e.occurred_at AS "occurredAt", e.actor_user_id AS "actorUserId", u.display_name AS "actorName",
              e.actor_organisation_id AS "actorOrganisationId", o.name AS "actorOrganisationName", e.action, e.entity_type AS "entityType",
              e.entity_id AS "entityId", pr.name AS "programmeName", ${RECORD_LABEL} AS record, e.data
         FROM (SELECT * FROM audit_event e WHERE ${WHERE} ORDER BY e.seq DESC OFFSET $12 LIMIT $13) e
         LEFT JOIN app_user u ON u.id = e.actor_user_id
         LEFT JOIN organisation o ON o.id = e.actor_organisation_id
         LEFT JOIN programme pr ON pr.id = e.programme_id
        ORDER BY e.seq DESC`,
      [...parameters(scope, filter), page.offset, page.limit],
    );
    return rows;
  }

  async count(client: PoolClient, scope: AuditScope, filter: AuditFilter): Promise<number> {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_event e WHERE ${WHERE}`,
      parameters(scope, filter),
    );
    return Number(rows[0]!.n);
  }

  /** Everything matching, oldest first, in pages after a sequence number (for the CSV export). */
  async after(
    client: PoolClient,
    scope: AuditScope,
    filter: AuditFilter,
    afterSeq: string,
    limit: number,
  ): Promise<AuditEventRow[]> {
    const { rows } = await client.query<AuditEventRow>(
      `SELECT e.seq::text AS seq, e.occurred_at AS "occurredAt", e.actor_user_id AS "actorUserId", u.display_name AS "actorName",
              e.actor_organisation_id AS "actorOrganisationId", o.name AS "actorOrganisationName", e.action, e.entity_type AS "entityType",
              e.entity_id AS "entityId", pr.name AS "programmeName", ${RECORD_LABEL} AS record, e.data
         FROM (SELECT * FROM audit_event e WHERE ${WHERE} AND e.seq > $12::bigint ORDER BY e.seq LIMIT $13) e
         LEFT JOIN app_user u ON u.id = e.actor_user_id
         LEFT JOIN organisation o ON o.id = e.actor_organisation_id
         LEFT JOIN programme pr ON pr.id = e.programme_id
        ORDER BY e.seq`,
      [...parameters(scope, filter), afterSeq, limit],
    );
    return rows;
  }

  /** The people whose events the scope shows, for the actor filter (at most `limit`, by name). */
  async actors(
    client: PoolClient,
    scope: AuditScope,
    limit: number,
  ): Promise<{ userId: string; name: string; organisationName: string }[]> {
    const { rows } = await client.query<{ userId: string; name: string; organisationName: string }>(
      `SELECT u.id AS "userId", u.display_name AS name, o.name AS "organisationName"
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.id IN (SELECT DISTINCT e.actor_user_id FROM audit_event e WHERE ${WHERE} AND e.actor_user_id IS NOT NULL)
        ORDER BY u.display_name, o.name, u.id
        LIMIT $12`,
      [...parameters(scope, {}), limit],
    );
    return rows;
  }
}
