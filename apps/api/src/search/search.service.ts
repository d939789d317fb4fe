import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { hmacNiNumber, isValidNiNumber } from '../common/pii/ni-number';
import { type SearchRequest, type SearchResult, type SearchResultKind } from './search.dto';
import { SearchRepository, type SearchTerms } from './search.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Shorter fragments of a name would match most organisations. */
const MIN_NAME_FRAGMENT = 2;

/** `%fragment%` for LIKE on lower(name), with LIKE's own wildcards in the fragment taken literally. */
function containsPattern(fragment: string): string {
  return `%${fragment.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}

/** How the query is read: as a reference, a record id, an NI number (hashed here, never sent or stored in clear), a name fragment. */
export function readSearchTerms(query: string, limit: number, piiHmacKey: Buffer): SearchTerms {
  return {
    references: [...new Set([query, query.toUpperCase(), query.toLowerCase()])],
    lowered: query.toLowerCase(),
    id: UUID.test(query) ? query.toLowerCase() : null,
    niNumberHmac: isValidNiNumber(query) ? hmacNiNumber(query, piiHmacKey) : null,
    namePattern: query.length >= MIN_NAME_FRAGMENT ? containsPattern(query) : null,
    limit,
  };
}

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every kind searched in one party-scoped transaction: row-level security decides what is found. */
  async find(principal: Principal, request: SearchRequest): Promise<{ results: SearchResult[]; truncatedKinds: SearchResultKind[] }> {
    const terms = readSearchTerms(request.q, request.limit, this.config.piiHmacKey);
    const caller = { organisationId: principal.organisationId, isPlatform: principal.organisationKind === 'PLATFORM' };
    const found = await withPartyScope(this.pool, principal, (client) => this.search.search(client, terms, caller));
    return {
      results: found.flatMap((kind) => kind.rows.slice(0, request.limit)),
      truncatedKinds: found.filter((kind) => kind.rows.length > request.limit).map((kind) => kind.kind),
    };
  }
}
