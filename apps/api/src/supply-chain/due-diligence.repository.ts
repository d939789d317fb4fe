// Every query for due_diligence_record: a prime's records on its
// subcontractors, and a subcontractor's view of what is held about it.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface DueDiligenceRow {
  id: string;
  primeId: string;
  primeName: string;
  subcontractorId: string;
  subcontractorName: string;
  kind: 'REGISTRATION' | 'INSURANCE' | 'SAFEGUARDING' | 'QUALITY_CHECK' | 'OTHER';
  title: string;
  reference: string | null;
  checkedOn: string;
  expiresOn: string | null;
  notes: string | null;
  recordedBy: string | null;
  recordedAt: Date;
}

const SELECT = `
  SELECT d.id, d.prime_id AS "primeId", po.name AS "primeName", d.subcontractor_id AS "subcontractorId", so.name AS "subcontractorName", d.kind, d.title, d.reference,
         d.checked_on::text AS "checkedOn", d.expires_on::text AS "expiresOn", d.notes, u.display_name AS "recordedBy", d.recorded_at AS "recordedAt"
    FROM due_diligence_record d
    JOIN organisation po ON po.id = d.prime_id
    JOIN organisation so ON so.id = d.subcontractor_id
    LEFT JOIN app_user u ON u.id = d.recorded_by_user_id`;

@Injectable()
export class DueDiligenceRepository {
  /** Records the organisation holds (as prime) or that are held about it (as subcontractor), soonest expiry first. */
  async list(
    client: PoolClient,
    organisationId: string,
    subcontractorId: string | null,
  ): Promise<DueDiligenceRow[]> {
    const { rows } = await client.query<DueDiligenceRow>(
      `${SELECT} WHERE (d.prime_id = $1 OR d.subcontractor_id = $1) AND ($2::uuid IS NULL OR d.subcontractor_id = $2)
        ORDER BY d.expires_on NULLS LAST, so.name, d.kind, d.id`,
      [organisationId, subcontractorId],
    );
    return rows;
  }

  async insert(
    client: PoolClient,
    input: {
      primeId: string;
      subcontractorId: string;
      kind: DueDiligenceRow['kind'];
      title: string;
      reference: string | null;
      checkedOn: string;
      expiresOn: string | null;
      notes: string | null;
      userId: string;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO due_diligence_record (prime_id, subcontractor_id, kind, title, reference, checked_on, expires_on, notes, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        input.primeId,
        input.subcontractorId,
        input.kind,
        input.title,
        input.reference,
        input.checkedOn,
        input.expiresOn,
        input.notes,
        input.userId,
      ],
    );
    return rows[0]!.id;
  }

  async find(client: PoolClient, id: string): Promise<DueDiligenceRow | undefined> {
    const { rows } = await client.query<DueDiligenceRow>(`${SELECT} WHERE d.id = $1`, [id]);
    return rows[0];
  }

  /**
   * Documents expiring from today to `until` whose organisations have not been told yet, locked so that two scans
   * (two instances, a retried job) never take the same one: the scan of another instance skips it.
   */
  async dueForExpiryNotice(
    client: PoolClient,
    window: { today: string; until: string },
  ): Promise<DueDiligenceRow[]> {
    const { rows } = await client.query<DueDiligenceRow>(
      `${SELECT}
        WHERE d.expiry_notified_at IS NULL AND d.expires_on BETWEEN $1::date AND $2::date
        ORDER BY d.expires_on, d.id
        FOR UPDATE OF d SKIP LOCKED`,
      [window.today, window.until],
    );
    return rows;
  }

  async markExpiryNotified(client: PoolClient, id: string, at: Date): Promise<void> {
    await client.query(`UPDATE due_diligence_record SET expiry_notified_at = $2 WHERE id = $1`, [
      id,
      at,
    ]);
  }
}
