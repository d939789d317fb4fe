import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import {
  CLAWBACKS_TO_PASS_DOWN_SQL,
  ENTITLED_CLAIMS_SQL,
  INSERT_REMITTANCE_CLAWBACK_ENTITLEMENTS_SQL,
  INSERT_REMITTANCE_ENTITLEMENTS_SQL,
} from './entitlement.sql';
import { type SubcontractTermsRow } from './subcontract-terms';

export const PAYMENT_STATUSES = ['DRAFT', 'APPROVED', 'PAID'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface SubcontractRow extends SubcontractTermsRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  subcontractorId: string;
  primeId: string;
}

export interface PaymentRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  subcontractId: string;
  subcontractorId: string;
  subcontractorName: string;
  primeId: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: PaymentStatus;
  paidReference: string | null;
  paidOn: string | null;
  createdAt: Date;
  lineCount: number;
  grossPence: string;
  managementFeePence: string;
  amountPence: string;
  isLate: boolean;
  runByUserId: string | null;
  approvedByUserId: string | null;
  approvedAt: Date | null;
}

export interface PaymentLineRow {
  id: string;
  claimId: string | null;
  /** Set on a clawback passed down: a negative line on its claim. */
  clawbackId: string | null;
  description: string;
  grossPence: string;
  managementFeePence: string;
  amountPence: string;
}

export interface ScheduledLine {
  subcontractId: string;
  dueOn: string;
  description: string;
  grossPence: bigint;
  managementFeePence: bigint;
}

const PAYMENT_COLUMNS = `sp.id, sp.programme_id AS "programmeId", sp.prime_contract_id AS "primeContractId", sp.subcontract_id AS "subcontractId",
  s.subcontractor_id AS "subcontractorId", o.name AS "subcontractorName", pc.prime_id AS "primeId",
  sp.period_start::text AS "periodStart", sp.period_end::text AS "periodEnd", sp.due_on::text AS "dueOn", sp.status,
  sp.paid_reference AS "paidReference", sp.paid_on::text AS "paidOn", sp.created_at AS "createdAt",
  t.line_count AS "lineCount", t.gross_pence::text AS "grossPence", t.fee_pence::text AS "managementFeePence", t.amount_pence::text AS "amountPence",
  ((sp.status <> 'PAID' AND sp.due_on < $2::date) OR (sp.status = 'PAID' AND sp.paid_on > sp.due_on)) AS "isLate",
  sp.run_by_user_id AS "runByUserId", sp.approved_by_user_id AS "approvedByUserId", sp.approved_at AS "approvedAt"`;
const PAYMENT_FROM = `subcontractor_payment sp
  JOIN subcontract s ON s.id = sp.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id
  JOIN prime_contract pc ON pc.id = sp.prime_contract_id JOIN programme p ON p.id = sp.programme_id
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS line_count, coalesce(sum(l.gross_pence), 0) AS gross_pence, coalesce(sum(l.management_fee_pence), 0) AS fee_pence, coalesce(sum(l.amount_pence), 0) AS amount_pence
    FROM subcontractor_payment_line l WHERE l.subcontractor_payment_id = sp.id
  ) t`;
/** The prime that pays, the subcontractor paid, and the commissioner overseeing the programme. */
const PARTY = `(pc.prime_id = $1 OR s.subcontractor_id = $1 OR p.commissioner_id = $1)`;

export interface PaymentListFilters {
  primeContractId?: string;
  subcontractId?: string;
  status?: PaymentStatus;
  isLate?: boolean;
}

export interface PaymentListTotals {
  total: number;
  totalPence: string;
  unpaidCount: number;
  unpaidPence: string;
  paidPence: string;
  lateCount: number;
}

export const PAYMENT_SORT_COLUMNS = [
  'dueOn',
  'amount',
  'status',
  'subcontractor',
  'createdAt',
] as const;
export type PaymentSort =
  (typeof PAYMENT_SORT_COLUMNS)[number] | `-${(typeof PAYMENT_SORT_COLUMNS)[number]}`;

/** Sortable columns over the filtered rows (x); status sorts in its lifecycle order (the enum's). */
const PAYMENT_SORT_SQL: Record<(typeof PAYMENT_SORT_COLUMNS)[number], string> = {
  dueOn: 'x."dueOn"',
  amount: 'x."amountPence"::bigint',
  status: 'x.status',
  subcontractor: 'x."subcontractorName"',
  createdAt: 'x."createdAt"',
};

function paymentOrderSql(sort: PaymentSort | undefined): string {
  if (!sort) return '';
  const descending = sort.startsWith('-');
  const column =
    PAYMENT_SORT_SQL[(descending ? sort.slice(1) : sort) as (typeof PAYMENT_SORT_COLUMNS)[number]];
  return `${column} ${descending ? 'DESC' : 'ASC'}, `;
}

/** The list's filter ($1–$6), shared by the page and the whole-filter totals so the two can never disagree. */
const PAYMENT_LIST_SQL = `SELECT * FROM (
         SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM}
         WHERE ${PARTY} AND ($3::uuid IS NULL OR sp.prime_contract_id = $3) AND ($4::uuid IS NULL OR sp.subcontract_id = $4)
           AND ($5::"SubcontractorPaymentStatus" IS NULL OR sp.status = $5)
       ) x WHERE ($6::boolean IS NULL OR x."isLate" = $6)`;

function paymentListParams(organisationId: string, today: string, query: PaymentListFilters) {
  return [
    organisationId,
    today,
    query.primeContractId ?? null,
    query.subcontractId ?? null,
    query.status ?? null,
    query.isLate ?? null,
  ];
}

const SUBCONTRACT_COLUMNS = `s.id, s.programme_id AS "programmeId", s.prime_contract_id AS "primeContractId", s.subcontractor_id AS "subcontractorId", pc.prime_id AS "primeId",
  s.terms_kind AS "termsKind", s.terms, s.management_fee_bp AS "managementFeeBp", s.payment_sla_days AS "paymentSlaDays", s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn"`;

/** Pence as pounds a person reads: 120000 → £1,200.00. */
const POUNDS_SQL = (pence: string) => `'£' || to_char(${pence} / 100.0, 'FM999,999,999,990.00')`;

@Injectable()
export class SubcontractorPaymentsRepository {
  /** What the subcontract is entitled to per claim the prime has been paid for, net of the management fee (ENTITLED_CLAIMS_SQL). */
  async entitlementsOf(
    client: PoolClient,
    subcontractId: string,
  ): Promise<{ claimId: string; entitledPence: string; dueOn: string }[]> {
    const { rows } = await client.query<{ claimId: string; entitledPence: string; dueOn: string }>(
      `SELECT e.claim_id AS "claimId", (e.gross_pence - e.management_fee_pence)::text AS "entitledPence", e.due_on::text AS "dueOn"
         FROM (${ENTITLED_CLAIMS_SQL}) e`,
      [[subcontractId], '-infinity', 'infinity'],
    );
    return rows;
  }

  /**
   * The subcontracted claims' entitlements of a remittance just marked paid, now expected
   * (INSERT_REMITTANCE_ENTITLEMENTS_SQL). Returns how many.
   */
  async insertRemittanceEntitlements(client: PoolClient, remittanceId: string): Promise<number> {
    const { rowCount } = await client.query(INSERT_REMITTANCE_ENTITLEMENTS_SQL, [remittanceId]);
    return rowCount ?? 0;
  }

  /**
   * The clawbacks a remittance just marked paid nets off, now borne by the prime: each clawed-back
   * claim's entitlement falls by its share (INSERT_REMITTANCE_CLAWBACK_ENTITLEMENTS_SQL). Returns how many.
   */
  async insertRemittanceClawbackEntitlements(
    client: PoolClient,
    remittanceId: string,
  ): Promise<number> {
    const { rowCount } = await client.query(INSERT_REMITTANCE_CLAWBACK_ENTITLEMENTS_SQL, [
      remittanceId,
    ]);
    return rowCount ?? 0;
  }

  /** The prime's own subcontracts that were ever agreed (not a draft or an unanswered offer): one, or every one of a prime contract. */
  async findSubcontractsOfPrime(
    client: PoolClient,
    primeId: string,
    input: { subcontractId?: string; primeContractId?: string },
  ): Promise<SubcontractRow[]> {
    const { rows } = await client.query<SubcontractRow>(
      `SELECT ${SUBCONTRACT_COLUMNS} FROM subcontract s JOIN prime_contract pc ON pc.id = s.prime_contract_id
       WHERE pc.prime_id = $1 AND s.status NOT IN ('DRAFT', 'OFFERED') AND ($2::uuid IS NULL OR s.id = $2) AND ($3::uuid IS NULL OR s.prime_contract_id = $3) ORDER BY s.id`,
      [primeId, input.subcontractId ?? null, input.primeContractId ?? null],
    );
    return rows;
  }

  /** Serialises payment runs per subcontract, in id order so two runs never deadlock. */
  async lockSubcontracts(client: PoolClient, subcontractIds: string[]): Promise<void> {
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('payment:' || id, 0)) FROM unnest($1::uuid[]) AS id ORDER BY id`,
      [subcontractIds],
    );
  }

  /** Scheduled fees already passed down, by subcontract: `${subcontractId}|${description}`. */
  async scheduledAlreadyPassedDown(
    client: PoolClient,
    subcontractIds: string[],
  ): Promise<Set<string>> {
    const { rows } = await client.query<{ key: string }>(
      `SELECT sp.subcontract_id || '|' || l.description AS key FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
       WHERE l.claim_id IS NULL AND sp.subcontract_id = ANY($1::uuid[])`,
      [subcontractIds],
    );
    return new Set(rows.map((row) => row.key));
  }

  /**
   * The payments that already hold what a run for this period would pass down: lines for claims entitled in the
   * period (ENTITLED_CLAIMS_SQL) or for the scheduled fees given (`${subcontractId}|${description}`).
   */
  async findPaymentsHolding(
    client: PoolClient,
    input: {
      subcontractIds: string[];
      periodStart: string;
      periodEnd: string;
      scheduledKeys: string[];
    },
  ) {
    const { rows } = await client.query<{
      id: string;
      subcontractorName: string;
      status: PaymentStatus;
      createdAt: Date;
      runByName: string | null;
      lineCount: number;
    }>(
      `SELECT sp.id, o.name AS "subcontractorName", sp.status, sp.created_at AS "createdAt", u.display_name AS "runByName", count(*)::int AS "lineCount"
       FROM subcontractor_payment_line pl JOIN subcontractor_payment sp ON sp.id = pl.subcontractor_payment_id
       JOIN subcontract s ON s.id = sp.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id
       LEFT JOIN app_user u ON u.id = sp.run_by_user_id
       WHERE sp.subcontract_id = ANY($1::uuid[])
         AND (pl.claim_id IN (SELECT e.claim_id FROM (${ENTITLED_CLAIMS_SQL}) e) AND pl.clawback_id IS NULL
              OR (pl.claim_id IS NULL AND sp.subcontract_id || '|' || pl.description = ANY($4::text[])))
       GROUP BY sp.id, o.name, u.display_name ORDER BY sp.created_at, sp.id`,
      [input.subcontractIds, input.periodStart, input.periodEnd, input.scheduledKeys],
    );
    return rows;
  }

  /**
   * The whole payment run in three set-based statements, however many claims:
   * (1) the lines — per-claim entitlements not yet passed down
   * (ENTITLED_CLAIMS_SQL) plus the scheduled fees given — into a temporary
   * table; (2) one DRAFT payment per subcontract with anything due (due = its
   * earliest line); (3) the lines under their payments. Separate statements
   * because a row inserted by one part of a statement is invisible to the
   * row-level security check of another. Returns the new payment ids.
   */
  async insertPaymentRun(
    client: PoolClient,
    input: {
      subcontractIds: string[];
      periodStart: string;
      periodEnd: string;
      scheduled: ScheduledLine[];
      userId: string | null;
    },
  ): Promise<string[]> {
    await client.query(
      `CREATE TEMPORARY TABLE payment_run_line ON COMMIT DROP AS
       WITH entitled AS (
         ${ENTITLED_CLAIMS_SQL}
           AND NOT EXISTS (SELECT 1 FROM subcontractor_payment_line pl WHERE pl.claim_id = c.id)
       )
       SELECT subcontract_id, claim_id,
              upper(left(milestone_code, 1)) || lower(replace(substr(milestone_code, 2), '_', ' ')) || ' #' || occurrence || ': prime fee ' || ${POUNDS_SQL('prime_fee_pence')}
                || CASE WHEN is_short_passed_down
                     THEN ', ' || ${POUNDS_SQL('prime_received_pence')} || ' of it received ' || prime_received_on || ' (back-to-back: paid on what the prime received)'
                     ELSE ' received ' || prime_received_on END AS description,
              gross_pence, management_fee_pence, due_on, NULL::uuid AS clawback_id
       FROM entitled
       UNION ALL
       SELECT subcontract_id, NULL::uuid, description, gross_pence, management_fee_pence, due_on, NULL::uuid
       FROM unnest($4::uuid[], $5::date[], $6::text[], $7::bigint[], $8::bigint[]) AS x(subcontract_id, due_on, description, gross_pence, management_fee_pence)
       UNION ALL
       ${CLAWBACKS_TO_PASS_DOWN_SQL}`,
      [
        input.subcontractIds,
        input.periodStart,
        input.periodEnd,
        input.scheduled.map((s) => s.subcontractId),
        input.scheduled.map((s) => s.dueOn),
        input.scheduled.map((s) => s.description),
        input.scheduled.map((s) => String(s.grossPence)),
        input.scheduled.map((s) => String(s.managementFeePence)),
      ],
    );
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO subcontractor_payment (programme_id, prime_contract_id, subcontract_id, period_start, period_end, due_on, run_by_user_id)
       SELECT s.programme_id, s.prime_contract_id, s.id, $1::date, $2::date, min(l.due_on), $3::uuid
       FROM payment_run_line l JOIN subcontract s ON s.id = l.subcontract_id GROUP BY s.id
       RETURNING id`,
      [input.periodStart, input.periodEnd, input.userId],
    );
    await client.query(
      `INSERT INTO subcontractor_payment_line (programme_id, prime_contract_id, subcontractor_payment_id, claim_id, description, gross_pence, management_fee_pence, amount_pence, clawback_id)
       SELECT p.programme_id, p.prime_contract_id, p.id, l.claim_id, l.description, l.gross_pence, l.management_fee_pence, l.gross_pence - l.management_fee_pence, l.clawback_id
       FROM payment_run_line l JOIN subcontractor_payment p ON p.subcontract_id = l.subcontract_id AND p.id = ANY($1::uuid[])`,
      [rows.map((row) => row.id)],
    );
    await client.query('DROP TABLE payment_run_line');
    return rows.map((row) => row.id);
  }

  async findPayments(
    client: PoolClient,
    organisationId: string,
    today: string,
    ids: string[],
  ): Promise<PaymentRow[]> {
    const { rows } = await client.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM} WHERE sp.id = ANY($3::uuid[]) AND ${PARTY} ORDER BY o.name, sp.id`,
      [organisationId, today, ids],
    );
    return rows;
  }

  async findPayment(
    client: PoolClient,
    organisationId: string,
    today: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<PaymentRow | undefined> {
    if (options.forUpdate)
      await client.query('SELECT 1 FROM subcontractor_payment WHERE id = $1 FOR UPDATE', [id]);
    return (await this.findPayments(client, organisationId, today, [id]))[0];
  }

  async listPayments(
    client: PoolClient,
    organisationId: string,
    today: string,
    query: PaymentListFilters & {
      cursor?: { createdAt: string; id: string };
      sort?: PaymentSort;
      offset?: number;
      limit: number;
    },
  ): Promise<PaymentRow[]> {
    const { rows } = await client.query<PaymentRow>(
      `${PAYMENT_LIST_SQL}
         AND ($7::timestamptz IS NULL OR (x."createdAt", x.id) < ($7::timestamptz, $8::uuid))
       ORDER BY ${paymentOrderSql(query.sort)}x."createdAt" DESC, x.id DESC LIMIT $9 OFFSET $10`,
      [
        ...paymentListParams(organisationId, today, query),
        query.cursor?.createdAt ?? null,
        query.cursor?.id ?? null,
        query.limit,
        query.offset ?? 0,
      ],
    );
    return rows;
  }

  /** The whole filter counted and added up (all, unpaid, paid, late), whatever page is in view. */
  async summarisePayments(
    client: PoolClient,
    organisationId: string,
    today: string,
    query: PaymentListFilters,
  ): Promise<PaymentListTotals> {
    const { rows } = await client.query<PaymentListTotals>(
      `SELECT count(*)::int AS total, coalesce(sum(y."amountPence"::bigint), 0)::text AS "totalPence",
              count(*) FILTER (WHERE y.status <> 'PAID')::int AS "unpaidCount",
              coalesce(sum(y."amountPence"::bigint) FILTER (WHERE y.status <> 'PAID'), 0)::text AS "unpaidPence",
              coalesce(sum(y."amountPence"::bigint) FILTER (WHERE y.status = 'PAID'), 0)::text AS "paidPence",
              count(*) FILTER (WHERE y."isLate")::int AS "lateCount"
       FROM (${PAYMENT_LIST_SQL}) y`,
      paymentListParams(organisationId, today, query),
    );
    return rows[0]!;
  }

  async listLines(client: PoolClient, paymentId: string): Promise<PaymentLineRow[]> {
    const { rows } = await client.query<PaymentLineRow>(
      `SELECT id, claim_id AS "claimId", clawback_id AS "clawbackId", description, gross_pence::text AS "grossPence", management_fee_pence::text AS "managementFeePence", amount_pence::text AS "amountPence"
       FROM subcontractor_payment_line WHERE subcontractor_payment_id = $1 ORDER BY description, id`,
      [paymentId],
    );
    return rows;
  }

  async approve(client: PoolClient, input: { id: string; userId: string }): Promise<void> {
    await client.query(
      `UPDATE subcontractor_payment SET status = 'APPROVED', approved_by_user_id = $2, approved_at = now() WHERE id = $1`,
      [input.id, input.userId],
    );
  }

  async markPaid(
    client: PoolClient,
    input: { id: string; paidReference: string; paidOn: string },
  ): Promise<void> {
    await client.query(
      `UPDATE subcontractor_payment SET status = 'PAID', paid_reference = $2, paid_on = $3::date WHERE id = $1`,
      [input.id, input.paidReference, input.paidOn],
    );
  }

  /**
   * Records on each entitlement the line of this (just PAID) payment that
   * passed its claim down; a claim line nothing entitled gets an entitlement
   * row with no expected side, which reconciliation reports as UNMATCHED; and
   * on each borne clawback the negative line that passed it down.
   */
  async recordPassedDown(client: PoolClient, paymentId: string): Promise<void> {
    await client.query(
      `INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id)
       SELECT l.claim_id, l.programme_id, l.prime_contract_id, sp.subcontract_id
       FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
       WHERE sp.id = $1 AND l.claim_id IS NOT NULL AND l.clawback_id IS NULL
       ON CONFLICT (claim_id) DO NOTHING`,
      [paymentId],
    );
    await client.query(
      `UPDATE subcontract_entitlement e SET paid_pence = l.amount_pence, paid_on = sp.paid_on, paid_at = now(), subcontractor_payment_line_id = l.id
       FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
       WHERE sp.id = $1 AND l.claim_id = e.claim_id AND l.clawback_id IS NULL`,
      [paymentId],
    );
    // A clawback passed down: its negative line recorded against the fall in the entitlement it settles.
    await client.query(
      `UPDATE subcontract_entitlement_clawback x SET paid_pence = l.amount_pence, paid_on = sp.paid_on, paid_at = now(), subcontractor_payment_line_id = l.id
       FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
       WHERE sp.id = $1 AND l.clawback_id = x.clawback_id`,
      [paymentId],
    );
  }
}
