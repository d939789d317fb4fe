// The caseload query: one party's referrals, filtered and keyset-paged in SQL.
// Each party's slice is one indexed column — prime_contract_id (prime,
// commissioner), subcontract_id (subcontractor), referral_partner_id
// (partner) — paired with (received_at, id) for the page order
// (referral_*_received_at_id_idx). Last activity is a per-row index lookup on
// activity (referral_id, occurred_on).
import { Injectable } from '@nestjs/common';
import { type OrganisationKind, type ReferralStatus } from '@waymark/domain';
import { type PoolClient } from 'pg';
import { type CaseloadFilters } from './caseload.dto';

export interface CaseloadRow {
  referralId: string;
  participantReference: string;
  status: ReferralStatus;
  paymentGroup: string | null;
  primeContractId: string;
  subcontractId: string | null;
  receivedAt: Date;
  lastActivityOn: string | null;
  daysSinceLastActivity: number;
  /** received_at at full (microsecond) precision, for the cursor. */
  receivedAtKey: string;
}

export interface Keyset {
  receivedAt: string;
  id: string;
}

/** Ids of the caller's slice in the column that identifies it. */
export async function sliceOf(client: PoolClient, kind: OrganisationKind, organisationId: string): Promise<{ column: 'prime_contract_id' | 'subcontract_id' | 'referral_partner_id'; ids: string[] }> {
  switch (kind) {
    case 'PRIME':
    case 'COMMISSIONER': {
      const { rows } = await client.query<{ id: string }>(
        `SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.prime_id = $1 OR p.commissioner_id = $1`,
        [organisationId],
      );
      return { column: 'prime_contract_id', ids: rows.map((r) => r.id) };
    }
    case 'SUBCONTRACTOR': {
      const { rows } = await client.query<{ id: string }>('SELECT id FROM subcontract WHERE subcontractor_id = $1', [organisationId]);
      return { column: 'subcontract_id', ids: rows.map((r) => r.id) };
    }
    case 'REFERRAL_PARTNER':
    case 'PLATFORM':
      return { column: 'referral_partner_id', ids: [organisationId] };
  }
}

/**
 * One ordered, limited index scan per slice id (a prime may hold several
 * contracts), merged: `unnest(ids) CROSS JOIN LATERAL (… ORDER BY received_at,
 * id LIMIT n)`. Every filter sits inside the lateral so each scan stops after
 * n matching rows — a page costs about ids × n rows, never the whole slice.
 */
export function caseloadSql(options: { column: string; filters: CaseloadFilters; after: Keyset | null; limit: number }): { text: string; values: unknown[] } {
  const { filters } = options;
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const ids = param(null); // $1: the slice ids, filled in by the caller
  // The IS NOT NULL restriction lets the planner use the partial (column, received_at, id) index:
  // partial-index predicates are proved from a table's own restrictions, not from join clauses.
  const where = [`r.${options.column} IS NOT NULL`, `r.${options.column} = slice.id`];
  const computed: string[] = [];
  if (filters.status) where.push(`r.status = ${param(filters.status)}::"ReferralStatus"`);
  if (filters.subcontractId) where.push(`r.subcontract_id = ${param(filters.subcontractId)}::uuid`);
  if (filters.search) computed.push(`reference ILIKE ${param(`${filters.search.replace(/[\\%_]/g, '\\$&')}%`)}`);
  const descending = filters.sort === '-receivedAt';
  if (options.after) where.push(`(r.received_at, r.id) ${descending ? '<' : '>'} (${param(options.after.receivedAt)}::timestamptz, ${param(options.after.id)}::uuid)`);
  if (filters.paymentGroup) computed.push(`pg_code = ${param(filters.paymentGroup)}`);
  if (filters.lastActivityBefore) computed.push(`(last_activity_on IS NULL OR last_activity_on < ${param(filters.lastActivityBefore)}::date)`);
  if (filters.lastActivityAfter) computed.push(`last_activity_on >= ${param(filters.lastActivityAfter)}::date`);
  if (filters.inactiveDays !== undefined) computed.push(`days_since >= ${param(filters.inactiveDays)}`);
  const limit = param(options.limit);
  const direction = descending ? 'DESC' : 'ASC';
  const text = `
    SELECT page.id AS "referralId", page.reference AS "participantReference", page.status, page.pg_code AS "paymentGroup",
           page.prime_contract_id AS "primeContractId", page.subcontract_id AS "subcontractId", page.received_at AS "receivedAt",
           page.last_activity_on::text AS "lastActivityOn", page.days_since AS "daysSinceLastActivity", page.received_at::text AS "receivedAtKey"
      FROM unnest(${ids}::uuid[]) AS slice(id)
      CROSS JOIN LATERAL (
        SELECT * FROM (
          SELECT r.id, (SELECT pt.reference FROM participant pt WHERE pt.id = r.participant_id) AS reference, r.status::text AS status, r.prime_contract_id, r.subcontract_id, r.received_at, la.last_activity_on,
                 (current_date - COALESCE(la.last_activity_on, r.received_at::date))::int AS days_since,
                 (SELECT g.code FROM needs_assessment na JOIN payment_group g ON g.id = na.payment_group_id
                   WHERE na.participant_id = r.participant_id ORDER BY na.assessed_at DESC, na.id DESC LIMIT 1) AS pg_code
            FROM referral r
            -- participant by correlated subquery, not a join: a join lets the planner hash the whole table
            LEFT JOIN LATERAL (SELECT max(a.occurred_on) AS last_activity_on FROM activity a WHERE a.referral_id = r.id) la ON true
           WHERE ${where.join(' AND ')}
        ) candidates -- no ORDER BY in here: it would stop the planner pulling this up under the LIMIT
        ${computed.length ? `WHERE ${computed.join(' AND ')}` : ''}
        ORDER BY received_at ${direction}, id ${direction}
        LIMIT ${limit}
      ) page
     ORDER BY page.received_at ${direction}, page.id ${direction}
     LIMIT ${limit}`;
  return { text, values };
}

@Injectable()
export class CaseloadRepository {
  async page(client: PoolClient, options: { column: string; ids: string[]; filters: CaseloadFilters; after: Keyset | null; limit: number }): Promise<CaseloadRow[]> {
    const { text, values } = caseloadSql(options);
    values[0] = options.ids;
    const { rows } = await client.query<CaseloadRow>(text, values);
    return rows;
  }
}
