// Every query of the global search. Each runs in the caller's party scope
// (the client passed in), so row-level security keeps it to the caller's slice.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { type SearchResult, type SearchResultKind } from './search.dto';
import {
  CLAIMS_SQL,
  ORGANISATIONS_SQL,
  PARTICIPANTS_SQL,
  REFERRALS_SQL,
  REMITTANCES_SQL,
  SUBCONTRACTOR_PAYMENTS_SQL,
} from './search.sql';

/** What one search looks for, already interpreted by the service. */
export interface SearchTerms {
  /** The query as typed (trimmed), upper-cased and lower-cased: a reference matches one of them whole. */
  references: string[];
  /** The query lower-cased: organisations whose name is it, or starts with it, come first. */
  lowered: string;
  /** The query as a record id, when it is a UUID. */
  id: string | null;
  /** The NI number's keyed hash, when the query is an NI number. */
  niNumberHmac: Buffer | null;
  /** LIKE pattern on lower(name) for organisations, when the query is long enough. */
  namePattern: string | null;
  /** Most rows wanted of each kind. */
  limit: number;
}

export interface SearchCaller {
  organisationId: string;
  isPlatform: boolean;
}

type Row = Partial<SearchResult> & Pick<SearchResult, 'kind' | 'id' | 'matchedOn' | 'title'>;

const EMPTY: Omit<SearchResult, 'kind' | 'id' | 'matchedOn' | 'title'> = {
  participantReference: null,
  status: null,
  programmeName: null,
  primeName: null,
  deliveredByName: null,
  referredByName: null,
  milestoneName: null,
  receivedAt: null,
  milestoneOn: null,
  periodStart: null,
  periodEnd: null,
  dueOn: null,
  paidOn: null,
  amountPence: null,
  referralId: null,
  subcontractId: null,
  organisationKind: null,
};

function toResult(row: Row): SearchResult {
  const receivedAt = row.receivedAt as unknown as Date | string | null | undefined;
  return {
    ...EMPTY,
    ...row,
    receivedAt: receivedAt instanceof Date ? receivedAt.toISOString() : (receivedAt ?? null),
  };
}

/** The statement for each kind and its parameters, in the order the search shows them. */
export function searchStatements(
  terms: SearchTerms,
  caller: SearchCaller,
): { kind: SearchResultKind; text: string; values: unknown[] }[] {
  const common = [terms.references, terms.id, terms.limit + 1];
  return [
    { kind: 'PARTICIPANT', text: PARTICIPANTS_SQL, values: [...common, terms.niNumberHmac] },
    { kind: 'REFERRAL', text: REFERRALS_SQL, values: common },
    { kind: 'CLAIM', text: CLAIMS_SQL, values: common },
    { kind: 'REMITTANCE', text: REMITTANCES_SQL, values: common },
    { kind: 'SUBCONTRACTOR_PAYMENT', text: SUBCONTRACTOR_PAYMENTS_SQL, values: common },
    {
      kind: 'ORGANISATION',
      text: ORGANISATIONS_SQL,
      values: [
        terms.lowered,
        terms.id,
        terms.limit + 1,
        terms.namePattern,
        caller.organisationId,
        caller.isPlatform,
      ],
    },
  ];
}

@Injectable()
export class SearchRepository {
  /** Up to limit + 1 rows of each kind (the extra row tells the service the kind was cut short). */
  async search(
    client: PoolClient,
    terms: SearchTerms,
    caller: SearchCaller,
  ): Promise<{ kind: SearchResultKind; rows: SearchResult[] }[]> {
    const found = [];
    for (const statement of searchStatements(terms, caller)) {
      const { rows } = await client.query<Row>(statement.text, statement.values);
      found.push({ kind: statement.kind, rows: rows.map(toResult) });
    }
    return found;
  }
}
