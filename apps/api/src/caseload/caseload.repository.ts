// The caseload query: one party's referrals, filtered, sorted and keyset-paged
// in SQL. Each party's slice is one indexed column — prime_contract_id (prime,
// commissioner), subcontract_id (subcontractor), referral_partner_id
// (partner) — and every sort key has a (slice column, key, id) index per
// prime contract and per subcontract (the referral_*_idx indexes in
// prisma/schema.sql), so a page is one ordered index scan per
// slice id. Payment group, last activity and last contact are columns of
// referral, kept current by triggers on needs_assessment and activity.
import { Injectable } from '@nestjs/common';
import { type OrganisationKind, type ReferralStatus } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { asOneStatement, type SqlStatement } from '../common/db/as-one-statement';
import { queryInPartyScope, type ScopeCaller } from '../common/db/party-scope';
import { type CaseloadFilters, type CaseloadSortKey } from './caseload.dto';

export interface CaseloadRow {
  referralId: string;
  participantReference: string;
  status: ReferralStatus;
  paymentGroup: string | null;
  paymentGroupName: string | null;
  primeContractId: string;
  subcontractId: string | null;
  receivedAt: Date;
  lastActivityOn: string | null;
  lastContactOn: string | null;
  daysSinceLastActivity: number;
  /** The row's sort key as text, at full precision, for the cursor. */
  sortValue: string;
}

/** Where the previous page ended: its last row's sort key (as text) and id. */
export interface Keyset {
  value: string;
  id: string;
}

/**
 * Each sort key as the SQL expression its index is built on, with the type a
 * cursor's text is cast back to. NULLs become a bound of the type so the key
 * is never null and a cursor is a plain row comparison (the referral_*_idx indexes in prisma/schema.sql):
 * not assessed, unallocated and never contacted sort first; with no activity
 * the day received counts as the last activity.
 */
export const SORT_EXPRESSIONS: Record<CaseloadSortKey, { sql: string; type: string }> = {
  receivedAt: { sql: 'r.received_at', type: 'timestamptz' },
  status: { sql: 'r.status', type: '"ReferralStatus"' },
  paymentGroup: { sql: "COALESCE(r.payment_group_code, '')", type: 'text' },
  subcontract: {
    sql: "COALESCE(r.subcontract_id, '00000000-0000-0000-0000-000000000000'::uuid)",
    type: 'uuid',
  },
  lastContact: { sql: "COALESCE(r.last_contact_on, '-infinity'::date)", type: 'date' },
  lastActivity: {
    sql: "COALESCE(r.last_activity_on, (r.received_at AT TIME ZONE 'UTC')::date)",
    type: 'date',
  },
};

/**
 * The caller's slice as SQL: the referral column that identifies it and a
 * sub-select of its ids ($1 is the caller's organisation). Part of the page's
 * own statement, so a page is one round trip, not two.
 */
export function sliceSql(kind: OrganisationKind): {
  column: 'prime_contract_id' | 'subcontract_id' | 'referral_partner_id';
  ids: string;
} {
  switch (kind) {
    case 'PRIME':
    case 'COMMISSIONER':
      return {
        column: 'prime_contract_id',
        ids: 'SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.prime_id = $1 OR p.commissioner_id = $1',
      };
    case 'SUBCONTRACTOR':
      return {
        column: 'subcontract_id',
        ids: 'SELECT s.id FROM subcontract s WHERE s.subcontractor_id = $1',
      };
    case 'REFERRAL_PARTNER':
    case 'PLATFORM':
      return { column: 'referral_partner_id', ids: 'SELECT $1::uuid' };
  }
}

/**
 * One ordered, limited index scan per slice id (a prime may hold several
 * contracts), merged: `slice CROSS JOIN LATERAL (… ORDER BY key, id
 * LIMIT n)`. Every filter sits inside the lateral so each scan stops after n
 * matching rows — a page costs about ids × n rows, never the whole slice.
 */
type CaseloadPageOptions = {
  kind: OrganisationKind;
  organisationId: string;
  filters: CaseloadFilters;
  after: Keyset | null;
  /** Rows to skip (page numbers); each slice's scan then stops after offset + limit rows. */
  offset?: number;
  limit: number;
  /** The API clock's day (`Clock.today()`): days since last activity and the inactiveDays filter count from it. */
  today: string;
};

type CaseloadFilterOptions = Pick<
  CaseloadPageOptions,
  'kind' | 'organisationId' | 'filters' | 'today'
>;

/** The filters' WHERE terms for one slice id, shared by the page and the count so the two can never disagree. */
function filterSql(options: CaseloadFilterOptions, values: unknown[]) {
  const { filters } = options;
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  // Bound once, and only when used: a prepared statement cannot carry a parameter it never reads.
  let todayParam: string | undefined;
  const today = () => (todayParam ??= `${param(options.today)}::date`);
  const slice = sliceSql(options.kind);
  const lastActive = SORT_EXPRESSIONS.lastActivity.sql;
  const reference = '(SELECT pt.reference FROM participant pt WHERE pt.id = r.participant_id)';
  // The IS NOT NULL restriction lets the planner use the partial (column, key, id) indexes:
  // partial-index predicates are proved from a table's own restrictions, not from join clauses.
  const where = [`r.${slice.column} IS NOT NULL`, `r.${slice.column} = slice.id`];
  if (filters.status) where.push(`r.status = ${param(filters.status)}::"ReferralStatus"`);
  if (filters.subcontractId) where.push(`r.subcontract_id = ${param(filters.subcontractId)}::uuid`);
  // The payment-group index's key expression (SORT_EXPRESSIONS.paymentGroup): the count answers it from that index alone,
  // estimated by the expression's statistics (migration 20261210000100). The same rows as `payment_group_code = $n`, as
  // the code is never empty.
  if (filters.paymentGroup)
    where.push(`${SORT_EXPRESSIONS.paymentGroup.sql} = ${param(filters.paymentGroup)}`);
  if (filters.lastActivityBefore)
    where.push(
      `(r.last_activity_on IS NULL OR r.last_activity_on < ${param(filters.lastActivityBefore)}::date)`,
    );
  if (filters.lastActivityAfter)
    where.push(`r.last_activity_on >= ${param(filters.lastActivityAfter)}::date`);
  if (filters.inactiveDays !== undefined)
    // The indexed expression stays bare (the bound is a constant), so the count remains an index-only walk.
    where.push(`${lastActive} <= ${today()} - ${param(filters.inactiveDays)}::int`);
  if (filters.search)
    where.push(`${reference} ILIKE ${param(`${filters.search.replace(/[\\%_]/g, '\\$&')}%`)}`);
  return { slice, where, param, today, reference, lastActive };
}

export function caseloadSql(options: CaseloadPageOptions): { text: string; values: unknown[] } {
  const { filters } = options;
  const values: unknown[] = [options.organisationId]; // $1, used by the slice
  const { slice, where, param, today, reference, lastActive } = filterSql(options, values);
  const descending = filters.sort.startsWith('-');
  const sortKey = (descending ? filters.sort.slice(1) : filters.sort) as CaseloadSortKey;
  const key = SORT_EXPRESSIONS[sortKey];
  if (options.after)
    where.push(
      `(${key.sql}, r.id) ${descending ? '<' : '>'} (${param(options.after.value)}::${key.type}, ${param(options.after.id)}::uuid)`,
    );
  const offset = options.offset ?? 0;
  const limit = param(options.limit);
  const perSlice = param(offset + options.limit);
  const skip = param(offset);
  const direction = descending ? 'DESC' : 'ASC';
  const daysSince = `GREATEST(0, ${today()} - ${lastActive})::int`;
  const text = `
    SELECT page.id AS "referralId", page.reference AS "participantReference", page.status, page.payment_group_code AS "paymentGroup", page.payment_group_name AS "paymentGroupName",
           page.prime_contract_id AS "primeContractId", page.subcontract_id AS "subcontractId", page.received_at AS "receivedAt",
           page.last_activity_on::text AS "lastActivityOn", page.last_contact_on::text AS "lastContactOn",
           page.days_since AS "daysSinceLastActivity", page.sort_key::text AS "sortValue",
           -- the row's place in the order, on the typed key (sortValue is text): caseloadListSql aggregates the page by it
           row_number() OVER (ORDER BY page.sort_key ${direction}, page.id ${direction}) AS "position"
      FROM (${slice.ids}) AS slice(id)
      CROSS JOIN LATERAL (
        SELECT r.id, ${reference} AS reference, r.status::text AS status, r.payment_group_code, r.prime_contract_id, r.subcontract_id,
               r.received_at, r.last_activity_on, r.last_contact_on,
               -- from the API clock's day; never negative: an activity dated later than that day (UK evening vs UTC) is 0 days ago, not −1
               ${daysSince} AS days_since, ${key.sql} AS sort_key,
               (SELECT pg.name FROM payment_group pg WHERE pg.programme_id = r.programme_id AND pg.code = r.payment_group_code) AS payment_group_name
          FROM referral r
         WHERE ${where.join(' AND ')}
         ORDER BY ${key.sql} ${direction}, r.id ${direction}
         LIMIT ${perSlice}
      ) page
     ORDER BY page.sort_key ${direction}, page.id ${direction}
     LIMIT ${limit} OFFSET ${skip}`;
  return { text, values };
}

/**
 * How many referrals the filter holds, counted exactly up to `cap` and no further: each slice's scan stops after
 * cap + 1 matching rows (an index-only walk of the slice index), so the count costs at most slices × cap rows however
 * large the caseload (docs/operations.md, "Long lists"). Answers cap + 1 when there are more than cap.
 */
export function caseloadCountSql(options: CaseloadFilterOptions & { cap: number }): {
  text: string;
  values: unknown[];
} {
  const values: unknown[] = [options.organisationId];
  const { slice, where, param } = filterSql(options, values);
  const upTo = param(options.cap + 1);
  const text = `
    SELECT count(*)::int AS total FROM (
      SELECT 1
        FROM (${slice.ids}) AS slice(id)
        CROSS JOIN LATERAL (SELECT 1 FROM referral r WHERE ${where.join(' AND ')} LIMIT ${upTo}) one
       LIMIT ${upTo}
    ) counted`;
  return { text, values };
}

/** The payment groups of the programmes the caller can see (row-level security scopes payment_group), by name: the filter's options. */
const PAYMENT_GROUP_OPTIONS_SQL = `SELECT code, min(name) AS name FROM payment_group GROUP BY code ORDER BY min(name), code`;

/**
 * A caseload request's whole read — the page, the capped whole-filter count and the payment-group options — as one
 * statement, so the request is one party-scoped round trip (one scope opening, one session re-check) instead of three.
 * The page's rows come back as a JSON array in their order (by `position`, on the typed sort key).
 */
export function caseloadListSql(options: CaseloadPageOptions & { cap: number }): SqlStatement {
  const page = caseloadSql(options);
  return asOneStatement({
    page: {
      text: `SELECT coalesce(json_agg(listed ORDER BY listed."position"), '[]'::json) AS rows FROM (${page.text}) listed`,
      values: page.values,
    },
    counted: caseloadCountSql(options),
    paymentGroups: {
      text: `SELECT coalesce(json_agg(choice), '[]'::json) AS options FROM (${PAYMENT_GROUP_OPTIONS_SQL}) choice`,
      values: [],
    },
  });
}

/** caseloadListSql's answer: each part as PostgreSQL's JSON gives it. */
interface CaseloadListRow {
  page: { rows: (Omit<CaseloadRow, 'receivedAt'> & { receivedAt: string })[] };
  counted: { total: number };
  paymentGroups: { options: { code: string; name: string }[] };
}

@Injectable()
export class CaseloadRepository {
  /**
   * Attached referrals of these subcontracts whose last activity (or, with none, their receipt) is at least `days` ago: the
   * `inactiveDays` filter's count for the dashboard card, on the same last-active expression (SORT_EXPRESSIONS.lastActivity,
   * on `last_activity_on`, kept by triggers on activity) rather than a max() over each referral's activities (203 ms for a
   * subcontractor with 19,292 referrals at 2M; bench/results/dashboard-2003000.md).
   */
  /**
   * The count of attached participants not seen in `days` days, as a statement (the dashboard sends it with its other cards):
   * `subcontractIds` is an SQL expression of type uuid[] (the dashboard's CALLER_SLICE).
   */
  countInactiveAttached(subcontractIds: string, days: number, today: string): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM referral r
        WHERE r.subcontract_id = ANY(${subcontractIds}) AND r.status = 'ATTACHED'
          AND ${SORT_EXPRESSIONS.lastActivity.sql} <= $2::date - $1::int`,
      values: [days, today],
    };
  }

  async page(client: PoolClient, options: CaseloadPageOptions): Promise<CaseloadRow[]> {
    const { text, values } = caseloadSql(options);
    const { rows } = await client.query<CaseloadRow>(text, values);
    return rows;
  }

  /** A caseload request's page, capped count and filter options (caseloadListSql), in one party-scoped round trip. */
  async listInOwnScope(
    pool: Pool,
    caller: ScopeCaller,
    options: CaseloadPageOptions & { cap: number },
  ): Promise<{
    rows: CaseloadRow[];
    counted: number;
    paymentGroups: { code: string; name: string }[];
  }> {
    const { text, values } = caseloadListSql(options);
    const { rows } = await queryInPartyScope<CaseloadListRow>(pool, caller, text, values);
    const answer = rows[0];
    if (!answer) throw new Error('the caseload statement answered no row');
    return {
      // JSON carries the instant as text (microseconds, UTC offset); the page's Date is what a pg row would have given.
      rows: answer.page.rows.map((row) => ({ ...row, receivedAt: new Date(row.receivedAt) })),
      counted: answer.counted.total,
      paymentGroups: answer.paymentGroups.options,
    };
  }
}
