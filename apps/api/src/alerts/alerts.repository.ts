// Alerts, thresholds, and the subject lookups the scan needs.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { type AlertListFilter } from './alerts.dto';

export interface AlertRecord {
  id: string;
  programmeId: string;
  primeContractId: string;
  primeContractReference: string;
  subcontractId: string | null;
  subcontractorName: string | null;
  kind: 'FLOW_DOWN_REFERRALS' | 'FLOW_DOWN_SPEND' | 'PARKING' | 'LATE_PAYMENT';
  status: 'RAISED' | 'ACKNOWLEDGED';
  measuredBp: number;
  thresholdBp: number;
  detail: string;
  data: Record<string, unknown>;
  raisedAt: Date;
  lastSeenAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedByUserId: string | null;
  acknowledgementNote: string | null;
}

export interface ThresholdRecord {
  programmeId: string;
  flowDownMinBp: number;
  parkingInactiveDays: number;
  parkingMaxShareBp: number;
  latePaymentMaxShareBp: number;
  setAt: Date;
}

export interface NewAlert {
  programmeId: string;
  primeContractId: string;
  subcontractId: string | null;
  kind: AlertRecord['kind'];
  measuredBp: number;
  thresholdBp: number;
  detail: string;
  data: Record<string, unknown>;
}

const ALERT_COLUMNS = `a.id, a.programme_id AS "programmeId", a.prime_contract_id AS "primeContractId", pc.reference AS "primeContractReference",
  a.subcontract_id AS "subcontractId", so.name AS "subcontractorName", a.kind, a.status, a.measured_bp AS "measuredBp", a.threshold_bp AS "thresholdBp",
  a.detail, a.data, a.raised_at AS "raisedAt", a.last_seen_at AS "lastSeenAt", a.acknowledged_at AS "acknowledgedAt",
  a.acknowledged_by_user_id AS "acknowledgedByUserId", a.acknowledgement_note AS "acknowledgementNote"`;
const ALERT_FROM = `alert a JOIN prime_contract pc ON pc.id = a.prime_contract_id
  LEFT JOIN subcontract s ON s.id = a.subcontract_id LEFT JOIN organisation so ON so.id = s.subcontractor_id`;
// The caller's slice ($1): alerts go to the prime holding the contract and the programme's commissioner.
const ALERT_SLICE = `a.prime_contract_id IN (SELECT c.id FROM prime_contract c JOIN programme p ON p.id = c.programme_id WHERE c.prime_id = $1 OR p.commissioner_id = $1)`;

@Injectable()
export class AlertsRepository {
  /** Is the programme in the caller's slice, and does the caller commission it? */
  async programmeAccess(
    client: PoolClient,
    organisationId: string,
    programmeId: string,
  ): Promise<{ isVisible: boolean; isCommissioner: boolean }> {
    const { rows } = await client.query<{ is_commissioner: boolean; is_prime: boolean }>(
      `SELECT p.commissioner_id = $1 AS is_commissioner, EXISTS (SELECT 1 FROM prime_contract pc WHERE pc.programme_id = p.id AND pc.prime_id = $1) AS is_prime
       FROM programme p WHERE p.id = $2`,
      [organisationId, programmeId],
    );
    const row = rows[0];
    return {
      isVisible: Boolean(row && (row.is_commissioner || row.is_prime)),
      isCommissioner: Boolean(row?.is_commissioner),
    };
  }

  async list(
    client: PoolClient,
    organisationId: string,
    filter: AlertListFilter,
    after: { raisedAt: string; id: string } | null,
    limit: number,
  ): Promise<AlertRecord[]> {
    const { rows } = await client.query<AlertRecord>(
      `SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM}
       WHERE ${ALERT_SLICE}
         AND ($2::uuid IS NULL OR a.programme_id = $2) AND ($3::uuid IS NULL OR a.prime_contract_id = $3)
         AND ($4::"AlertStatus" IS NULL OR a.status = $4) AND ($5::"AlertKind" IS NULL OR a.kind = $5)
         AND ($6::timestamptz IS NULL OR (a.raised_at, a.id) < ($6::timestamptz, $7::uuid))
       ORDER BY a.raised_at DESC, a.id DESC LIMIT $8`,
      [
        organisationId,
        filter.programmeId ?? null,
        filter.primeContractId ?? null,
        filter.status ?? null,
        filter.kind ?? null,
        after?.raisedAt ?? null,
        after?.id ?? null,
        limit,
      ],
    );
    return rows;
  }

  async find(client: PoolClient, organisationId: string, id: string): Promise<AlertRecord | null> {
    const { rows } = await client.query<AlertRecord>(
      `SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM} WHERE ${ALERT_SLICE} AND a.id = $2`,
      [organisationId, id],
    );
    return rows[0] ?? null;
  }

  /** Acknowledges an open alert; false when it was not open. */
  async acknowledge(
    client: PoolClient,
    id: string,
    userId: string,
    note: string,
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE alert SET status = 'ACKNOWLEDGED', acknowledged_at = now(), acknowledged_by_user_id = $2, acknowledgement_note = $3 WHERE id = $1 AND status = 'RAISED'`,
      [id, userId, note],
    );
    return (rowCount ?? 0) > 0;
  }

  async findThresholds(client: PoolClient, programmeId: string): Promise<ThresholdRecord | null> {
    const { rows } = await client.query<ThresholdRecord>(
      `SELECT programme_id AS "programmeId", flow_down_min_bp AS "flowDownMinBp", parking_inactive_days AS "parkingInactiveDays",
         parking_max_share_bp AS "parkingMaxShareBp", late_payment_max_share_bp AS "latePaymentMaxShareBp", set_at AS "setAt"
       FROM alert_threshold WHERE programme_id = $1`,
      [programmeId],
    );
    return rows[0] ?? null;
  }

  async upsertThresholds(
    client: PoolClient,
    t: Omit<ThresholdRecord, 'setAt'>,
    userId: string,
  ): Promise<void> {
    await client.query(
      `INSERT INTO alert_threshold (programme_id, flow_down_min_bp, parking_inactive_days, parking_max_share_bp, late_payment_max_share_bp, set_by_user_id, set_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (programme_id) DO UPDATE SET flow_down_min_bp = EXCLUDED.flow_down_min_bp, parking_inactive_days = EXCLUDED.parking_inactive_days,
         parking_max_share_bp = EXCLUDED.parking_max_share_bp, late_payment_max_share_bp = EXCLUDED.late_payment_max_share_bp,
         set_by_user_id = EXCLUDED.set_by_user_id, set_at = EXCLUDED.set_at`,
      [
        t.programmeId,
        t.flowDownMinBp,
        t.parkingInactiveDays,
        t.parkingMaxShareBp,
        t.latePaymentMaxShareBp,
        userId,
      ],
    );
  }

  // ───────── scan (runs as the table owner: a system job) ─────────

  async programmesToScan(
    client: PoolClient,
    filter: { programmeId?: string; commissionerId?: string },
  ): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM programme WHERE ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR commissioner_id = $2) ORDER BY id`,
      [filter.programmeId ?? null, filter.commissionerId ?? null],
    );
    return rows.map((r) => r.id);
  }

  async contractsOf(client: PoolClient, programmeId: string): Promise<string[]> {
    return (
      await client.query<{ id: string }>(
        'SELECT id FROM prime_contract WHERE programme_id = $1 ORDER BY id',
        [programmeId],
      )
    ).rows.map((r) => r.id);
  }

  /** (prime contract, subcontractor) → subcontract; the first by start date when a subcontractor holds several. */
  async subcontractsOf(client: PoolClient, contractIds: string[]): Promise<Map<string, string>> {
    const { rows } = await client.query<{ key: string; id: string }>(
      `SELECT DISTINCT ON (prime_contract_id, subcontractor_id) prime_contract_id || '|' || subcontractor_id AS key, id
       FROM subcontract WHERE prime_contract_id = ANY($1) ORDER BY prime_contract_id, subcontractor_id, starts_on, id`,
      [contractIds],
    );
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  /**
   * Raises the alert, or refreshes the open one about the same problem. A problem
   * acknowledged in the last 30 days is not raised again (the acknowledgement
   * says it is known and being handled); after that it comes back.
   */
  async raise(client: PoolClient, alert: NewAlert): Promise<'RAISED' | 'REFRESHED' | 'SUPPRESSED'> {
    const { rows } = await client.query<{ inserted: boolean }>(
      `INSERT INTO alert (programme_id, prime_contract_id, subcontract_id, kind, measured_bp, threshold_bp, detail, data)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
       WHERE NOT EXISTS (
         SELECT 1 FROM alert k WHERE k.kind = $4 AND k.prime_contract_id = $2 AND coalesce(k.subcontract_id, k.prime_contract_id) = coalesce($3::uuid, $2::uuid)
           AND k.status = 'ACKNOWLEDGED' AND k.acknowledged_at > now() - interval '30 days')
       ON CONFLICT (kind, prime_contract_id, (coalesce(subcontract_id, prime_contract_id))) WHERE status = 'RAISED'
       DO UPDATE SET measured_bp = EXCLUDED.measured_bp, threshold_bp = EXCLUDED.threshold_bp, detail = EXCLUDED.detail, data = EXCLUDED.data, last_seen_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        alert.programmeId,
        alert.primeContractId,
        alert.subcontractId,
        alert.kind,
        alert.measuredBp,
        alert.thresholdBp,
        alert.detail,
        alert.data,
      ],
    );
    const row = rows[0];
    return !row ? 'SUPPRESSED' : row.inserted ? 'RAISED' : 'REFRESHED';
  }
}
