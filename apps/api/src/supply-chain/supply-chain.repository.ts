// Supply-chain reads: programmes, prime contracts with bid commitments, subcontracts,
// and the live flow of referrals against bid commitments. Reads only; the
// declared allocation policy is the one write.
import { Injectable } from '@nestjs/common';
import { type AllocationPolicy } from '@waymark/domain';
import { type PoolClient } from 'pg';

export interface PrimeContractRow {
  id: string;
  reference: string;
  programmeId: string;
  programmeName: string;
  primeId: string;
  primeName: string;
  startsOn: string;
  endsOn: string;
  valueCapPence: string;
  allocationPolicy: AllocationPolicy | null;
}

export interface SubcontractRow {
  id: string;
  primeContractId: string;
  subcontractorId: string;
  subcontractorName: string;
  tier: string;
  specialisms: string[];
  termsKind: string;
  terms: unknown;
  managementFeeBp: number;
  paymentSlaDays: number;
  expectedReferralVolume: number | null;
  capacity: number | null;
  startsOn: string;
  endsOn: string | null;
  groupsServed: string[];
}

export interface BidCommitmentRow {
  primeContractId: string;
  subcontractorId: string;
  plannedSpendShareBp: number;
  plannedReferralShareBp: number;
}

export interface ContractAreaRow {
  id: string;
  name: string;
  programmeId: string;
  programmeName: string;
  partners: { id: string; name: string }[];
}

export interface FlowRow {
  primeContractId: string;
  subcontractId: string;
  subcontractorId: string;
  subcontractorName: string;
  bidShareBp: number;
  capacity: number | null;
  received: number;
  caseload: number;
}

// The caller's slice ($1 = organisation): commissioner → its programmes' contracts; prime → its contracts;
// subcontractor → contracts it holds a subcontract under (row-level security enforces the same).
// A subcontractor does not see a prime's draft (nor, through it, the contract).
const CONTRACT_SLICE = `(pc.prime_id = $1 OR p.commissioner_id = $1 OR EXISTS (SELECT 1 FROM subcontract s WHERE s.prime_contract_id = pc.id AND s.subcontractor_id = $1 AND s.status <> 'DRAFT'))`;

@Injectable()
export class SupplyChainRepository {
  async listPrimeContracts(
    client: PoolClient,
    organisationId: string,
  ): Promise<PrimeContractRow[]> {
    const { rows } = await client.query<PrimeContractRow>(
      `SELECT pc.id, pc.reference, pc.programme_id AS "programmeId", p.name AS "programmeName", pc.prime_id AS "primeId", o.name AS "primeName",
              pc.starts_on::text AS "startsOn", pc.ends_on::text AS "endsOn", pc.value_cap_pence::text AS "valueCapPence", ap.policy AS "allocationPolicy"
         FROM prime_contract pc
         JOIN programme p ON p.id = pc.programme_id
         JOIN organisation o ON o.id = pc.prime_id
         LEFT JOIN allocation_policy ap ON ap.prime_contract_id = pc.id
        WHERE ${CONTRACT_SLICE}
        ORDER BY p.name, pc.reference`,
      [organisationId],
    );
    return rows;
  }

  async findPrimeContract(
    client: PoolClient,
    organisationId: string,
    id: string,
  ): Promise<PrimeContractRow | undefined> {
    const { rows } = await client.query<PrimeContractRow>(
      `SELECT pc.id, pc.reference, pc.programme_id AS "programmeId", p.name AS "programmeName", pc.prime_id AS "primeId", o.name AS "primeName",
              pc.starts_on::text AS "startsOn", pc.ends_on::text AS "endsOn", pc.value_cap_pence::text AS "valueCapPence", ap.policy AS "allocationPolicy"
         FROM prime_contract pc
         JOIN programme p ON p.id = pc.programme_id
         JOIN organisation o ON o.id = pc.prime_id
         LEFT JOIN allocation_policy ap ON ap.prime_contract_id = pc.id
        WHERE pc.id = $2 AND ${CONTRACT_SLICE}`,
      [organisationId, id],
    );
    return rows[0];
  }

  /** Subcontracts of the given contracts; a subcontractor sees only its own. */
  async listSubcontracts(
    client: PoolClient,
    organisationId: string,
    primeContractIds: string[],
    onlyOwn: boolean,
  ): Promise<SubcontractRow[]> {
    const { rows } = await client.query<SubcontractRow>(
      `SELECT s.id, s.prime_contract_id AS "primeContractId", s.subcontractor_id AS "subcontractorId", o.name AS "subcontractorName", s.tier::text AS tier,
              s.specialisms, s.terms_kind::text AS "termsKind", s.terms, s.management_fee_bp AS "managementFeeBp", s.payment_sla_days AS "paymentSlaDays",
              s.expected_referral_volume AS "expectedReferralVolume", s.capacity, s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn",
              ARRAY(SELECT pg.code FROM subcontract_payment_group spg JOIN payment_group pg ON pg.id = spg.payment_group_id
                     WHERE spg.subcontract_id = s.id ORDER BY pg.code) AS "groupsServed"
         FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id
        WHERE s.prime_contract_id = ANY($2::uuid[]) AND (NOT $3 OR (s.subcontractor_id = $1 AND s.status <> 'DRAFT'))
        ORDER BY s.prime_contract_id, o.name, s.id`,
      [organisationId, primeContractIds, onlyOwn],
    );
    return rows;
  }

  async listBidCommitments(
    client: PoolClient,
    organisationId: string,
    primeContractIds: string[],
    onlyOwn: boolean,
  ): Promise<BidCommitmentRow[]> {
    const { rows } = await client.query<BidCommitmentRow>(
      `SELECT prime_contract_id AS "primeContractId", subcontractor_id AS "subcontractorId", planned_spend_share_bp AS "plannedSpendShareBp",
              planned_referral_share_bp AS "plannedReferralShareBp"
         FROM bid_commitment WHERE prime_contract_id = ANY($2::uuid[]) AND (NOT $3 OR subcontractor_id = $1)
        ORDER BY prime_contract_id, subcontractor_id`,
      [organisationId, primeContractIds, onlyOwn],
    );
    return rows;
  }

  /**
   * Flow vs bid, live, for every subcontract of the given contracts in one statement: per subcontract, the
   * referrals it has received and kept (ALLOCATED, ATTACHED or EXITED under it), its caseload, capacity and bid
   * share. The counts come from subcontract_referral_count (a row per subcontract and status, kept in the same
   * transaction as the referrals by triggers on referral), so the statement reads a few rows per subcontract
   * however many referrals there are. Row-level security applies to every table read here.
   */
  async flows(client: PoolClient, primeContractIds: string[]): Promise<FlowRow[]> {
    const { rows } = await client.query<FlowRow>(
      `SELECT s.prime_contract_id AS "primeContractId", s.id AS "subcontractId", s.subcontractor_id AS "subcontractorId",
              o.name AS "subcontractorName", COALESCE(bc.planned_referral_share_bp, 0) AS "bidShareBp", s.capacity,
              COALESCE(f.received, 0)::int AS received, COALESCE(f.caseload, 0)::int AS caseload
         FROM subcontract s
         JOIN organisation o ON o.id = s.subcontractor_id
         LEFT JOIN bid_commitment bc ON bc.prime_contract_id = s.prime_contract_id AND bc.subcontractor_id = s.subcontractor_id
         LEFT JOIN (
           SELECT k.subcontract_id,
                  sum(k.referrals) FILTER (WHERE k.status IN ('ALLOCATED', 'ATTACHED', 'EXITED')) AS received,
                  sum(k.referrals) FILTER (WHERE k.status IN ('ALLOCATED', 'ATTACHED')) AS caseload
             FROM subcontract_referral_count k WHERE k.prime_contract_id = ANY($1::uuid[])
            GROUP BY k.subcontract_id
         ) f ON f.subcontract_id = s.id
        WHERE s.prime_contract_id = ANY($1::uuid[])
        ORDER BY s.prime_contract_id, o.name, s.id`,
      [primeContractIds],
    );
    return rows;
  }

  /** Contract areas of the commissioner's programmes, each with the referral partners listed for it. */
  async listContractAreas(client: PoolClient, commissionerId: string): Promise<ContractAreaRow[]> {
    const { rows } = await client.query<ContractAreaRow>(
      `SELECT ca.id, ca.name, p.id AS "programmeId", p.name AS "programmeName",
              COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name, o.id)
                          FROM referral_partner_area rpa JOIN organisation o ON o.id = rpa.referral_partner_id
                         WHERE rpa.contract_area_id = ca.id), '[]'::json) AS partners
         FROM contract_area ca JOIN programme p ON p.id = ca.programme_id
        WHERE p.commissioner_id = $1
        ORDER BY p.name, ca.name, ca.id`,
      [commissionerId],
    );
    return rows;
  }

  async findOwnContractArea(
    client: PoolClient,
    commissionerId: string,
    id: string,
  ): Promise<{ id: string; programmeId: string } | undefined> {
    const { rows } = await client.query<{ id: string; programmeId: string }>(
      `SELECT ca.id, ca.programme_id AS "programmeId" FROM contract_area ca JOIN programme p ON p.id = ca.programme_id WHERE ca.id = $2 AND p.commissioner_id = $1`,
      [commissionerId, id],
    );
    return rows[0];
  }

  async isSubcontractorOrganisation(client: PoolClient, organisationId: string): Promise<boolean> {
    const { rows } = await client.query(
      `SELECT 1 FROM organisation WHERE id = $1 AND kind = 'SUBCONTRACTOR'`,
      [organisationId],
    );
    return rows.length > 0;
  }

  async listReferralPartners(client: PoolClient): Promise<{ id: string; name: string }[]> {
    const { rows } = await client.query<{ id: string; name: string }>(
      `SELECT id, name FROM organisation WHERE kind = 'REFERRAL_PARTNER' ORDER BY name, id`,
    );
    return rows;
  }

  async countReferralPartners(client: PoolClient, ids: string[]): Promise<number> {
    const { rows } = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM organisation WHERE kind = 'REFERRAL_PARTNER' AND id = ANY($1::uuid[])`,
      [ids],
    );
    return rows[0]?.count ?? 0;
  }

  /** Replaces the area's list of referral partners; returns the ids it had. */
  async replaceAreaPartners(
    client: PoolClient,
    input: {
      contractAreaId: string;
      programmeId: string;
      referralPartnerIds: string[];
      userId: string;
    },
  ): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(
      'DELETE FROM referral_partner_area WHERE contract_area_id = $1 RETURNING referral_partner_id AS id',
      [input.contractAreaId],
    );
    if (input.referralPartnerIds.length > 0) {
      await client.query(
        `INSERT INTO referral_partner_area (contract_area_id, referral_partner_id, programme_id, added_by_user_id) SELECT $1, unnest($2::uuid[]), $3, $4`,
        [input.contractAreaId, input.referralPartnerIds, input.programmeId, input.userId],
      );
    }
    return rows.map((r) => r.id);
  }

  async upsertAllocationPolicy(
    client: PoolClient,
    input: {
      primeContractId: string;
      programmeId: string;
      policy: AllocationPolicy;
      userId: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO allocation_policy (prime_contract_id, programme_id, policy, declared_by_user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (prime_contract_id) DO UPDATE SET policy = EXCLUDED.policy, declared_by_user_id = EXCLUDED.declared_by_user_id, declared_at = now()`,
      [input.primeContractId, input.programmeId, input.policy, input.userId],
    );
  }
}
