// What an OCDS release package for one programme publishes: the programme,
// its prime contracts and subcontracts, the payments made under each, and the
// milestone types paid for; the releases made so far and the commissioner's
// choice to publish. Reads run in the commissioner's party scope (the public
// route opens it as the commissioner's organisation after checking the choice).
import { Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';

export interface OcdsOrganisation {
  id: string;
  name: string;
  companyNumber: string | null;
  charityNumber: string | null;
}
export interface OcdsProgramme {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string | null;
  commissioner: OcdsOrganisation;
}
export interface OcdsPrimeContract {
  id: string;
  reference: string;
  areaName: string;
  prime: OcdsOrganisation;
  valueCapPence: string;
  startsOn: string;
  endsOn: string;
  /**
   * The share of the contract's money the prime's bid committed to subcontractors (sum of bid commitments), or null without
   * commitments.
   */
  plannedSubcontractedShareBp: number | null;
}
export interface OcdsSubcontract {
  id: string;
  primeContractId: string;
  subcontractor: OcdsOrganisation;
  startsOn: string;
  endsOn: string | null;
}
export interface OcdsPayment {
  id: string;
  contractId: string;
  paidOn: string;
  amountPence: string;
}
export interface StoredOcdsRelease {
  ocid: string;
  sequence: number;
  contentSha256: string;
  release: Record<string, unknown> & { ocid: string; id: string; date: string };
}
export interface OcdsPublication {
  programmeId: string;
  isPublished: boolean;
  changedAt: Date;
  changedByName: string;
  changedByOrganisationName: string;
}

const ORG = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'companyNumber', ${alias}.company_number, 'charityNumber', ${alias}.charity_number)`;

@Injectable()
export class OpenDataRepository {
  async findProgramme(
    client: PoolClient,
    commissionerId: string,
    programmeId: string,
  ): Promise<OcdsProgramme | null> {
    const { rows } = await client.query<OcdsProgramme>(
      `SELECT p.id, p.name, p.starts_on::text AS "startsOn", p.ends_on::text AS "endsOn", ${ORG('o')} AS commissioner
       FROM programme p JOIN organisation o ON o.id = p.commissioner_id WHERE p.id = $1 AND p.commissioner_id = $2`,
      [programmeId, commissionerId],
    );
    return rows[0] ?? null;
  }

  async primeContracts(client: PoolClient, programmeId: string): Promise<OcdsPrimeContract[]> {
    const { rows } = await client.query<OcdsPrimeContract>(
      `SELECT pc.id, pc.reference, ca.name AS "areaName", ${ORG('o')} AS prime, pc.value_cap_pence::text AS "valueCapPence",
         pc.starts_on::text AS "startsOn", pc.ends_on::text AS "endsOn",
         (SELECT least(sum(b.planned_spend_share_bp), 10000)::int FROM bid_commitment b WHERE b.prime_contract_id = pc.id) AS "plannedSubcontractedShareBp"
       FROM prime_contract pc JOIN organisation o ON o.id = pc.prime_id JOIN contract_area ca ON ca.id = pc.contract_area_id
       WHERE pc.programme_id = $1 ORDER BY pc.reference`,
      [programmeId],
    );
    return rows;
  }

  async subcontracts(client: PoolClient, programmeId: string): Promise<OcdsSubcontract[]> {
    const { rows } = await client.query<OcdsSubcontract>(
      `SELECT s.id, s.prime_contract_id AS "primeContractId", ${ORG('o')} AS subcontractor, s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn"
       FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id
       WHERE s.programme_id = $1 ORDER BY s.prime_contract_id, o.name, s.id`,
      [programmeId],
    );
    return rows;
  }

  /** Paid remittances (commissioner → prime), contractId = prime contract. */
  async remittances(client: PoolClient, programmeId: string): Promise<OcdsPayment[]> {
    const { rows } = await client.query<OcdsPayment>(
      `SELECT r.id, r.prime_contract_id AS "contractId", r.paid_on::text AS "paidOn",
         (SELECT COALESCE(sum(rl.amount_pence), 0) FROM remittance_line rl WHERE rl.remittance_id = r.id)::text AS "amountPence"
       FROM remittance r WHERE r.programme_id = $1 AND r.status = 'PAID' ORDER BY r.paid_on, r.id`,
      [programmeId],
    );
    return rows;
  }

  /** Paid subcontractor payments (prime → subcontractor), contractId = subcontract; net of the management fee. */
  async subcontractorPayments(client: PoolClient, programmeId: string): Promise<OcdsPayment[]> {
    const { rows } = await client.query<OcdsPayment>(
      `SELECT p.id, p.subcontract_id AS "contractId", p.paid_on::text AS "paidOn",
         (SELECT COALESCE(sum(l.amount_pence), 0) FROM subcontractor_payment_line l WHERE l.subcontractor_payment_id = p.id)::text AS "amountPence"
       FROM subcontractor_payment p WHERE p.programme_id = $1 AND p.status = 'PAID' ORDER BY p.paid_on, p.id`,
      [programmeId],
    );
    return rows;
  }

  async milestoneTypes(
    client: PoolClient,
    programmeId: string,
  ): Promise<{ id: string; code: string; name: string }[]> {
    return (
      await client.query<{ id: string; code: string; name: string }>(
        'SELECT id, code::text AS code, name FROM milestone_type WHERE programme_id = $1 ORDER BY code',
        [programmeId],
      )
    ).rows;
  }

  /** Serialises release-making for one programme, so two fetches never both add the next release of an ocid. */
  async lockReleases(client: PoolClient, programmeId: string): Promise<void> {
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('ocds_release:' || $1::text, 0))`,
      [programmeId],
    );
  }

  /** The latest release of each contracting process of the programme. */
  async latestReleases(client: PoolClient, programmeId: string): Promise<StoredOcdsRelease[]> {
    const { rows } = await client.query<StoredOcdsRelease>(
      `SELECT DISTINCT ON (ocid) ocid, sequence, content_sha256 AS "contentSha256", release
       FROM ocds_release WHERE programme_id = $1 ORDER BY ocid, sequence DESC`,
      [programmeId],
    );
    return rows;
  }

  async insertRelease(
    client: PoolClient,
    programmeId: string,
    release: {
      ocid: string;
      sequence: number;
      releaseId: string;
      releasedAt: string;
      contentSha256: string;
      release: object;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO ocds_release (programme_id, ocid, sequence, release_id, released_at, content_sha256, release) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        programmeId,
        release.ocid,
        release.sequence,
        release.releaseId,
        release.releasedAt,
        release.contentSha256,
        JSON.stringify(release.release),
      ],
    );
  }

  /** Every release of the programme, each process's in order: its whole release history. */
  async releases(client: PoolClient, programmeId: string): Promise<StoredOcdsRelease['release'][]> {
    const { rows } = await client.query<{ release: StoredOcdsRelease['release'] }>(
      // The programme's ocid (…-programme-…) sorts before its subcontracts' (…-subcontract-…).
      `SELECT release FROM ocds_release WHERE programme_id = $1 ORDER BY ocid, sequence`,
      [programmeId],
    );
    return rows.map((row) => row.release);
  }

  async publication(client: PoolClient, programmeId: string): Promise<OcdsPublication | null> {
    const { rows } = await client.query<OcdsPublication>(
      `SELECT op.programme_id AS "programmeId", op.is_published AS "isPublished", op.changed_at AS "changedAt",
         u.display_name AS "changedByName", o.name AS "changedByOrganisationName"
       FROM ocds_publication op JOIN app_user u ON u.id = op.changed_by_user_id JOIN organisation o ON o.id = u.organisation_id
       WHERE op.programme_id = $1`,
      [programmeId],
    );
    return rows[0] ?? null;
  }

  async setPublication(
    client: PoolClient,
    programmeId: string,
    isPublished: boolean,
    userId: string,
  ): Promise<void> {
    await client.query(
      `INSERT INTO ocds_publication (programme_id, is_published, changed_by_user_id, changed_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (programme_id) DO UPDATE SET is_published = EXCLUDED.is_published, changed_by_user_id = EXCLUDED.changed_by_user_id, changed_at = EXCLUDED.changed_at`,
      [programmeId, isPublished, userId],
    );
  }

  /**
   * The commissioner of a programme whose package is published, or null. Runs
   * as the table owner, outside any party scope: the public route has no
   * caller, and learns only whom to open the scope for.
   */
  async publishedProgrammeCommissioner(pool: Pool, programmeId: string): Promise<string | null> {
    const { rows } = await pool.query<{ commissionerId: string }>(
      `SELECT p.commissioner_id AS "commissionerId" FROM ocds_publication op JOIN programme p ON p.id = op.programme_id
       WHERE op.programme_id = $1 AND op.is_published`,
      [programmeId],
    );
    return rows[0]?.commissionerId ?? null;
  }
}
