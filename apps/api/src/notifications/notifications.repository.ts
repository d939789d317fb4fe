// Every query on the notification tables. Inbox and preference reads run in
// the reader's party scope, where row-level security shows only their own
// rows; raising goes through waymark_raise_notification (the recipients'
// preferences and inboxes are out of the actor's reach otherwise); the email
// outbox is read and written by the delivery job and the platform admin as the
// table owner (prisma/migrations/20261207200000_notifications).
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { type NotificationKind } from './notification-kinds';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  linkPath: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface PreferenceRow {
  kind: NotificationKind;
  isInApp: boolean;
  isByEmail: boolean;
}

export interface OutboxRow {
  id: string;
  toAddress: string;
  recipientName: string;
  recipientOrganisationName: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  state: 'QUEUED' | 'SENT' | 'FAILED' | 'KEPT';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface RaiseInput {
  kind: NotificationKind;
  /** Organisations whose users holding any of `roles` are told. */
  organisationIds: string[];
  roles: string[];
  /** People told whatever their role (a claim's maker). */
  userIds: string[];
  /** The person who acted is never told of their own action. */
  actorUserId: string | null;
  title: string;
  body: string;
  linkPath: string | null;
  entityType: string | null;
  entityId: string | null;
  emailBody: string;
}

/** The parties of a prime contract and, optionally, of one of its subcontracts. */
export interface ContractParties {
  commissionerId: string;
  primeId: string;
  subcontractorId: string | null;
}

@Injectable()
export class NotificationsRepository {
  async raise(client: PoolClient, input: RaiseInput): Promise<number> {
    const { rows } = await client.query<{ notified: number }>(
      'SELECT waymark_raise_notification($1, $2::uuid[], $3::text[], $4::uuid[], $5, $6, $7, $8, $9, $10, $11) AS notified',
      [
        input.kind,
        input.organisationIds,
        input.roles,
        input.userIds,
        input.actorUserId,
        input.title,
        input.body,
        input.linkPath,
        input.entityType,
        input.entityId,
        input.emailBody,
      ],
    );
    return rows[0]?.notified ?? 0;
  }

  /** Who commissions, holds and (for a subcontract) delivers a prime contract — readable in the scope of anyone acting on it. */
  async partiesOf(
    client: PoolClient,
    primeContractId: string,
    subcontractId: string | null,
  ): Promise<ContractParties | null> {
    const { rows } = await client.query<ContractParties>(
      `SELECT p.commissioner_id AS "commissionerId", pc.prime_id AS "primeId",
              (SELECT s.subcontractor_id FROM subcontract s WHERE s.id = $2 AND s.prime_contract_id = pc.id) AS "subcontractorId"
         FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id
        WHERE pc.id = $1`,
      [primeContractId, subcontractId],
    );
    return rows[0] ?? null;
  }

  /** The acting organisation's name, for "Canal Side finance queried …". */
  async organisationName(client: PoolClient, organisationId: string): Promise<string> {
    const { rows } = await client.query<{ name: string }>(
      'SELECT name FROM organisation WHERE id = $1',
      [organisationId],
    );
    return rows[0]?.name ?? 'Waymark';
  }

  async inbox(
    client: PoolClient,
    userId: string,
    options: { isUnreadOnly: boolean; offset: number; limit: number },
  ): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    const { rows } = await client.query<NotificationRow & { total: string; unread: string }>(
      `SELECT n.id, n.kind, n.title, n.body, n.link_path AS "linkPath", n.created_at AS "createdAt", n.read_at AS "readAt",
              count(*) OVER () AS total,
              (SELECT count(*) FROM notification u WHERE u.recipient_user_id = $1 AND u.read_at IS NULL) AS unread
         FROM notification n
        WHERE n.recipient_user_id = $1 AND (NOT $2 OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC
        OFFSET $3 LIMIT $4`,
      [userId, options.isUnreadOnly, options.offset, options.limit],
    );
    if (rows.length === 0)
      return {
        rows: [],
        total: await this.count(client, userId, options.isUnreadOnly),
        unread: await this.count(client, userId, true),
      };
    return {
      rows: rows.map(({ total: _t, unread: _u, ...row }) => row),
      total: Number(rows[0]!.total),
      unread: Number(rows[0]!.unread),
    };
  }

  async count(client: PoolClient, userId: string, isUnreadOnly: boolean): Promise<number> {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM notification WHERE recipient_user_id = $1 AND (NOT $2 OR read_at IS NULL)',
      [userId, isUnreadOnly],
    );
    return Number(rows[0]!.n);
  }

  /** Marks one notification read; false when it is not the reader's (RLS hides it) or does not exist. */
  async markRead(client: PoolClient, userId: string, id: string, at: Date): Promise<boolean> {
    const { rowCount } = await client.query(
      'UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND recipient_user_id = $2',
      [id, userId, at],
    );
    return rowCount === 1;
  }

  async markAllRead(client: PoolClient, userId: string, at: Date): Promise<number> {
    const { rowCount } = await client.query(
      'UPDATE notification SET read_at = $2 WHERE recipient_user_id = $1 AND read_at IS NULL',
      [userId, at],
    );
    return rowCount ?? 0;
  }

  async preferences(client: PoolClient, userId: string): Promise<PreferenceRow[]> {
    const { rows } = await client.query<PreferenceRow>(
      'SELECT kind, is_in_app AS "isInApp", is_by_email AS "isByEmail" FROM notification_preference WHERE user_id = $1',
      [userId],
    );
    return rows;
  }

  async setPreference(
    client: PoolClient,
    userId: string,
    preference: PreferenceRow,
    at: Date,
  ): Promise<void> {
    await client.query(
      `INSERT INTO notification_preference (user_id, kind, is_in_app, is_by_email, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, kind) DO UPDATE SET is_in_app = EXCLUDED.is_in_app, is_by_email = EXCLUDED.is_by_email, updated_at = EXCLUDED.updated_at`,
      [userId, preference.kind, preference.isInApp, preference.isByEmail, at],
    );
  }

  // ───────── the email outbox (table owner: the delivery job, the platform admin) ─────────

  /** Takes up to `limit` queued emails, locked for this delivery run (a concurrent run skips them). */
  async takeQueued(
    client: PoolClient,
    limit: number,
  ): Promise<{ id: string; toAddress: string; subject: string; body: string; attempts: number }[]> {
    const { rows } = await client.query<{
      id: string;
      toAddress: string;
      subject: string;
      body: string;
      attempts: number;
    }>(
      `SELECT id, to_address AS "toAddress", subject, body, attempts FROM email_outbox
        WHERE state = 'QUEUED' ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows;
  }

  async markDelivered(
    client: PoolClient,
    id: string,
    state: 'SENT' | 'KEPT',
    at: Date,
  ): Promise<void> {
    await client.query(
      'UPDATE email_outbox SET state = $2::"EmailOutboxState", sent_at = CASE WHEN $2 = \'SENT\' THEN $3::timestamptz END, attempts = attempts + 1, last_error = NULL WHERE id = $1',
      [id, state, at],
    );
  }

  async markFailedAttempt(
    client: PoolClient,
    id: string,
    error: string,
    isFinal: boolean,
  ): Promise<void> {
    await client.query(
      `UPDATE email_outbox SET attempts = attempts + 1, last_error = $2, state = CASE WHEN $3 THEN 'FAILED' ELSE state END WHERE id = $1`,
      [id, error, isFinal],
    );
  }

  async outbox(
    client: PoolClient,
    options: { state?: OutboxRow['state']; offset: number; limit: number },
  ): Promise<{ rows: OutboxRow[]; total: number }> {
    const { rows } = await client.query<OutboxRow & { total: string }>(
      `SELECT e.id, e.to_address AS "toAddress", u.display_name AS "recipientName", o.name AS "recipientOrganisationName", e.kind, e.subject, e.body,
              e.state, e.attempts, e.last_error AS "lastError", e.created_at AS "createdAt", e.sent_at AS "sentAt", count(*) OVER () AS total
         FROM email_outbox e JOIN app_user u ON u.id = e.recipient_user_id JOIN organisation o ON o.id = u.organisation_id
        WHERE ($1::"EmailOutboxState" IS NULL OR e.state = $1)
        ORDER BY e.created_at DESC, e.id DESC
        OFFSET $2 LIMIT $3`,
      [options.state ?? null, options.offset, options.limit],
    );
    const total = rows[0]
      ? Number(rows[0].total)
      : Number(
          (
            await client.query<{ n: string }>(
              'SELECT count(*) AS n FROM email_outbox WHERE ($1::"EmailOutboxState" IS NULL OR state = $1)',
              [options.state ?? null],
            )
          ).rows[0]!.n,
        );
    return { rows: rows.map(({ total: _t, ...row }) => row), total };
  }
}
