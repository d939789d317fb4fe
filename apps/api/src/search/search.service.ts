import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { type SearchRequest, type SearchResult, type SearchResultKind } from './search.dto';
import { SearchRepository } from './search.repository';
import { readSearchTerms } from './search-terms';

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Every kind searched in one party-scoped transaction: row-level security decides what is found. */
  async find(
    principal: Principal,
    request: SearchRequest,
  ): Promise<{ results: SearchResult[]; truncatedKinds: SearchResultKind[] }> {
    const terms = readSearchTerms(request.q, request.limit, this.config.piiHmacKey);
    const caller = {
      organisationId: principal.organisationId,
      isPlatform: principal.organisationKind === 'PLATFORM',
    };
    const found = await withPartyScope(this.pool, principal, async (client) => {
      const kinds = await this.search.search(client, terms, caller);
      // Looking a person up by NI number is itself a read of personal data: who searched, when and whom it found are
      // audited in the same transaction — never the number (nor its hash), which the trail must not hold.
      if (terms.niNumberHmac)
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'search.ni-number',
          entityType: 'organisation',
          entityId: principal.organisationId,
          data: {
            participantIds: kinds
              .filter((kind) => kind.kind === 'PARTICIPANT')
              .flatMap((kind) => kind.rows)
              .filter((row) => row.matchedOn === 'NI_NUMBER')
              .map((row) => row.id),
          },
        });
      return kinds;
    });
    return {
      results: found.flatMap((kind) => kind.rows.slice(0, request.limit)),
      truncatedKinds: found
        .filter((kind) => kind.rows.length > request.limit)
        .map((kind) => kind.kind),
    };
  }
}
