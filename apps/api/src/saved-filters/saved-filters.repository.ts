// Every query of saved filters. Each runs in the caller's party scope after
// `actAs` has named the user: row-level security (migration
// 20261207300100_saved_filters) shows a user their own filters only, and the
// WHERE clauses here ask for the same.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { type SavedFilter, type SavedFilterPage } from './saved-filters.dto';

const COLUMNS = `id, page, name, params, created_at AS "createdAt", updated_at AS "updatedAt"`;

interface SavedFilterRow extends Omit<SavedFilter, 'createdAt' | 'updatedAt'> {
  createdAt: Date;
  updatedAt: Date;
}

const toSavedFilter = (row: SavedFilterRow): SavedFilter => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

@Injectable()
export class SavedFiltersRepository {
  /**
   * Names the scope's user for row-level security, for the rest of the transaction. The party scope has just checked this user
   * against the session.
   */
  async actAs(client: PoolClient, userId: string): Promise<void> {
    await client.query(`SELECT set_config('waymark.user_id', $1::uuid::text, true)`, [userId]);
  }

  async list(
    client: PoolClient,
    userId: string,
    page: SavedFilterPage | undefined,
  ): Promise<SavedFilter[]> {
    const { rows } = await client.query<SavedFilterRow>(
      `SELECT ${COLUMNS} FROM saved_filter WHERE user_id = $1 AND ($2::text IS NULL OR page = $2) ORDER BY page, lower(name), id`,
      [userId, page ?? null],
    );
    return rows.map(toSavedFilter);
  }

  async countOnPage(client: PoolClient, userId: string, page: SavedFilterPage): Promise<number> {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM saved_filter WHERE user_id = $1 AND page = $2',
      [userId, page],
    );
    return rows[0]?.n ?? 0;
  }

  /** Saves the filter under its name, replacing one of the same name on the same page. */
  async upsert(
    client: PoolClient,
    filter: {
      userId: string;
      organisationId: string;
      page: SavedFilterPage;
      name: string;
      params: Record<string, string>;
    },
  ): Promise<{ savedFilter: SavedFilter; isNew: boolean }> {
    const { rows } = await client.query<SavedFilterRow & { isNew: boolean }>(
      `INSERT INTO saved_filter (user_id, organisation_id, page, name, params) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, page, name) DO UPDATE SET params = EXCLUDED.params, updated_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS "isNew"`,
      [
        filter.userId,
        filter.organisationId,
        filter.page,
        filter.name,
        JSON.stringify(filter.params),
      ],
    );
    const { isNew, ...row } = rows[0]!;
    return { savedFilter: toSavedFilter(row), isNew };
  }

  async delete(client: PoolClient, userId: string, id: string): Promise<SavedFilter | undefined> {
    const { rows } = await client.query<SavedFilterRow>(
      `DELETE FROM saved_filter WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    );
    return rows[0] && toSavedFilter(rows[0]);
  }
}
