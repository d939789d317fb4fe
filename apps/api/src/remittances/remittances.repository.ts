import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export const REMITTANCE_STATUSES = ['DRAFT', 'EXPORTED', 'PAID'] as const;
export type RemittanceStatus = (typeof REMITTANCE_STATUSES)[number];

export interface RemittanceRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  primeContractReference: string;
  primeId: string;
  commissionerId: string;
  periodStart: string;
  periodEnd: string;
  status: RemittanceStatus;
  paidReference: string | null;
  paidOn: string | null;
  receivedPence: string | null;
  createdAt: Date;
  claimCount: number;
  grossPence: string;
  clawbackPence: string;
}

export interface RemittanceLineRow {
  claimId: string;
  participantReference: string;
  milestoneCode: string;
  occurrence: number;
  milestoneOn: string;
  subcontractId: string | null;
  amountPence: string;
  receivedPence: string | null;
}

/** The commissioner that pays it and the prime that receives it; anyone else does not see it. */
const PARTY = `(p.commissioner_id = $1 OR pc.prime_id = $1)`;

/**
 * A remittance's claim count and gross. Its paying commissioner and its prime see every line, so they read the figures the
 * remittance keeps (line_count, gross_pence: kept by triggers on remittance_line). A subcontractor shown a remittance that
 * paid its claims reads only its own lines (row-level security), so its figures are counted from those lines, as before.
 */
const STORED_TOTALS = `r.line_count AS "claimCount", r.gross_pence::text AS "grossPence"`;
const TOTALS_AS_SEEN = `CASE WHEN ${PARTY} THEN r.line_count
    ELSE (SELECT count(*)::int FROM remittance_line l WHERE l.remittance_id = r.id) END AS "claimCount",
  CASE WHEN ${PARTY} THEN r.gross_pence::text
    ELSE (SELECT coalesce(sum(l.amount_pence), 0)::text FROM remittance_line l WHERE l.remittance_id = r.id) END AS "grossPence"`;

const remittanceColumns = (
  totals: string,
) => `r.id, r.programme_id AS "programmeId", r.prime_contract_id AS "primeContractId", pc.reference AS "primeContractReference",
  pc.prime_id AS "primeId", p.commissioner_id AS "commissionerId", r.period_start::text AS "periodStart", r.period_end::text AS "periodEnd",
  r.status, r.paid_reference AS "paidReference", r.paid_on::text AS "paidOn", r.received_pence::text AS "receivedPence", r.created_at AS "createdAt",
  ${totals},
  (SELECT coalesce(sum(c.amount_pence), 0)::text FROM remittance_clawback c WHERE c.remittance_id = r.id) AS "clawbackPence"`;

const REMITTANCE_FROM = `remittance r JOIN prime_contract pc ON pc.id = r.prime_contract_id JOIN programme p ON p.id = r.programme_id`;

export interface RemittanceListFilters {
  primeContractId?: string;
  status?: RemittanceStatus;
}

export const REMITTANCE_SORT_COLUMNS = [
  'contract',
  'periodStart',
  'net',
  'status',
  'createdAt',
] as const;
export type RemittanceSort =
  (typeof REMITTANCE_SORT_COLUMNS)[number] | `-${(typeof REMITTANCE_SORT_COLUMNS)[number]}`;

/** Sortable columns over the filtered rows (x); status sorts in its lifecycle order (the enum's). */
const REMITTANCE_SORT_SQL: Record<(typeof REMITTANCE_SORT_COLUMNS)[number], string> = {
  contract: 'x."primeContractReference"',
  periodStart: 'x."periodStart"',
  net: '(x."grossPence"::bigint - x."clawbackPence"::bigint)',
  status: 'x.status',
  createdAt: 'x."createdAt"',
};

function remittanceOrderSql(sort: RemittanceSort | undefined): string {
  if (!sort) return '';
  const descending = sort.startsWith('-');
  const column =
    REMITTANCE_SORT_SQL[
      (descending ? sort.slice(1) : sort) as (typeof REMITTANCE_SORT_COLUMNS)[number]
    ];
  return `${column} ${descending ? 'DESC' : 'ASC'}, `;
}

/**
 * The list's filter ($1–$3), shared by the page and the whole-filter totals so the two can never disagree. It ends in
 * `WHERE true` so the page can append its cursor condition with AND; PostgreSQL flattens the sub-select either way.
 */
const REMITTANCE_LIST_SQL = `SELECT * FROM (
         SELECT ${remittanceColumns(STORED_TOTALS)} FROM ${REMITTANCE_FROM}
         WHERE ${PARTY} AND ($2::uuid IS NULL OR r.prime_contract_id = $2) AND ($3::"RemittanceStatus" IS NULL OR r.status = $3)
       ) x WHERE true`;

function remittanceListParams(organisationId: string, query: RemittanceListFilters) {
  return [organisationId, query.primeContractId ?? null, query.status ?? null];
}

/** Or a subcontractor whose claims it pays for (only its own lines are then read, see listLines). */
const PARTY_OR_PAID_SUBCONTRACTOR = `(${PARTY} OR EXISTS (
  SELECT 1 FROM remittance_line l JOIN claim c ON c.id = l.claim_id JOIN subcontract s ON s.id = c.subcontract_id
  WHERE l.remittance_id = r.id AND s.subcontractor_id = $1))`;

/** A claim whose latest earnings data match is FLAGGED waits: it is neither remitted nor paid until resolved. */
const LATEST_DATA_MATCH_NOT_FLAGGED = `coalesce((SELECT d.outcome::text FROM data_match_result d WHERE d.claim_id = c.id ORDER BY d.checked_at DESC LIMIT 1), '') <> 'FLAGGED'`;

@Injectable()
export class RemittancesRepository {
  /** Claims of the remittance whose latest earnings data match is FLAGGED (flagged after the run). */
  async flaggedClaims(
    client: PoolClient,
    remittanceId: string,
  ): Promise<{ claimId: string; participantReference: string; reason: string }[]> {
    const { rows } = await client.query<{
      claimId: string;
      participantReference: string;
      reason: string;
    }>(
      `SELECT c.id AS "claimId", pa.reference AS "participantReference", dm.reason
       FROM remittance_line rl JOIN claim c ON c.id = rl.claim_id JOIN referral rf ON rf.id = c.referral_id JOIN participant pa ON pa.id = rf.participant_id
       CROSS JOIN LATERAL (SELECT d.outcome, d.reason FROM data_match_result d WHERE d.claim_id = c.id ORDER BY d.checked_at DESC LIMIT 1) dm
       WHERE rl.remittance_id = $1 AND dm.outcome = 'FLAGGED' ORDER BY pa.reference`,
      [remittanceId],
    );
    return rows;
  }

  async findPrimeContractOfCommissioner(
    client: PoolClient,
    organisationId: string,
    primeContractId: string,
  ) {
    const { rows } = await client.query<{ id: string; programmeId: string; primeId: string }>(
      `SELECT pc.id, pc.programme_id AS "programmeId", pc.prime_id AS "primeId"
       FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.id = $2 AND p.commissioner_id = $1`,
      [organisationId, primeContractId],
    );
    return rows[0];
  }

  /** Serialises remittance runs of one prime contract (two browsers, two keys: the second finds nothing left). */
  async lockPrimeContract(client: PoolClient, primeContractId: string): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `remittance:${primeContractId}`,
    ]);
  }

  async insertRemittance(
    client: PoolClient,
    input: { programmeId: string; primeContractId: string; periodStart: string; periodEnd: string },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO remittance (programme_id, prime_contract_id, period_start, period_end) VALUES ($1, $2, $3, $4) RETURNING id`,
      [input.programmeId, input.primeContractId, input.periodStart, input.periodEnd],
    );
    return rows[0]!.id;
  }

  /**
   * One statement: every APPROVED claim of the contract decided (or, if no
   * decision date, achieved) in the period and not yet in any remittance.
   * remittance_line_claim_once makes a second remittance of a claim
   * impossible, and is also how a claim already remitted is left out: ON
   * CONFLICT DO NOTHING probes that unique index once per claim. It replaced
   * `NOT EXISTS (SELECT 1 FROM remittance_line …)`, which the planner — told
   * by the claim filter's default selectivity that a few dozen claims would
   * match, and by the statistics that remittance_line was empty — ran as a
   * nested loop re-reading remittance_line for every claim, including the
   * pages this statement had just written: quadratic, over 5 minutes at
   * 100,000 claims (bench/results/remittance-run.md). The two leave out the
   * same claims: a claim's lines carry its prime contract, so every line of a
   * claim the caller can see is one the caller can see.
   */
  async insertLinesForApprovedClaims(
    client: PoolClient,
    input: {
      remittanceId: string;
      primeContractId: string;
      periodStart: string;
      periodEnd: string;
    },
  ): Promise<number> {
    const { rowCount } = await client.query(
      `INSERT INTO remittance_line (programme_id, prime_contract_id, remittance_id, claim_id, amount_pence)
       SELECT c.programme_id, c.prime_contract_id, $1, c.id, c.amount_pence
       FROM claim c
       WHERE c.prime_contract_id = $2 AND c.status = 'APPROVED'
         AND coalesce((c.decided_at AT TIME ZONE 'UTC')::date, c.milestone_on) BETWEEN $3 AND $4
         AND ${LATEST_DATA_MATCH_NOT_FLAGGED}
       ON CONFLICT (claim_id) WHERE claim_id IS NOT NULL DO NOTHING`,
      [input.remittanceId, input.primeContractId, input.periodStart, input.periodEnd],
    );
    return rowCount ?? 0;
  }

  async hasClawbackTable(client: PoolClient): Promise<boolean> {
    const { rows } = await client.query<{ exists: boolean }>(
      `SELECT to_regclass('public.claim_clawback') IS NOT NULL AS exists`,
    );
    return rows[0]!.exists;
  }

  /**
   * Nets every clawback of the contract's claims not yet netted off a
   * remittance (left out by the unique clawback_id, as the lines are by
   * remittance_line_claim_once: see insertLinesForApprovedClaims).
   * claim_clawback (claim_id, amount_pence, reason) belongs to the
   * claims area; call only when hasClawbackTable() says it exists.
   */
  async insertClawbacks(
    client: PoolClient,
    input: { remittanceId: string; primeContractId: string },
  ): Promise<number> {
    const { rowCount } = await client.query(
      `INSERT INTO remittance_clawback (programme_id, prime_contract_id, remittance_id, clawback_id, claim_id, amount_pence)
       SELECT c.programme_id, c.prime_contract_id, $1, cc.id, cc.claim_id, cc.amount_pence
       FROM claim_clawback cc JOIN claim c ON c.id = cc.claim_id
       WHERE c.prime_contract_id = $2 AND cc.amount_pence > 0
       ON CONFLICT (clawback_id) DO NOTHING`,
      [input.remittanceId, input.primeContractId],
    );
    return rowCount ?? 0;
  }

  async findRemittance(
    client: PoolClient,
    organisationId: string,
    remittanceId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<RemittanceRow | undefined> {
    if (options.forUpdate)
      await client.query('SELECT 1 FROM remittance WHERE id = $1 FOR UPDATE', [remittanceId]);
    const { rows } = await client.query<RemittanceRow>(
      `SELECT ${remittanceColumns(TOTALS_AS_SEEN)} FROM ${REMITTANCE_FROM} WHERE r.id = $2 AND ${PARTY_OR_PAID_SUBCONTRACTOR}`,
      [organisationId, remittanceId],
    );
    return rows[0];
  }

  async listRemittances(
    client: PoolClient,
    organisationId: string,
    query: RemittanceListFilters & {
      cursor?: { createdAt: string; id: string };
      sort?: RemittanceSort;
      offset?: number;
      limit: number;
    },
  ): Promise<RemittanceRow[]> {
    const { rows } = await client.query<RemittanceRow>(
      `${REMITTANCE_LIST_SQL}
         AND ($4::timestamptz IS NULL OR (x."createdAt", x.id) < ($4::timestamptz, $5::uuid))
       ORDER BY ${remittanceOrderSql(query.sort)}x."createdAt" DESC, x.id DESC LIMIT $6 OFFSET $7`,
      [
        ...remittanceListParams(organisationId, query),
        query.cursor?.createdAt ?? null,
        query.cursor?.id ?? null,
        query.limit,
        query.offset ?? 0,
      ],
    );
    return rows;
  }

  /** How many remittances the whole filter holds and their net amounts added up, whatever page is in view. */
  async summariseRemittances(
    client: PoolClient,
    organisationId: string,
    query: RemittanceListFilters,
  ): Promise<{ total: number; totalPence: string }> {
    const { rows } = await client.query<{ total: number; totalPence: string }>(
      `SELECT count(*)::int AS total,
              coalesce(sum(y."grossPence"::bigint - y."clawbackPence"::bigint), 0)::text AS "totalPence"
       FROM (${REMITTANCE_LIST_SQL}) y`,
      remittanceListParams(organisationId, query),
    );
    return rows[0]!;
  }

  /** The remittance's lines; with `subcontractorId`, only the lines of that subcontractor's claims. */
  async listLines(
    client: PoolClient,
    remittanceId: string,
    options: { subcontractorId?: string } = {},
  ): Promise<RemittanceLineRow[]> {
    const { rows } = await client.query<RemittanceLineRow>(
      `SELECT c.id AS "claimId", pa.reference AS "participantReference", mt.code::text AS "milestoneCode", c.occurrence, c.milestone_on::text AS "milestoneOn",
              c.subcontract_id AS "subcontractId", rl.amount_pence::text AS "amountPence", rl.received_pence::text AS "receivedPence"
       FROM remittance_line rl JOIN claim c ON c.id = rl.claim_id JOIN milestone_type mt ON mt.id = c.milestone_type_id
       JOIN referral rf ON rf.id = c.referral_id JOIN participant pa ON pa.id = rf.participant_id
       WHERE rl.remittance_id = $1
         AND ($2::uuid IS NULL OR c.subcontract_id IN (SELECT s.id FROM subcontract s WHERE s.subcontractor_id = $2))
       ORDER BY c.milestone_on, c.id`,
      [remittanceId, options.subcontractorId ?? null],
    );
    return rows;
  }

  /** Clawbacks netted off the remittance for one subcontractor's claims. */
  async clawbackPenceFor(
    client: PoolClient,
    remittanceId: string,
    subcontractorId: string,
  ): Promise<string> {
    const { rows } = await client.query<{ pence: string }>(
      `SELECT coalesce(sum(rc.amount_pence), 0)::text AS pence FROM remittance_clawback rc JOIN claim c ON c.id = rc.claim_id JOIN subcontract s ON s.id = c.subcontract_id
       WHERE rc.remittance_id = $1 AND s.subcontractor_id = $2`,
      [remittanceId, subcontractorId],
    );
    return rows[0]!.pence;
  }

  async markExported(client: PoolClient, remittanceId: string): Promise<void> {
    await client.query(
      `UPDATE remittance SET status = 'EXPORTED' WHERE id = $1 AND status = 'DRAFT'`,
      [remittanceId],
    );
  }

  /**
   * APPROVED → PAID for every claim of the remittance, with a claim_transition
   * row each, in one statement. Returns how many claims moved.
   */
  async payClaims(
    client: PoolClient,
    input: { remittanceId: string; userId: string | null; reason: string },
  ): Promise<number> {
    const { rowCount } = await client.query(
      `WITH paid AS (
         UPDATE claim c SET status = 'PAID', version = c.version + 1
         FROM remittance_line rl WHERE rl.remittance_id = $1 AND c.id = rl.claim_id AND c.status = 'APPROVED'
         RETURNING c.id, c.programme_id, c.prime_contract_id
       )
       INSERT INTO claim_transition (programme_id, prime_contract_id, claim_id, from_status, to_status, by_user_id, reason)
       SELECT programme_id, prime_contract_id, id, 'APPROVED', 'PAID', $2, $3 FROM paid`,
      [input.remittanceId, input.userId, input.reason],
    );
    return rowCount ?? 0;
  }

  async markPaid(
    client: PoolClient,
    input: { remittanceId: string; paidReference: string; paidOn: string; receivedPence: bigint },
  ): Promise<void> {
    await client.query(
      `UPDATE remittance SET status = 'PAID', paid_reference = $2, paid_on = $3, received_pence = $4 WHERE id = $1`,
      [input.remittanceId, input.paidReference, input.paidOn, String(input.receivedPence)],
    );
  }

  /** Each line's share of what was received, in one statement. */
  async recordLinesReceived(
    client: PoolClient,
    remittanceId: string,
    received: { claimId: string; receivedPence: bigint }[],
  ): Promise<void> {
    await client.query(
      `UPDATE remittance_line rl SET received_pence = x.received_pence
       FROM unnest($2::uuid[], $3::bigint[]) AS x(claim_id, received_pence) WHERE rl.remittance_id = $1 AND rl.claim_id = x.claim_id`,
      [remittanceId, received.map((r) => r.claimId), received.map((r) => String(r.receivedPence))],
    );
  }
}
