// Every query for identity: users as seen by sign-in, sessions (a refresh-token
// family), refresh tokens, API keys and sign-in attempts.
import { Inject, Injectable } from '@nestjs/common';
import { type ApiKeyScope, type OrganisationKind, type Role } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';
import { hotStatement } from '../common/db/statement-mode';

export interface UserForSignIn {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  isActive: boolean;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
}

export interface SessionPrincipalRow {
  userId: string;
  sessionId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  /** When the session ends by itself; a cached caller is not used past it. */
  expiresAt: Date;
}

const USER_COLUMNS = `u.id, u.email::text AS "email", u.display_name AS "displayName", u.password_hash AS "passwordHash",
  u.roles::text[] AS roles, u.is_active AS "isActive", o.id AS "organisationId", o.name AS "organisationName", o.kind::text AS "organisationKind"`;

@Injectable()
export class AuthRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async findUserByEmail(email: string): Promise<UserForSignIn | undefined> {
    const { rows } = await this.pool.query<UserForSignIn>(
      `SELECT ${USER_COLUMNS} FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.email = $1`,
      [email],
    );
    return rows[0];
  }

  async findUserById(id: string): Promise<UserForSignIn | undefined> {
    const { rows } = await this.pool.query<UserForSignIn>(
      `SELECT ${USER_COLUMNS} FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Failed attempts since `since` for this email and for this IP address. */
  async countRecentFailures(
    email: string,
    ipAddress: string,
    since: Date,
  ): Promise<{
    byEmail: number;
    byIp: number;
    oldestByEmail: Date | null;
    oldestByIp: Date | null;
  }> {
    const { rows } = await this.pool.query<{
      by_email: string;
      by_ip: string;
      oldest_by_email: Date | null;
      oldest_by_ip: Date | null;
    }>(
      `SELECT count(*) FILTER (WHERE email = $1) AS by_email,
              count(*) FILTER (WHERE ip_address = $2) AS by_ip,
              min(attempted_at) FILTER (WHERE email = $1) AS oldest_by_email,
              min(attempted_at) FILTER (WHERE ip_address = $2) AS oldest_by_ip
       FROM sign_in_attempt
       WHERE NOT succeeded AND attempted_at > $3 AND (email = $1 OR ip_address = $2)`,
      [email, ipAddress, since],
    );
    const row = rows[0]!;
    return {
      byEmail: Number(row.by_email),
      byIp: Number(row.by_ip),
      oldestByEmail: row.oldest_by_email,
      oldestByIp: row.oldest_by_ip,
    };
  }

  async recordAttempt(email: string, ipAddress: string, succeeded: boolean): Promise<void> {
    await this.pool.query(
      'INSERT INTO sign_in_attempt (email, ip_address, succeeded) VALUES ($1, $2, $3)',
      [email, ipAddress, succeeded],
    );
  }

  async createSession(
    client: PoolClient,
    input: { userId: string; expiresAt: Date; userAgent: string | null; ipAddress: string },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO auth_session (user_id, expires_at, user_agent, ip_address) VALUES ($1, $2, $3, $4) RETURNING id',
      [input.userId, input.expiresAt, input.userAgent, input.ipAddress],
    );
    await client.query('UPDATE app_user SET last_signed_in_at = now() WHERE id = $1', [
      input.userId,
    ]);
    return rows[0]!.id;
  }

  async insertRefreshToken(
    client: PoolClient,
    input: { sessionId: string; tokenHash: Buffer; expiresAt: Date },
  ): Promise<void> {
    await client.query(
      'INSERT INTO refresh_token (session_id, token_hash, expires_at) VALUES ($1, $2, $3)',
      [input.sessionId, input.tokenHash, input.expiresAt],
    );
  }

  /** Locks the token row so two concurrent refreshes with the same token cannot both succeed. */
  async lockRefreshToken(client: PoolClient, tokenHash: Buffer) {
    const { rows } = await client.query<{
      id: string;
      session_id: string;
      used_at: Date | null;
      expires_at: Date;
      session_revoked_at: Date | null;
      session_expires_at: Date;
      user_id: string;
    }>(
      `SELECT t.id, t.session_id, t.used_at, t.expires_at, s.revoked_at AS session_revoked_at, s.expires_at AS session_expires_at, s.user_id
       FROM refresh_token t JOIN auth_session s ON s.id = t.session_id
       WHERE t.token_hash = $1 FOR UPDATE OF t`,
      [tokenHash],
    );
    return rows[0];
  }

  async markRefreshTokenUsed(client: PoolClient, id: string): Promise<void> {
    await client.query('UPDATE refresh_token SET used_at = now() WHERE id = $1', [id]);
  }

  async revokeSession(client: PoolClient | Pool, sessionId: string, reason: string): Promise<void> {
    await client.query(
      'UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL',
      [sessionId, reason],
    );
  }

  async revokeSessionsOfUser(
    client: PoolClient,
    userId: string,
    reason: string,
    exceptSessionId: string | null = null,
  ): Promise<void> {
    await client.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2
       WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, reason, exceptSessionId],
    );
  }

  /** The principal behind a live session of an active user, or nothing. */
  async findLiveSession(
    sessionId: string,
    userId: string,
  ): Promise<SessionPrincipalRow | undefined> {
    // Runs on every authenticated request: a named statement is parsed and planned once per pooled connection.
    const { rows } = await this.pool.query<SessionPrincipalRow>(
      hotStatement(
        this.pool,
        'auth.find-live-session',
        `SELECT u.id AS "userId", s.id AS "sessionId", o.id AS "organisationId", o.kind::text AS "organisationKind", u.roles::text[] AS roles, s.expires_at AS "expiresAt"
       FROM auth_session s JOIN app_user u ON u.id = s.user_id JOIN organisation o ON o.id = u.organisation_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.is_active`,
        [sessionId, userId],
      ),
    );
    return rows[0];
  }

  /**
   * The live key with this hash. Its `last_used_at` is written at most once a
   * minute: a write (and its WAL flush at commit) on every request of a
   * polling integration would cost more than the request. A data-modifying
   * CTE that changes no row writes nothing.
   */
  async findLiveApiKey(keyHash: Buffer) {
    const { rows } = await this.pool.query<{
      id: string;
      organisationId: string;
      organisationKind: OrganisationKind;
      roles: Role[];
      scopes: ApiKeyScope[];
      createdByUserId: string | null;
    }>(
      hotStatement(
        this.pool,
        'auth.find-live-api-key',
        `WITH live AS (
         SELECT k.id, o.id AS "organisationId", o.kind::text AS "organisationKind", k.roles::text[] AS roles, k.scopes, k.created_by_user_id AS "createdByUserId", k.last_used_at
           FROM api_key k JOIN organisation o ON o.id = k.organisation_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL
       ), touched AS (
         UPDATE api_key k SET last_used_at = now()
           FROM live WHERE k.id = live.id AND (live.last_used_at IS NULL OR live.last_used_at < now() - interval '1 minute')
       )
       SELECT id, "organisationId", "organisationKind", roles, scopes, "createdByUserId" FROM live`,
        [keyHash],
      ),
    );
    return rows[0];
  }

  async updatePasswordHash(
    client: PoolClient,
    userId: string,
    passwordHash: string,
  ): Promise<void> {
    await client.query('UPDATE app_user SET password_hash = $2 WHERE id = $1', [
      userId,
      passwordHash,
    ]);
  }
}
