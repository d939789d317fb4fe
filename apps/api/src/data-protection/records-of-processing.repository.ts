// Queries for records of processing: the programme's parties (from its
// supply chain) and who read special category data (from the audit trail).
import { Injectable } from '@nestjs/common';
import { type OrganisationKind } from '@waymark/domain';
import { type PoolClient } from 'pg';

export interface ProgrammePartyRow {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  relationship: string;
}

export interface SpecialCategoryReadRow {
  seq: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorOrganisationId: string | null;
  actorOrganisationName: string | null;
  participantId: string;
  participantReference: string | null;
  referralId: string | null;
  purpose: string | null;
  fields: unknown;
}

@Injectable()
export class RecordsOfProcessingRepository {
  /** One row per organisation, with every relationship it has to the programme. */
  async listParties(client: PoolClient, programmeId: string): Promise<ProgrammePartyRow[]> {
    const { rows } = await client.query<ProgrammePartyRow>(
      `WITH parties AS (
         SELECT p.commissioner_id AS organisation_id, 1 AS tier, 'commissioner of ' || p.name AS relationship FROM programme p WHERE p.id = $1
         UNION ALL
         SELECT pc.prime_id, 2, 'prime contract ' || pc.reference FROM prime_contract pc WHERE pc.programme_id = $1
         UNION ALL
         SELECT s.subcontractor_id, 3, 'subcontract (' || s.tier || ') under ' || pc.reference
           FROM subcontract s JOIN prime_contract pc ON pc.id = s.prime_contract_id WHERE s.programme_id = $1
         UNION ALL
         SELECT DISTINCT r.referral_partner_id, 4, 'refers participants' FROM referral r WHERE r.programme_id = $1
       )
       SELECT o.id AS "organisationId", o.name AS "organisationName", o.kind AS "organisationKind",
              string_agg(DISTINCT parties.relationship, '; ') AS relationship
         FROM parties JOIN organisation o ON o.id = parties.organisation_id
        GROUP BY o.id, o.name, o.kind
        ORDER BY min(parties.tier), o.name`,
      [programmeId],
    );
    return rows;
  }

  /** Oldest first, keyset on the audit sequence; `to` is inclusive (whole day, UTC). */
  async listSpecialCategoryReads(
    client: PoolClient,
    filter: {
      programmeId: string;
      from?: string | undefined;
      to?: string | undefined;
      afterSeq?: string | undefined;
      limit: number;
    },
  ): Promise<SpecialCategoryReadRow[]> {
    const { rows } = await client.query<SpecialCategoryReadRow>(
      `SELECT a.seq::text AS seq, a.occurred_at AS "occurredAt", a.actor_user_id AS "actorUserId", u.display_name AS "actorName",
              a.actor_organisation_id AS "actorOrganisationId", o.name AS "actorOrganisationName",
              a.entity_id AS "participantId", p.reference AS "participantReference",
              a.data->>'referralId' AS "referralId", a.data->>'purpose' AS purpose, a.data->'fields' AS fields
         FROM audit_event a
         LEFT JOIN app_user u ON u.id = a.actor_user_id
         LEFT JOIN organisation o ON o.id = a.actor_organisation_id
         LEFT JOIN participant p ON p.id::text = a.entity_id
        WHERE a.action = 'participant.read-special-category' AND a.programme_id = $1
          AND ($2::date IS NULL OR a.occurred_at >= ($2::date::timestamp AT TIME ZONE 'UTC'))
          AND ($3::date IS NULL OR a.occurred_at < (($3::date + 1)::timestamp AT TIME ZONE 'UTC'))
          AND ($4::bigint IS NULL OR a.seq > $4::bigint)
        ORDER BY a.seq
        LIMIT $5`,
      [
        filter.programmeId,
        filter.from ?? null,
        filter.to ?? null,
        filter.afterSeq ?? null,
        filter.limit,
      ],
    );
    return rows;
  }
}
