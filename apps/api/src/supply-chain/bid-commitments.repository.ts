// Every query for bid commitments (bid_commitment: the confirmed version in
// force; bid_commitment_version: every version) and what was delivered
// against them. Contract visibility is checked by the caller's service.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface CommitmentRow {
  subcontractorId: string;
  subcontractorName: string;
  version: number;
  plannedReferralShareBp: number;
  plannedSpendShareBp: number;
  specialistProvision: boolean;
  referralsReceived: number;
  passedDownPence: string;
}

export interface VersionRow {
  subcontractorId: string;
  subcontractorName: string;
  version: number;
  status: 'PROPOSED' | 'CONFIRMED' | 'REJECTED' | 'WITHDRAWN';
  plannedReferralShareBp: number;
  plannedSpendShareBp: number;
  specialistProvision: boolean;
  reason: string | null;
  proposedBy: string | null;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface NewVersion {
  programmeId: string;
  primeContractId: string;
  subcontractorId: string;
  status: 'PROPOSED' | 'CONFIRMED';
  plannedReferralShareBp: number;
  plannedSpendShareBp: number;
  specialistProvision: boolean;
  reason: string | null;
  userId: string;
  organisationId: string;
}

const PERSON = (user: string, organisation: string) =>
  `CASE WHEN ${user}.id IS NULL THEN NULL ELSE ${user}.display_name || ' (' || ${organisation}.name || ')' END`;

@Injectable()
export class BidCommitmentsRepository {
  /** Serialises changes to one contract's commitments (the same lock bid_commitment_shares_within_whole takes). */
  async lockContract(client: PoolClient, primeContractId: string): Promise<void> {
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('bid_commitment:' || $1, 0))`,
      [primeContractId],
    );
  }

  /** Confirmed commitments of a contract, with referrals received and money paid down to each subcontractor under it. */
  async listCommitments(client: PoolClient, primeContractId: string): Promise<CommitmentRow[]> {
    const { rows } = await client.query<CommitmentRow>(
      `SELECT bc.subcontractor_id AS "subcontractorId", o.name AS "subcontractorName", bc.version, bc.planned_referral_share_bp AS "plannedReferralShareBp",
              bc.planned_spend_share_bp AS "plannedSpendShareBp", bc.specialist_provision AS "specialistProvision",
              (SELECT count(*) FROM referral r JOIN subcontract s ON s.id = r.subcontract_id
                WHERE s.prime_contract_id = bc.prime_contract_id AND s.subcontractor_id = bc.subcontractor_id AND r.status IN ('ALLOCATED', 'ATTACHED', 'EXITED'))::int AS "referralsReceived",
              (SELECT coalesce(sum(l.amount_pence), 0) FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id JOIN subcontract s ON s.id = sp.subcontract_id
                WHERE s.prime_contract_id = bc.prime_contract_id AND s.subcontractor_id = bc.subcontractor_id AND sp.status = 'PAID')::text AS "passedDownPence"
         FROM bid_commitment bc JOIN organisation o ON o.id = bc.subcontractor_id
        WHERE bc.prime_contract_id = $1
        ORDER BY o.name, bc.subcontractor_id`,
      [primeContractId],
    );
    return rows;
  }

  /** Everything delivered under the contract: every referral allocated to a subcontract, every penny paid down. */
  async contractDelivery(
    client: PoolClient,
    primeContractId: string,
  ): Promise<{ referrals: number; passedDownPence: string }> {
    const { rows } = await client.query<{ referrals: number; passedDownPence: string }>(
      `SELECT (SELECT count(*) FROM referral r JOIN subcontract s ON s.id = r.subcontract_id WHERE s.prime_contract_id = $1 AND r.status IN ('ALLOCATED', 'ATTACHED', 'EXITED'))::int AS referrals,
              (SELECT coalesce(sum(l.amount_pence), 0) FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id
                WHERE sp.prime_contract_id = $1 AND sp.status = 'PAID')::text AS "passedDownPence"`,
      [primeContractId],
    );
    return rows[0]!;
  }

  /** The commissioner's minimum specialist share, and money passed down to specialist subcontracts under the contract. */
  async specialistShare(
    client: PoolClient,
    primeContractId: string,
  ): Promise<{ minimumBp: number | null; specialistPassedDownPence: string }> {
    const { rows } = await client.query<{
      minimumBp: number | null;
      specialistPassedDownPence: string;
    }>(
      `SELECT (SELECT minimum_bp FROM specialist_share_minimum WHERE prime_contract_id = $1) AS "minimumBp",
              (SELECT coalesce(sum(l.amount_pence), 0) FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id JOIN subcontract s ON s.id = sp.subcontract_id
                WHERE sp.prime_contract_id = $1 AND sp.status = 'PAID' AND s.tier = 'SPECIALIST')::text AS "specialistPassedDownPence"`,
      [primeContractId],
    );
    return rows[0]!;
  }

  async setSpecialistMinimum(
    client: PoolClient,
    input: { primeContractId: string; programmeId: string; minimumBp: number; userId: string },
  ): Promise<number | null> {
    const { rows } = await client.query<{ previous: number | null }>(
      `WITH previous AS (SELECT minimum_bp FROM specialist_share_minimum WHERE prime_contract_id = $1)
       INSERT INTO specialist_share_minimum (prime_contract_id, programme_id, minimum_bp, set_by_user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (prime_contract_id) DO UPDATE SET minimum_bp = EXCLUDED.minimum_bp, set_by_user_id = EXCLUDED.set_by_user_id, set_at = now()
       RETURNING (SELECT minimum_bp FROM previous) AS previous`,
      [input.primeContractId, input.programmeId, input.minimumBp, input.userId],
    );
    return rows[0]?.previous ?? null;
  }

  async listVersions(client: PoolClient, primeContractId: string): Promise<VersionRow[]> {
    const { rows } = await client.query<VersionRow>(
      `SELECT v.subcontractor_id AS "subcontractorId", o.name AS "subcontractorName", v.version, v.status, v.planned_referral_share_bp AS "plannedReferralShareBp",
              v.planned_spend_share_bp AS "plannedSpendShareBp", v.specialist_provision AS "specialistProvision", v.reason,
              ${PERSON('pu', 'po')} AS "proposedBy", v.proposed_at AS "proposedAt", ${PERSON('du', 'dorg')} AS "decidedBy", v.decided_at AS "decidedAt"
         FROM bid_commitment_version v
         JOIN organisation o ON o.id = v.subcontractor_id
         LEFT JOIN app_user pu ON pu.id = v.proposed_by_user_id LEFT JOIN organisation po ON po.id = pu.organisation_id
         LEFT JOIN app_user du ON du.id = v.decided_by_user_id LEFT JOIN organisation dorg ON dorg.id = du.organisation_id
        WHERE v.prime_contract_id = $1
        ORDER BY v.proposed_at, o.name, v.version`,
      [primeContractId],
    );
    return rows;
  }

  async findVersion(
    client: PoolClient,
    primeContractId: string,
    subcontractorId: string,
    version: number,
    options: { forUpdate?: boolean } = {},
  ): Promise<VersionRow | undefined> {
    const { rows } = await client.query<VersionRow>(
      `SELECT v.subcontractor_id AS "subcontractorId", o.name AS "subcontractorName", v.version, v.status, v.planned_referral_share_bp AS "plannedReferralShareBp",
              v.planned_spend_share_bp AS "plannedSpendShareBp", v.specialist_provision AS "specialistProvision", v.reason,
              NULL AS "proposedBy", v.proposed_at AS "proposedAt", NULL AS "decidedBy", v.decided_at AS "decidedAt"
         FROM bid_commitment_version v JOIN organisation o ON o.id = v.subcontractor_id
        WHERE v.prime_contract_id = $1 AND v.subcontractor_id = $2 AND v.version = $3${options.forUpdate ? ' FOR UPDATE OF v' : ''}`,
      [primeContractId, subcontractorId, version],
    );
    return rows[0];
  }

  async hasProposal(
    client: PoolClient,
    primeContractId: string,
    subcontractorId: string,
  ): Promise<boolean> {
    const { rows } = await client.query(
      `SELECT 1 FROM bid_commitment_version WHERE prime_contract_id = $1 AND subcontractor_id = $2 AND status = 'PROPOSED'`,
      [primeContractId, subcontractorId],
    );
    return rows.length > 0;
  }

  /** Writes the next version for the subcontractor; returns its number. */
  async insertVersion(client: PoolClient, input: NewVersion): Promise<number> {
    const { rows } = await client.query<{ version: number }>(
      `INSERT INTO bid_commitment_version (programme_id, prime_contract_id, subcontractor_id, version, status, planned_referral_share_bp, planned_spend_share_bp,
                                           specialist_provision, reason, proposed_by_user_id, proposed_by_organisation_id, decided_by_user_id, decided_at)
       SELECT $1::uuid, $2::uuid, $3::uuid, coalesce(max(version), 0) + 1, $4::"BidCommitmentStatus", $5::int, $6::int, $7::boolean, $8::text, $9::uuid, $10::uuid,
              CASE WHEN $4::"BidCommitmentStatus" = 'CONFIRMED' THEN $9::uuid END, CASE WHEN $4::"BidCommitmentStatus" = 'CONFIRMED' THEN now() END
         FROM bid_commitment_version WHERE prime_contract_id = $2::uuid AND subcontractor_id = $3::uuid
       RETURNING version`,
      [
        input.programmeId,
        input.primeContractId,
        input.subcontractorId,
        input.status,
        input.plannedReferralShareBp,
        input.plannedSpendShareBp,
        input.specialistProvision,
        input.reason,
        input.userId,
        input.organisationId,
      ],
    );
    return rows[0]!.version;
  }

  async decideVersion(
    client: PoolClient,
    primeContractId: string,
    subcontractorId: string,
    version: number,
    status: 'CONFIRMED' | 'REJECTED',
    userId: string,
    reason: string | null,
  ): Promise<void> {
    await client.query(
      `UPDATE bid_commitment_version SET status = $4, decided_by_user_id = $5, decided_at = now(), reason = coalesce($6, reason)
        WHERE prime_contract_id = $1 AND subcontractor_id = $2 AND version = $3`,
      [primeContractId, subcontractorId, version, status, userId, reason],
    );
  }

  /** Puts a confirmed version in force. */
  async putInForce(
    client: PoolClient,
    input: {
      primeContractId: string;
      subcontractorId: string;
      version: number;
      plannedReferralShareBp: number;
      plannedSpendShareBp: number;
      specialistProvision: boolean;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO bid_commitment (prime_contract_id, subcontractor_id, planned_referral_share_bp, planned_spend_share_bp, specialist_provision, version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (prime_contract_id, subcontractor_id) DO UPDATE
         SET planned_referral_share_bp = EXCLUDED.planned_referral_share_bp, planned_spend_share_bp = EXCLUDED.planned_spend_share_bp,
             specialist_provision = EXCLUDED.specialist_provision, version = EXCLUDED.version`,
      [
        input.primeContractId,
        input.subcontractorId,
        input.plannedReferralShareBp,
        input.plannedSpendShareBp,
        input.specialistProvision,
        input.version,
      ],
    );
  }
}
