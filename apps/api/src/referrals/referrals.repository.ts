// Every query on referral, referral_transition and allocation_policy, and the
// supply-chain figures allocation needs (caseload, referrals received, bid share).
import { Inject, Injectable } from '@nestjs/common';
import { type AllocationPolicy, type ReferralStatus } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';

export interface ReferralRow {
  id: string;
  version: number;
  status: ReferralStatus;
  programmeId: string;
  primeContractId: string;
  referralPartnerId: string;
  participantId: string;
  externalReference: string | null;
  subcontractId: string | null;
  allocationRule: string | null;
  allocationReason: string | null;
  receivedAt: Date;
  acceptedAt: Date | null;
  allocatedAt: Date | null;
  attachedOn: string | null;
  exitedOn: string | null;
  exitReason: string | null;
  // Relationships (null where the caller's slice cannot see the parent row).
  primeId: string | null;
  commissionerId: string;
  subcontractorId: string | null;
  contractAreaId: string | null;
  contractStartsOn: string | null;
  paymentModelId: string | null;
  valueCapPence: string | null;
  paymentModelName: string | null;
  eligibility: unknown;
  // Participant.
  participantReference: string;
  niNumberCiphertext: Buffer;
  benefitType: string | null;
  dateOfBirth: string | null;
  paymentGroupCode: string | null;
  paymentGroupName: string | null;
}

/** The columns of a referral that a transition may change. */
export interface ReferralState {
  status: ReferralStatus;
  subcontractId: string | null;
  allocationRule: string | null;
  allocationReason: string | null;
  acceptedAt: Date | null;
  allocatedAt: Date | null;
  attachedOn: string | null;
  exitedOn: string | null;
  exitReason: string | null;
}

export interface SubcontractFigures {
  id: string;
  subcontractorId: string;
  subcontractorName: string;
  specialisms: string[];
  capacity: number | null;
  bidShareBp: number;
  groupsServed: string[];
  /** Referrals now ALLOCATED or ATTACHED to it. */
  caseload: number;
  /** Referrals it has received and kept: ALLOCATED, ATTACHED or EXITED under it. */
  received: number;
}

export interface ReferrableContract {
  id: string;
  programmeId: string;
  commissionerId: string;
  /** "Kestrel Works — Arden (Mercia Pathways to Work)": what people read instead of the id. */
  name: string;
  /** The contract's area takes referrals from this partner (no list for the area, or listed). */
  isOpenToPartner: boolean;
}

export interface OpenContractRow {
  id: string;
  name: string;
  reference: string;
  primeName: string;
  areaName: string;
  programmeName: string;
  startsOn: string;
  endsOn: string;
}

// A contract's name as people read it: prime, area and programme, never the id.
const CONTRACT_NAME = `po.name || ' — ' || ca.name || ' (' || p.name || ')'`;

const REFERRAL_COLUMNS = `
  r.id, r.version, r.status::text AS status, r.programme_id AS "programmeId", r.prime_contract_id AS "primeContractId",
  r.referral_partner_id AS "referralPartnerId", r.participant_id AS "participantId", r.external_reference AS "externalReference",
  r.subcontract_id AS "subcontractId", r.allocation_rule AS "allocationRule", r.allocation_reason AS "allocationReason",
  r.received_at AS "receivedAt", r.accepted_at AS "acceptedAt", r.allocated_at AS "allocatedAt",
  r.attached_on::text AS "attachedOn", r.exited_on::text AS "exitedOn", r.exit_reason AS "exitReason",
  pc.prime_id AS "primeId", prog.commissioner_id AS "commissionerId", s.subcontractor_id AS "subcontractorId",
  pc.contract_area_id AS "contractAreaId", pc.starts_on::text AS "contractStartsOn", pc.payment_model_id AS "paymentModelId", pc.value_cap_pence::text AS "valueCapPence", pm.name AS "paymentModelName", prog.eligibility,
  pt.reference AS "participantReference", pt.ni_number_ciphertext AS "niNumberCiphertext", pt.benefit_type AS "benefitType",
  pt.date_of_birth::text AS "dateOfBirth",
  (SELECT pg.code FROM needs_assessment na JOIN payment_group pg ON pg.id = na.payment_group_id
    WHERE na.participant_id = r.participant_id ORDER BY na.assessed_at DESC, na.id DESC LIMIT 1) AS "paymentGroupCode",
  (SELECT pg.name FROM needs_assessment na JOIN payment_group pg ON pg.id = na.payment_group_id
    WHERE na.participant_id = r.participant_id ORDER BY na.assessed_at DESC, na.id DESC LIMIT 1) AS "paymentGroupName"`;

// Parents are LEFT JOINed: a referral partner's slice does not include the prime contract or subcontract rows.
const REFERRAL_FROM = `
  FROM referral r
  JOIN programme prog ON prog.id = r.programme_id
  JOIN participant pt ON pt.id = r.participant_id
  LEFT JOIN prime_contract pc ON pc.id = r.prime_contract_id
  LEFT JOIN payment_model pm ON pm.id = pc.payment_model_id
  LEFT JOIN subcontract s ON s.id = r.subcontract_id`;

// The API's own slice filter ($2 = caller organisation); row-level security enforces the same.
const VISIBLE_TO = `(pc.prime_id = $2 OR prog.commissioner_id = $2 OR s.subcontractor_id = $2 OR r.referral_partner_id = $2)`;

@Injectable()
export class ReferralsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * A prime contract anyone may refer to, read past row-level security (a
   * referral partner's slice does not include prime contracts): ids only.
   */
  async findReferrableContract(
    id: string,
    referralPartnerId: string,
  ): Promise<ReferrableContract | undefined> {
    const { rows } = await this.pool.query<ReferrableContract>(
      `SELECT pc.id, pc.programme_id AS "programmeId", p.commissioner_id AS "commissionerId", ${CONTRACT_NAME} AS name,
              waymark_area_open_to_partner(pc.contract_area_id, $2) AS "isOpenToPartner"
         FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id JOIN contract_area ca ON ca.id = pc.contract_area_id JOIN organisation po ON po.id = pc.prime_id
        WHERE pc.id = $1 AND (pc.ends_on IS NULL OR pc.ends_on >= current_date)`,
      [id, referralPartnerId],
    );
    return rows[0];
  }

  /**
   * The live prime contracts a referral partner may refer into, by name. Read
   * as the table owner (a partner's row-level security slice holds no prime
   * contracts): contract names, areas and dates are not personal data.
   */
  async listOpenContracts(referralPartnerId: string, today: string): Promise<OpenContractRow[]> {
    const { rows } = await this.pool.query<OpenContractRow>(
      `SELECT pc.id, ${CONTRACT_NAME} AS name, pc.reference, po.name AS "primeName", ca.name AS "areaName", p.name AS "programmeName", pc.starts_on::text AS "startsOn", pc.ends_on::text AS "endsOn"
         FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id JOIN contract_area ca ON ca.id = pc.contract_area_id JOIN organisation po ON po.id = pc.prime_id
        WHERE pc.starts_on <= $2::date AND pc.ends_on >= $2::date AND waymark_area_open_to_partner(pc.contract_area_id, $1)
        ORDER BY p.name, ca.name, po.name, pc.id`,
      [referralPartnerId, today],
    );
    return rows;
  }

  async isReferralPartner(client: PoolClient, organisationId: string): Promise<boolean> {
    const { rowCount } = await client.query(
      `SELECT 1 FROM organisation WHERE id = $1 AND kind = 'REFERRAL_PARTNER'`,
      [organisationId],
    );
    return (rowCount ?? 0) > 0;
  }

  async findIdByExternalReference(
    client: PoolClient,
    referralPartnerId: string,
    externalReference: string,
  ): Promise<string | undefined> {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM referral WHERE referral_partner_id = $1 AND external_reference = $2',
      [referralPartnerId, externalReference],
    );
    return rows[0]?.id;
  }

  /** A subcontract's caseload (allocated or attached referrals), locked for a transfer. */
  async listCaseloadForUpdate(client: PoolClient, subcontractId: string): Promise<ReferralRow[]> {
    const { rows } = await client.query<ReferralRow>(
      `SELECT ${REFERRAL_COLUMNS} ${REFERRAL_FROM} WHERE r.subcontract_id = $1 AND r.status IN ('ALLOCATED', 'ATTACHED') ORDER BY r.received_at, r.id FOR UPDATE OF r`,
      [subcontractId],
    );
    return rows;
  }

  async findVisible(
    client: PoolClient,
    id: string,
    organisationId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ReferralRow | undefined> {
    const { rows } = await client.query<ReferralRow>(
      `SELECT ${REFERRAL_COLUMNS} ${REFERRAL_FROM} WHERE r.id = $1 AND ${VISIBLE_TO}${options.forUpdate ? ' FOR UPDATE OF r' : ''}`,
      [id, organisationId],
    );
    return rows[0];
  }

  async insert(
    client: PoolClient,
    input: {
      id: string;
      programmeId: string;
      primeContractId: string;
      referralPartnerId: string;
      participantId: string;
      externalReference: string | null;
      receivedAt: Date;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO referral (id, programme_id, prime_contract_id, referral_partner_id, participant_id, external_reference, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        input.id,
        input.programmeId,
        input.primeContractId,
        input.referralPartnerId,
        input.participantId,
        input.externalReference,
        input.receivedAt,
      ],
    );
  }

  /** Writes the new state only if nobody changed the referral since `version`; false when stale. */
  /** How many days late the programme lets a journey fact be recorded (programme.late_recording_days). */
  async lateRecordingDays(client: PoolClient, programmeId: string): Promise<number> {
    const { rows } = await client.query<{ days: number }>(
      `SELECT late_recording_days AS days FROM programme WHERE id = $1`,
      [programmeId],
    );
    return rows[0]?.days ?? 0;
  }

  async update(
    client: PoolClient,
    id: string,
    version: number,
    next: ReferralState,
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE referral SET status = $3, subcontract_id = $4, allocation_rule = $5, allocation_reason = $6, accepted_at = $7,
              allocated_at = $8, attached_on = $9, exited_on = $10, exit_reason = $11, version = version + 1
        WHERE id = $1 AND version = $2`,
      [
        id,
        version,
        next.status,
        next.subcontractId,
        next.allocationRule,
        next.allocationReason,
        next.acceptedAt,
        next.allocatedAt,
        next.attachedOn,
        next.exitedOn,
        next.exitReason,
      ],
    );
    return rowCount === 1;
  }

  async insertTransition(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      referralId: string;
      from: ReferralStatus | null;
      to: ReferralStatus;
      byUserId: string | null;
      reason: string | null;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO referral_transition (programme_id, prime_contract_id, referral_id, from_status, to_status, by_user_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        input.programmeId,
        input.primeContractId,
        input.referralId,
        input.from,
        input.to,
        input.byUserId,
        input.reason,
      ],
    );
  }

  /**
   * Each live subcontract of a prime contract with what allocation weighs:
   * groups served, capacity, caseload, referrals received, bid share. With
   * `lock`, the subcontract rows are locked so two allocations cannot both
   * take the last place.
   */
  async listSubcontractFigures(
    client: PoolClient,
    primeContractId: string,
    options: { lock?: boolean } = {},
  ): Promise<SubcontractFigures[]> {
    const { rows } = await client.query<SubcontractFigures>(
      `SELECT s.id, s.subcontractor_id AS "subcontractorId", o.name AS "subcontractorName", s.specialisms, s.capacity,
              COALESCE(bc.planned_referral_share_bp, 0) AS "bidShareBp",
              ARRAY(SELECT pg.code FROM subcontract_payment_group spg JOIN payment_group pg ON pg.id = spg.payment_group_id
                     WHERE spg.subcontract_id = s.id ORDER BY pg.code) AS "groupsServed",
              (SELECT count(*) FROM referral r WHERE r.subcontract_id = s.id AND r.status IN ('ALLOCATED', 'ATTACHED'))::int AS caseload,
              (SELECT count(*) FROM referral r WHERE r.subcontract_id = s.id AND r.status IN ('ALLOCATED', 'ATTACHED', 'EXITED'))::int AS received
         FROM subcontract s
         JOIN organisation o ON o.id = s.subcontractor_id
         LEFT JOIN bid_commitment bc ON bc.prime_contract_id = s.prime_contract_id AND bc.subcontractor_id = s.subcontractor_id
        WHERE s.prime_contract_id = $1 AND s.status = 'ACTIVE' AND (s.ends_on IS NULL OR s.ends_on >= current_date)
        ORDER BY s.created_at, s.id${options.lock ? ' FOR UPDATE OF s' : ''}`,
      [primeContractId],
    );
    return rows;
  }

  async findAllocationPolicy(
    client: PoolClient,
    primeContractId: string,
  ): Promise<AllocationPolicy | undefined> {
    const { rows } = await client.query<{ policy: AllocationPolicy }>(
      'SELECT policy FROM allocation_policy WHERE prime_contract_id = $1',
      [primeContractId],
    );
    return rows[0]?.policy;
  }
}
