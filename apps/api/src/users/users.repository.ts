import { Inject, Injectable } from '@nestjs/common';
import { type Role } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  isActive: boolean;
  lastSignedInAt: Date | null;
  createdAt: Date;
}

const USER_COLUMNS = `id, email::text AS email, display_name AS "displayName", roles::text[] AS roles, is_active AS "isActive",
  last_signed_in_at AS "lastSignedInAt", created_at AS "createdAt"`;

@Injectable()
export class UsersRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async listUsers(organisationId: string): Promise<UserRow[]> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM app_user WHERE organisation_id = $1 ORDER BY display_name`,
      [organisationId],
    );
    return rows;
  }

  /** Only within the caller's organisation: anyone else's user does not exist for them. */
  async lockUserInOrganisation(
    client: PoolClient,
    organisationId: string,
    userId: string,
  ): Promise<UserRow | undefined> {
    const { rows } = await client.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1 AND organisation_id = $2 FOR UPDATE`,
      [userId, organisationId],
    );
    return rows[0];
  }

  async countOtherActiveAdmins(
    client: PoolClient,
    organisationId: string,
    exceptUserId: string,
  ): Promise<number> {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM app_user WHERE organisation_id = $1 AND id <> $2 AND is_active AND 'ADMIN' = ANY(roles)`,
      [organisationId, exceptUserId],
    );
    return Number(rows[0]!.n);
  }

  async updateUser(
    client: PoolClient,
    userId: string,
    change: { roles?: Role[]; isActive?: boolean },
  ): Promise<UserRow> {
    const { rows } = await client.query<UserRow>(
      `UPDATE app_user SET roles = COALESCE($2::"Role"[], roles), is_active = COALESCE($3, is_active) WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [userId, change.roles ?? null, change.isActive ?? null],
    );
    return rows[0]!;
  }

  /** The organisation of the account with this email, or null when there is none. */
  async organisationOfEmail(client: PoolClient | Pool, email: string): Promise<string | null> {
    const { rows } = await client.query<{ organisation_id: string }>(
      'SELECT organisation_id FROM app_user WHERE email = $1',
      [email],
    );
    return rows[0]?.organisation_id ?? null;
  }

  async emailExists(client: PoolClient | Pool, email: string): Promise<boolean> {
    const { rowCount } = await client.query('SELECT 1 FROM app_user WHERE email = $1', [email]);
    return (rowCount ?? 0) > 0;
  }

  async insertInvitation(
    client: PoolClient,
    input: {
      organisationId: string;
      email: string;
      displayName: string;
      roles: Role[];
      tokenHash: Buffer;
      invitedByUserId: string | null;
      expiresAt: Date;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO invitation (organisation_id, email, display_name, roles, token_hash, invited_by_user_id, expires_at)
       VALUES ($1, $2, $3, $4::"Role"[], $5, $6, $7) RETURNING id`,
      [
        input.organisationId,
        input.email,
        input.displayName,
        input.roles,
        input.tokenHash,
        input.invitedByUserId,
        input.expiresAt,
      ],
    );
    return rows[0]!.id;
  }

  async listPendingInvitations(organisationId: string) {
    const { rows } = await this.pool.query<{
      id: string;
      email: string;
      displayName: string;
      roles: Role[];
      expiresAt: Date;
      createdAt: Date;
    }>(
      `SELECT id, email::text AS email, display_name AS "displayName", roles::text[] AS roles, expires_at AS "expiresAt", created_at AS "createdAt"
       FROM invitation WHERE organisation_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at DESC`,
      [organisationId],
    );
    return rows;
  }

  async revokeInvitation(
    client: PoolClient,
    organisationId: string,
    invitationId: string,
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      'UPDATE invitation SET revoked_at = now() WHERE id = $1 AND organisation_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL',
      [invitationId, organisationId],
    );
    return (rowCount ?? 0) > 0;
  }

  async lockUsableInvitation(client: PoolClient, tokenHash: Buffer) {
    const { rows } = await client.query<{
      id: string;
      organisationId: string;
      email: string;
      displayName: string;
      roles: Role[];
    }>(
      `SELECT id, organisation_id AS "organisationId", email::text AS email, display_name AS "displayName", roles::text[] AS roles
       FROM invitation WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
      [tokenHash],
    );
    return rows[0];
  }

  async acceptInvitation(
    client: PoolClient,
    invitationId: string,
    user: {
      organisationId: string;
      email: string;
      displayName: string;
      roles: Role[];
      passwordHash: string;
    },
  ): Promise<string> {
    await client.query('UPDATE invitation SET accepted_at = now() WHERE id = $1', [invitationId]);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5::"Role"[]) RETURNING id`,
      [user.organisationId, user.email, user.displayName, user.passwordHash, user.roles],
    );
    return rows[0]!.id;
  }
}
