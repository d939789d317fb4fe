// Every query for subcontracts, their terms versions and transitions. The
// caller's slice ($1 = organisation): the prime holding the contract and the
// commissioner of its programme see every subcontract; a subcontractor sees
// its own once offered (never a prime's draft). Row-level security enforces
// the same contract/subcontract slice.
import { Injectable } from '@nestjs/common';
import { type SubcontractStatus, type SubcontractTier, type TermsKind } from '@waymark/domain';
import { type PoolClient } from 'pg';

export interface ContractRow {
  id: string;
  programmeId: string;
  primeId: string;
  commissionerId: string;
  reference: string;
  startsOn: string;
  endsOn: string;
}

export interface SubcontractRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  primeContractReference: string;
  programmeName: string;
  areaName: string;
  primeId: string;
  primeName: string;
  commissionerId: string;
  subcontractorId: string;
  subcontractorName: string;
  status: SubcontractStatus;
  tier: SubcontractTier;
  startsOn: string;
  endsOn: string | null;
  expectedReferralVolume: number | null;
  capacity: number | null;
  specialisms: string[];
  groupsServed: string[];
  caseload: number;
  hasPendingVariation: boolean;
  statusReason: string | null;
  statusSince: string | null;
}

export interface TermsVersionRow {
  id: string;
  version: number;
  status: 'PROPOSED' | 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN';
  effectiveFrom: string;
  effectiveTo: string | null;
  termsKind: TermsKind;
  terms: Record<string, unknown>;
  managementFeeBp: number;
  paymentSlaDays: number;
  capacity: number | null;
  specialisms: string[];
  reason: string | null;
  proposedAt: Date;
  proposedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

export interface TransitionRow {
  fromStatus: SubcontractStatus | null;
  toStatus: SubcontractStatus;
  effectiveOn: string;
  reason: string | null;
  at: Date;
  by: string | null;
  byOrganisation: string | null;
}

export interface NewTermsVersion {
  version: number;
  effectiveFrom: string;
  termsKind: TermsKind;
  terms: Record<string, unknown>;
  managementFeeBp: number;
  paymentSlaDays: number;
  capacity: number | null;
  specialisms: string[];
  reason: string | null;
  userId: string;
}

const SLICE = `(pc.prime_id = $1 OR p.commissioner_id = $1 OR (s.subcontractor_id = $1 AND s.status <> 'DRAFT'))`;
const SUBCONTRACT_SELECT = `
  SELECT s.id, s.programme_id AS "programmeId", s.prime_contract_id AS "primeContractId", pc.reference AS "primeContractReference",
         p.name AS "programmeName", ca.name AS "areaName", pc.prime_id AS "primeId", po.name AS "primeName", p.commissioner_id AS "commissionerId",
         s.subcontractor_id AS "subcontractorId", so.name AS "subcontractorName", s.status, s.tier, s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn",
         s.expected_referral_volume AS "expectedReferralVolume", s.capacity, s.specialisms,
         ARRAY(SELECT pg.name FROM subcontract_payment_group spg JOIN payment_group pg ON pg.id = spg.payment_group_id WHERE spg.subcontract_id = s.id ORDER BY pg.code) AS "groupsServed",
         (SELECT COALESCE(sum(k.referrals), 0) FROM subcontract_referral_count k WHERE k.subcontract_id = s.id AND k.status IN ('ALLOCATED', 'ATTACHED'))::int AS caseload,
         EXISTS (SELECT 1 FROM subcontract_terms_version v WHERE v.subcontract_id = s.id AND v.status = 'PROPOSED' AND v.version > 1) AS "hasPendingVariation",
         lt.reason AS "statusReason", lt.effective_on::text AS "statusSince"
    FROM subcontract s
    LEFT JOIN LATERAL (SELECT t.reason, t.effective_on FROM subcontract_transition t WHERE t.subcontract_id = s.id ORDER BY t.at DESC, t.id DESC LIMIT 1) lt ON true
    JOIN prime_contract pc ON pc.id = s.prime_contract_id
    JOIN programme p ON p.id = pc.programme_id
    JOIN contract_area ca ON ca.id = pc.contract_area_id
    JOIN organisation po ON po.id = pc.prime_id
    JOIN organisation so ON so.id = s.subcontractor_id`;

const VERSION_SELECT = `
  SELECT v.id, v.version, v.status, v.effective_from::text AS "effectiveFrom", v.effective_to::text AS "effectiveTo", v.terms_kind AS "termsKind", v.terms,
         v.management_fee_bp AS "managementFeeBp", v.payment_sla_days AS "paymentSlaDays", v.capacity, v.specialisms, v.reason,
         v.proposed_at AS "proposedAt", pu.display_name AS "proposedBy", v.decided_at AS "decidedAt", du.display_name AS "decidedBy"
    FROM subcontract_terms_version v
    LEFT JOIN app_user pu ON pu.id = v.proposed_by_user_id
    LEFT JOIN app_user du ON du.id = v.decided_by_user_id`;

@Injectable()
export class SubcontractsRepository {
  /** A prime contract the organisation holds as prime. */
  async findOwnPrimeContract(
    client: PoolClient,
    organisationId: string,
    primeContractId: string,
  ): Promise<ContractRow | undefined> {
    const { rows } = await client.query<ContractRow>(
      `SELECT pc.id, pc.programme_id AS "programmeId", pc.prime_id AS "primeId", p.commissioner_id AS "commissionerId", pc.reference,
              pc.starts_on::text AS "startsOn", pc.ends_on::text AS "endsOn"
         FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id
        WHERE pc.id = $2 AND pc.prime_id = $1`,
      [organisationId, primeContractId],
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

  async searchSubcontractorOrganisations(
    client: PoolClient,
    q: string | undefined,
  ): Promise<{ id: string; name: string }[]> {
    const { rows } = await client.query<{ id: string; name: string }>(
      `SELECT id, name FROM organisation WHERE kind = 'SUBCONTRACTOR' AND ($1::text IS NULL OR name ILIKE '%' || $1 || '%') ORDER BY name, id LIMIT 50`,
      [q ? q.replace(/[\\%_]/g, (c) => `\\${c}`) : null],
    );
    return rows;
  }

  async hasLiveSubcontract(
    client: PoolClient,
    primeContractId: string,
    subcontractorId: string,
  ): Promise<boolean> {
    const { rows } = await client.query(
      `SELECT 1 FROM subcontract WHERE prime_contract_id = $1 AND subcontractor_id = $2 AND status <> 'ENDED'`,
      [primeContractId, subcontractorId],
    );
    return rows.length > 0;
  }

  async paymentGroupIds(
    client: PoolClient,
    programmeId: string,
    codes: string[],
  ): Promise<Map<string, string>> {
    const { rows } = await client.query<{ id: string; code: string }>(
      'SELECT id, code FROM payment_group WHERE programme_id = $1 AND code = ANY($2::text[])',
      [programmeId, codes],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async insertSubcontract(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      subcontractorId: string;
      tier: SubcontractTier;
      specialisms: string[];
      termsKind: TermsKind;
      terms: Record<string, unknown>;
      managementFeeBp: number;
      paymentSlaDays: number;
      expectedReferralVolume: number | null;
      capacity: number | null;
      startsOn: string;
      endsOn: string | null;
      paymentGroupIds: string[];
      userId: string;
    },
  ): Promise<string> {
    // The insert trigger (subcontract_first_terms) writes terms version 1, PROPOSED, from this row.
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO subcontract (programme_id, prime_contract_id, subcontractor_id, tier, specialisms, terms_kind, terms, management_fee_bp, payment_sla_days,
                                expected_referral_volume, capacity, starts_on, ends_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'DRAFT') RETURNING id`,
      [
        input.programmeId,
        input.primeContractId,
        input.subcontractorId,
        input.tier,
        input.specialisms,
        input.termsKind,
        input.terms,
        input.managementFeeBp,
        input.paymentSlaDays,
        input.expectedReferralVolume,
        input.capacity,
        input.startsOn,
        input.endsOn,
      ],
    );
    const id = rows[0]!.id;
    await client.query(
      'UPDATE subcontract_terms_version SET proposed_by_user_id = $2 WHERE subcontract_id = $1 AND version = 1',
      [id, input.userId],
    );
    if (input.paymentGroupIds.length > 0) {
      await client.query(
        'INSERT INTO subcontract_payment_group (subcontract_id, payment_group_id) SELECT $1, unnest($2::uuid[])',
        [id, input.paymentGroupIds],
      );
    }
    return id;
  }

  async findVisible(
    client: PoolClient,
    organisationId: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<SubcontractRow | undefined> {
    const { rows } = await client.query<SubcontractRow>(
      `${SUBCONTRACT_SELECT} WHERE s.id = $2 AND ${SLICE}${options.forUpdate ? ' FOR UPDATE OF s' : ''}`,
      [organisationId, id],
    );
    return rows[0];
  }

  async listVisible(
    client: PoolClient,
    organisationId: string,
    filter: { primeContractId?: string },
  ): Promise<SubcontractRow[]> {
    const { rows } = await client.query<SubcontractRow>(
      `${SUBCONTRACT_SELECT} WHERE ${SLICE} AND ($2::uuid IS NULL OR s.prime_contract_id = $2) ORDER BY p.name, pc.reference, so.name, s.id`,
      [organisationId, filter.primeContractId ?? null],
    );
    return rows;
  }

  async listTermsVersions(
    client: PoolClient,
    subcontractIds: string[],
  ): Promise<(TermsVersionRow & { subcontractId: string })[]> {
    const { rows } = await client.query<TermsVersionRow & { subcontractId: string }>(
      `${VERSION_SELECT.replace('SELECT v.id,', 'SELECT v.subcontract_id AS "subcontractId", v.id,')} WHERE v.subcontract_id = ANY($1::uuid[]) ORDER BY v.subcontract_id, v.version`,
      [subcontractIds],
    );
    return rows;
  }

  async listTransitions(client: PoolClient, subcontractId: string): Promise<TransitionRow[]> {
    const { rows } = await client.query<TransitionRow>(
      `SELECT t.from_status AS "fromStatus", t.to_status AS "toStatus", t.effective_on::text AS "effectiveOn", t.reason, t.at, u.display_name AS by, o.name AS "byOrganisation"
         FROM subcontract_transition t LEFT JOIN app_user u ON u.id = t.by_user_id LEFT JOIN organisation o ON o.id = t.by_organisation_id
        WHERE t.subcontract_id = $1 ORDER BY t.at, t.id`,
      [subcontractId],
    );
    return rows;
  }

  async subcontractorNames(
    client: PoolClient,
    subcontractIds: string[],
  ): Promise<Map<string, string>> {
    const { rows } = await client.query<{ id: string; name: string }>(
      'SELECT s.id, o.name FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id WHERE s.id = ANY($1::uuid[])',
      [subcontractIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async setStatus(
    client: PoolClient,
    id: string,
    status: SubcontractStatus,
    endsOn?: string,
  ): Promise<void> {
    await client.query(
      'UPDATE subcontract SET status = $2, ends_on = COALESCE($3::date, ends_on) WHERE id = $1',
      [id, status, endsOn ?? null],
    );
  }

  async insertTransition(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      subcontractId: string;
      from: SubcontractStatus | null;
      to: SubcontractStatus;
      effectiveOn: string;
      reason: string | null;
      userId: string;
      organisationId: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO subcontract_transition (programme_id, prime_contract_id, subcontract_id, from_status, to_status, effective_on, reason, by_user_id, by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        input.programmeId,
        input.primeContractId,
        input.subcontractId,
        input.from,
        input.to,
        input.effectiveOn,
        input.reason,
        input.userId,
        input.organisationId,
      ],
    );
  }

  /** Decides a PROPOSED version; returns false when it was not proposed. */
  async decideVersion(
    client: PoolClient,
    subcontractId: string,
    version: number,
    status: 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN',
    userId: string,
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE subcontract_terms_version SET status = $3, decided_by_user_id = $4, decided_at = now() WHERE subcontract_id = $1 AND version = $2 AND status = 'PROPOSED'`,
      [subcontractId, version, status, userId],
    );
    return rowCount === 1;
  }

  /** Closes the accepted version in force before `effectiveFrom` on the day before it. */
  async closeVersionsBefore(
    client: PoolClient,
    subcontractId: string,
    effectiveFrom: string,
  ): Promise<void> {
    await client.query(
      `UPDATE subcontract_terms_version SET effective_to = $2::date - 1
        WHERE subcontract_id = $1 AND status = 'ACCEPTED' AND effective_from < $2::date AND (effective_to IS NULL OR effective_to >= $2::date)`,
      [subcontractId, effectiveFrom],
    );
  }

  async insertTermsVersion(
    client: PoolClient,
    scope: { programmeId: string; primeContractId: string; subcontractId: string },
    input: NewTermsVersion,
  ): Promise<void> {
    await client.query(
      `INSERT INTO subcontract_terms_version (programme_id, prime_contract_id, subcontract_id, version, status, effective_from, terms_kind, terms, management_fee_bp,
                                              payment_sla_days, capacity, specialisms, reason, proposed_by_user_id)
       VALUES ($1, $2, $3, $4, 'PROPOSED', $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        scope.programmeId,
        scope.primeContractId,
        scope.subcontractId,
        input.version,
        input.effectiveFrom,
        input.termsKind,
        input.terms,
        input.managementFeeBp,
        input.paymentSlaDays,
        input.capacity,
        input.specialisms,
        input.reason,
        input.userId,
      ],
    );
  }
}
