import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import {
  MAX_SAVED_FILTERS_PER_PAGE,
  type SaveFilter,
  type SavedFilter,
  type SavedFilterPage,
} from './saved-filters.dto';
import { SavedFiltersRepository } from './saved-filters.repository';

/** Query parameters that say where in a list you are, not what it shows. */
const NOT_A_FILTER = new Set(['cursor']);

@Injectable()
export class SavedFiltersService {
  constructor(
    private readonly savedFilters: SavedFiltersRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  list(principal: Principal, page: SavedFilterPage | undefined): Promise<SavedFilter[]> {
    return this.asUser(principal, (client, userId) => this.savedFilters.list(client, userId, page));
  }

  save(principal: Principal, body: SaveFilter): Promise<SavedFilter> {
    const params = Object.fromEntries(
      Object.entries(body.params).filter(
        ([name, value]) => !NOT_A_FILTER.has(name) && value !== '',
      ),
    );
    return this.asUser(principal, async (client, userId) => {
      const { savedFilter, isNew } = await this.savedFilters.upsert(client, {
        userId,
        organisationId: principal.organisationId,
        page: body.page,
        name: body.name,
        params,
      });
      // Counted after the write, in the same transaction: the limit holds with the new filter included, or nothing is written.
      if (
        isNew &&
        (await this.savedFilters.countOnPage(client, userId, body.page)) >
          MAX_SAVED_FILTERS_PER_PAGE
      ) {
        throw new AppError(
          CommonError.CONFLICT,
          `You already have ${MAX_SAVED_FILTERS_PER_PAGE} saved filters on this page; delete one first.`,
          [
            {
              field: 'body.name',
              message: `at most ${MAX_SAVED_FILTERS_PER_PAGE} saved filters per page`,
            },
          ],
        );
      }
      await this.audit.record(client, {
        ...auditActor(principal),
        action: isNew ? 'saved-filter.create' : 'saved-filter.replace',
        entityType: 'saved_filter',
        entityId: savedFilter.id,
        data: { page: savedFilter.page, name: savedFilter.name },
      });
      return savedFilter;
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.asUser(principal, async (client, userId) => {
      const deleted = await this.savedFilters.delete(client, userId, id);
      // Someone else's filter is not found, exactly like one that never existed.
      if (!deleted)
        throw new AppError(CommonError.NOT_FOUND, 'No saved filter of yours has this id.');
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'saved-filter.delete',
        entityType: 'saved_filter',
        entityId: id,
        data: { page: deleted.page, name: deleted.name },
      });
    });
  }

  /** The caller's party scope with the caller named as the user row-level security lets see their filters. */
  private asUser<T>(
    principal: Principal,
    work: (client: PoolClient, userId: string) => Promise<T>,
  ): Promise<T> {
    const userId = principal.userId;
    // The route policies admit signed-in users only (no API keys), so there is always one; a key would find nothing of its own.
    if (!userId)
      throw new AppError(CommonError.FORBIDDEN, 'Saved filters belong to a signed-in user.');
    return withPartyScope(this.pool, principal, async (client) => {
      await this.savedFilters.actAs(client, userId);
      return work(client, userId);
    });
  }
}
