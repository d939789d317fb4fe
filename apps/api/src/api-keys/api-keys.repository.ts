import { Inject, Injectable } from '@nestjs/common';
import { type ApiKeyScope, type Role } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  roles: Role[];
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, name, key_prefix AS prefix, roles::text[] AS roles, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(organisationId: string): Promise<ApiKeyRow[]> {
    const { rows } = await this.pool.query<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_key WHERE organisation_id = $1 ORDER BY created_at DESC`,
      [organisationId],
    );
    return rows;
  }

  async insert(
    client: PoolClient,
    input: {
      organisationId: string;
      name: string;
      prefix: string;
      keyHash: Buffer;
      roles: Role[];
      scopes: ApiKeyScope[];
      createdByUserId: string | null;
    },
  ): Promise<ApiKeyRow> {
    const { rows } = await client.query<ApiKeyRow>(
      `INSERT INTO api_key (organisation_id, name, key_prefix, key_hash, roles, scopes, created_by_user_id) VALUES ($1, $2, $3, $4, $5::"Role"[], $6, $7) RETURNING ${COLUMNS}`,
      [
        input.organisationId,
        input.name,
        input.prefix,
        input.keyHash,
        input.roles,
        input.scopes,
        input.createdByUserId,
      ],
    );
    return rows[0]!;
  }

  async revoke(client: PoolClient, organisationId: string, id: string): Promise<boolean> {
    const { rowCount } = await client.query(
      'UPDATE api_key SET revoked_at = now() WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL',
      [id, organisationId],
    );
    return (rowCount ?? 0) > 0;
  }
}
