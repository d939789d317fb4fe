import { Injectable } from '@nestjs/common';
import { RECONCILIATION_OUTCOMES, type ReconciliationOutcome } from '@waymark/domain';
import { type PoolClient } from 'pg';
import { type SubcontractRow } from '../subcontractor-payments/subcontractor-payments.service';
import {
  COMMISSIONER_PRIME_LINES_SQL,
  COMMISSIONER_PRIME_REMITTANCES_SQL,
} from './commissioner-prime.sql';
import { CLAIM_LINES_SQL, CLAIM_TOTALS_SQL, FEE_OUTCOMES_SQL } from './reconciliation.sql';

export interface RunRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  partyId: string;
  partyName: string;
  primeId: string;
  periodStart: string;
  periodEnd: string;
  expectedPence: string;
  recordedPence: string;
  runAt: Date;
  asOf: string | null;
  subcontractIds: string[];
  /** Stored per-outcome totals; null for runs made before runs stored only their exceptions. */
  outcomeTotals: OutcomeSummaryRow[] | null;
}

export interface OutcomeSummaryRow {
  outcome: ReconciliationOutcome;
  count: number;
  expectedPence: string;
  recordedPence: string;
  differencePence: string;
}

export interface ResultRow {
  id: string;
  outcome: ReconciliationOutcome;
  claimId: string | null;
  participantReference: string | null;
  milestoneCode: string | null;
  occurrence: number | null;
  subcontractorPaymentLineId: string | null;
  description: string | null;
  expectedPence: string;
  recordedPence: string;
  differencePence: string;
  /** A claim line's borne clawbacks (≤ 0), netted into expected; null for stored lines. */
  clawbackPence: string | null;
  dueOn: string | null;
  paidOn: string | null;
}

export const COMMISSIONER_PRIME_STATUSES = [
  'MATCHED',
  'SHORT',
  'OVER',
  'REMITTED_NOT_PAID',
  'NOT_REMITTED',
] as const;
export type CommissionerPrimeStatus = (typeof COMMISSIONER_PRIME_STATUSES)[number];

export interface CommissionerPrimeLineRow {
  claimId: string;
  participantReference: string;
  milestoneCode: string;
  occurrence: number;
  decidedOn: string;
  approvedPence: string;
  status: CommissionerPrimeStatus;
  remittanceId: string | null;
  remittanceStatus: string | null;
  paidOn: string | null;
  paidReference: string | null;
  paidPence: string;
}

export interface DisputeRow {
  id: string;
  resultId: string;
  runId: string;
  programmeId: string;
  status: 'OPEN' | 'ANSWERED' | 'RESOLVED';
  raisedByOrganisationId: string;
  reason: string;
  raisedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
  resolution: string | null;
  resolvedAt: Date | null;
  partyId: string;
  primeId: string;
}

export interface BankLineInput {
  lineNumber: number;
  paidOn: string;
  reference: string;
  amountPence: bigint;
}

const RUN_COLUMNS = `rr.id, rr.programme_id AS "programmeId", rr.prime_contract_id AS "primeContractId", rr.party_id AS "partyId", o.name AS "partyName", pc.prime_id AS "primeId",
  rr.period_start::text AS "periodStart", rr.period_end::text AS "periodEnd", rr.expected_pence::text AS "expectedPence", rr.recorded_pence::text AS "recordedPence", rr.run_at AS "runAt",
  rr.as_of::text AS "asOf", rr.subcontract_ids AS "subcontractIds", rr.outcome_totals AS "outcomeTotals"`;
const RUN_FROM = `reconciliation_run rr JOIN prime_contract pc ON pc.id = rr.prime_contract_id JOIN programme p ON p.id = rr.programme_id JOIN organisation o ON o.id = rr.party_id`;
/** The party reconciled, the prime whose chain it is, and the commissioner. */
const RUN_PARTY = `(rr.party_id = $1 OR pc.prime_id = $1 OR p.commissioner_id = $1)`;

const DISPUTE_COLUMNS = `d.id, d.result_id AS "resultId", res.run_id AS "runId", d.programme_id AS "programmeId", d.status, d.raised_by_organisation_id AS "raisedByOrganisationId",
  d.reason, d.raised_at AS "raisedAt", d.answer, d.answered_at AS "answeredAt", d.resolution, d.resolved_at AS "resolvedAt", rr.party_id AS "partyId", pc.prime_id AS "primeId"`;
const DISPUTE_FROM = `reconciliation_dispute d JOIN reconciliation_result res ON res.id = d.result_id JOIN reconciliation_run rr ON rr.id = res.run_id
  JOIN prime_contract pc ON pc.id = rr.prime_contract_id JOIN programme p ON p.id = rr.programme_id`;

@Injectable()
export class ReconciliationRepository {
  /** Subcontracts of the prime contract the caller may reconcile: the prime's and commissioner's whole chain, a subcontractor's own. */
  async findSubcontracts(
    client: PoolClient,
    organisationId: string,
    input: { primeContractId: string; subcontractId?: string },
  ): Promise<(SubcontractRow & { commissionerId: string })[]> {
    const { rows } = await client.query<SubcontractRow & { commissionerId: string }>(
      `SELECT s.id, s.programme_id AS "programmeId", s.prime_contract_id AS "primeContractId", s.subcontractor_id AS "subcontractorId", pc.prime_id AS "primeId", p.commissioner_id AS "commissionerId",
              s.terms_kind AS "termsKind", s.terms, s.management_fee_bp AS "managementFeeBp", s.payment_sla_days AS "paymentSlaDays", s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn"
       FROM subcontract s JOIN prime_contract pc ON pc.id = s.prime_contract_id JOIN programme p ON p.id = pc.programme_id
       WHERE s.prime_contract_id = $2 AND ($3::uuid IS NULL OR s.id = $3)
         AND (pc.prime_id = $1 OR p.commissioner_id = $1 OR s.subcontractor_id = $1)
       ORDER BY s.id`,
      [organisationId, input.primeContractId, input.subcontractId ?? null],
    );
    return rows;
  }

  /**
   * Three statements, each set-based: the outcomes into a temporary table
   * (RECONCILE_OUTCOMES_SQL, computed once), the run with its totals, its
   * results. (A row inserted by one part of a statement is invisible to the
   * row-level security check of another, so the run commits before its results.)
   */
  /**
   * Makes a run in four statements however many claims: the run row; the
   * scheduled-fee lines (a handful) stored as results; the claims' per-outcome
   * totals (CLAIM_TOTALS_SQL, one indexed scan, nothing stored per claim —
   * drill-down recomputes the lines as they stood at run_at); the totals
   * written onto the run. Separate statements because a row inserted by one
   * part of a statement is invisible to the row-level security check of another.
   */
  async reconcile(
    client: PoolClient,
    input: {
      subcontractIds: string[];
      periodStart: string;
      periodEnd: string;
      scheduled: { subcontractId: string; description: string; netPence: bigint; dueOn: string }[];
      asOf: string;
      programmeId: string;
      primeContractId: string;
      partyId: string;
      userId: string | null;
    },
  ): Promise<{
    id: string;
    storedCount: number;
    totals: OutcomeSummaryRow[];
    notYetDueCount: number;
    notYetDuePence: string;
  }> {
    const { rows: made } = await client.query<{ id: string; runAt: Date }>(
      `INSERT INTO reconciliation_run (programme_id, prime_contract_id, party_id, period_start, period_end, expected_pence, recorded_pence, run_by_user_id, subcontract_ids, as_of, outcome_totals)
       VALUES ($1, $2, $3, $4::date, $5::date, 0, 0, $6, $7::uuid[], $8::date, '[]') RETURNING id, run_at AS "runAt"`,
      [
        input.programmeId,
        input.primeContractId,
        input.partyId,
        input.periodStart,
        input.periodEnd,
        input.userId,
        input.subcontractIds,
        input.asOf,
      ],
    );
    const run = made[0]!;
    const { rows: fees } = await client.query<{
      outcome: ReconciliationOutcome | null;
      count: number;
      expectedPence: string;
      recordedPence: string;
      stored: number;
    }>(
      `WITH f AS MATERIALIZED (${FEE_OUTCOMES_SQL}),
       stored AS (
         INSERT INTO reconciliation_result (programme_id, prime_contract_id, run_id, claim_id, subcontractor_payment_line_id, outcome, expected_pence, recorded_pence, difference_pence, due_on, paid_on, note)
         SELECT $9, $10, $11, NULL, line_id, outcome, expected_pence, recorded_pence, recorded_pence - expected_pence, due_on, paid_on, description
         FROM f WHERE outcome IS NOT NULL
         RETURNING 1
       )
       SELECT outcome, count(*)::int AS count, coalesce(sum(expected_pence), 0)::text AS "expectedPence", coalesce(sum(recorded_pence), 0)::text AS "recordedPence",
              (SELECT count(*) FROM stored)::int AS stored
       FROM f GROUP BY outcome`,
      [
        input.subcontractIds,
        input.periodStart,
        input.periodEnd,
        input.scheduled.map((s) => s.subcontractId),
        input.scheduled.map((s) => s.description),
        input.scheduled.map((s) => String(s.netPence)),
        input.scheduled.map((s) => s.dueOn),
        input.asOf,
        input.programmeId,
        input.primeContractId,
        run.id,
      ],
    );
    const { rows: claims } = await client.query<{
      outcome: ReconciliationOutcome | null;
      count: number;
      expectedPence: string;
      recordedPence: string;
    }>(CLAIM_TOTALS_SQL, [
      input.subcontractIds,
      input.periodStart,
      input.periodEnd,
      input.asOf,
      run.runAt,
      null,
    ]);
    const byOutcome = new Map<
      ReconciliationOutcome | null,
      { count: number; expected: bigint; recorded: bigint }
    >();
    for (const row of [...fees, ...claims]) {
      const sum = byOutcome.get(row.outcome) ?? { count: 0, expected: 0n, recorded: 0n };
      byOutcome.set(row.outcome, {
        count: sum.count + row.count,
        expected: sum.expected + BigInt(row.expectedPence),
        recorded: sum.recorded + BigInt(row.recordedPence),
      });
    }
    const totals = RECONCILIATION_OUTCOMES.flatMap((outcome) => {
      const sum = byOutcome.get(outcome);
      if (!sum) return [];
      return [
        {
          outcome,
          count: sum.count,
          expectedPence: String(sum.expected),
          recordedPence: String(sum.recorded),
          differencePence: String(sum.recorded - sum.expected),
        },
      ];
    });
    await client.query(
      `UPDATE reconciliation_run SET expected_pence = $2, recorded_pence = $3, outcome_totals = $4::jsonb WHERE id = $1`,
      [
        run.id,
        String(totals.reduce((total, row) => total + BigInt(row.expectedPence), 0n)),
        String(totals.reduce((total, row) => total + BigInt(row.recordedPence), 0n)),
        JSON.stringify(totals),
      ],
    );
    const notYetDue = byOutcome.get(null);
    return {
      id: run.id,
      storedCount: fees[0]?.stored ?? 0,
      totals,
      notYetDueCount: notYetDue?.count ?? 0,
      notYetDuePence: String(notYetDue?.expected ?? 0n),
    };
  }

  async findRun(
    client: PoolClient,
    organisationId: string,
    runId: string,
  ): Promise<RunRow | undefined> {
    const { rows } = await client.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE rr.id = $2 AND ${RUN_PARTY}`,
      [organisationId, runId],
    );
    return rows[0];
  }

  async summariseRun(client: PoolClient, runId: string): Promise<OutcomeSummaryRow[]> {
    const { rows } = await client.query<OutcomeSummaryRow>(
      `SELECT outcome, count(*)::int AS count, sum(expected_pence)::text AS "expectedPence", sum(recorded_pence)::text AS "recordedPence", sum(difference_pence)::text AS "differencePence"
       FROM reconciliation_result WHERE run_id = $1 GROUP BY outcome ORDER BY outcome`,
      [runId],
    );
    return rows;
  }

  /** Stored result rows of a run, by id: every line of a run made before claims' lines were computed on demand; else its scheduled fees. */
  async listResults(
    client: PoolClient,
    runId: string,
    query: {
      outcome?: ReconciliationOutcome;
      afterId?: string;
      limit: number;
      isFeesOnly: boolean;
    },
  ): Promise<ResultRow[]> {
    const { rows } = await client.query<ResultRow>(
      `SELECT r.id, r.outcome, r.claim_id AS "claimId", pa.reference AS "participantReference", mt.code::text AS "milestoneCode", c.occurrence,
              r.subcontractor_payment_line_id AS "subcontractorPaymentLineId", r.note AS description,
              r.expected_pence::text AS "expectedPence", r.recorded_pence::text AS "recordedPence", r.difference_pence::text AS "differencePence", NULL::text AS "clawbackPence",
              r.due_on::text AS "dueOn", r.paid_on::text AS "paidOn"
       FROM reconciliation_result r
       LEFT JOIN claim c ON c.id = r.claim_id LEFT JOIN milestone_type mt ON mt.id = c.milestone_type_id
       LEFT JOIN referral rf ON rf.id = c.referral_id LEFT JOIN participant pa ON pa.id = rf.participant_id
       WHERE r.run_id = $1 AND ($2::"ReconciliationOutcome" IS NULL OR r.outcome = $2) AND ($3::uuid IS NULL OR r.id > $3) AND (NOT $5 OR r.claim_id IS NULL)
       ORDER BY r.id LIMIT $4`,
      [runId, query.outcome ?? null, query.afterId ?? null, query.limit, query.isFeesOnly],
    );
    return rows;
  }

  /**
   * A run's claims' lines recomputed as they stood when it was made
   * (CLAIM_LINES_SQL at run_at and the run's asOf), by claim id; not yet due
   * lines left out as the run left them out. `id` is filled in by the caller.
   */
  async listClaimLines(
    client: PoolClient,
    run: Pick<RunRow, 'subcontractIds' | 'periodStart' | 'periodEnd' | 'runAt' | 'asOf'>,
    query: {
      outcome?: ReconciliationOutcome;
      afterClaimId?: string;
      claimId?: string;
      limit: number;
    },
  ): Promise<Omit<ResultRow, 'id'>[]> {
    const { rows } = await client.query<Omit<ResultRow, 'id'>>(
      `SELECT l.outcome, l.claim_id AS "claimId", pa.reference AS "participantReference", mt.code::text AS "milestoneCode", c.occurrence,
              l.line_id AS "subcontractorPaymentLineId", NULL::text AS description,
              l.expected_pence::text AS "expectedPence", l.recorded_pence::text AS "recordedPence", (l.recorded_pence - l.expected_pence)::text AS "differencePence",
              l.clawback_expected_pence::text AS "clawbackPence", l.due_on::text AS "dueOn", l.paid_on::text AS "paidOn"
       FROM (
         SELECT * FROM (${CLAIM_LINES_SQL}) lines
         WHERE lines.outcome IS NOT NULL AND ($7::"ReconciliationOutcome" IS NULL OR lines.outcome = $7) AND ($8::uuid IS NULL OR lines.claim_id > $8)
         ORDER BY lines.claim_id LIMIT $9
       ) l
       JOIN claim c ON c.id = l.claim_id JOIN milestone_type mt ON mt.id = c.milestone_type_id
       JOIN referral rf ON rf.id = c.referral_id JOIN participant pa ON pa.id = rf.participant_id
       ORDER BY l.claim_id`,
      [
        run.subcontractIds,
        run.periodStart,
        run.periodEnd,
        run.asOf,
        run.runAt,
        query.claimId ?? null,
        query.outcome ?? null,
        query.afterClaimId ?? null,
        query.limit,
      ],
    );
    return rows;
  }

  /** Runs of the caller's (as party, prime or commissioner) that were made with claims' lines computed on demand. */
  async listOnDemandRunIds(client: PoolClient, organisationId: string): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT rr.id FROM ${RUN_FROM} WHERE ${RUN_PARTY} AND rr.outcome_totals IS NOT NULL`,
      [organisationId],
    );
    return rows.map((row) => row.id);
  }

  /** The prime contract, if the caller is its prime or its programme's commissioner. */
  async findContractOfCommissionerOrPrime(
    client: PoolClient,
    organisationId: string,
    primeContractId: string,
  ): Promise<{ id: string; reference: string; primeName: string } | undefined> {
    const { rows } = await client.query<{ id: string; reference: string; primeName: string }>(
      `SELECT pc.id, pc.reference, o.name AS "primeName" FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id JOIN organisation o ON o.id = pc.prime_id
       WHERE pc.id = $2 AND (pc.prime_id = $1 OR p.commissioner_id = $1)`,
      [organisationId, primeContractId],
    );
    return rows[0];
  }

  async summariseCommissionerPrime(
    client: PoolClient,
    input: { primeContractId: string; periodStart: string; periodEnd: string },
  ) {
    const params = [input.primeContractId, input.periodStart, input.periodEnd];
    const { rows: statuses } = await client.query<{
      status: CommissionerPrimeStatus;
      count: number;
      approvedPence: string;
      paidPence: string;
    }>(
      `SELECT status, count(*)::int AS count, sum(approved_pence)::text AS "approvedPence", sum(paid_pence)::text AS "paidPence"
       FROM (${COMMISSIONER_PRIME_LINES_SQL}) x GROUP BY status`,
      params,
    );
    const { rows: remittances } = await client.query<{
      id: string;
      status: string;
      periodStart: string;
      periodEnd: string;
      paidOn: string | null;
      paidReference: string | null;
      claimCount: number;
      grossPence: string;
      clawbackPence: string;
      receivedPence: string | null;
      postedPence: string;
    }>(COMMISSIONER_PRIME_REMITTANCES_SQL, params);
    return { statuses, remittances };
  }

  async listCommissionerPrimeLines(
    client: PoolClient,
    input: {
      primeContractId: string;
      periodStart: string;
      periodEnd: string;
      status?: CommissionerPrimeStatus;
      afterClaimId?: string;
      limit: number;
    },
  ): Promise<CommissionerPrimeLineRow[]> {
    const { rows } = await client.query<CommissionerPrimeLineRow>(
      `SELECT x.claim_id AS "claimId", pa.reference AS "participantReference", mt.code::text AS "milestoneCode", c.occurrence, x.decided_on::text AS "decidedOn",
              x.approved_pence::text AS "approvedPence", x.status, x.remittance_id AS "remittanceId", x.remittance_status AS "remittanceStatus",
              x.paid_on::text AS "paidOn", x.paid_reference AS "paidReference", x.paid_pence::text AS "paidPence"
       FROM (
         SELECT * FROM (${COMMISSIONER_PRIME_LINES_SQL}) lines
         WHERE ($4::text IS NULL OR lines.status = $4) AND ($5::uuid IS NULL OR lines.claim_id > $5)
         ORDER BY lines.claim_id LIMIT $6
       ) x
       JOIN claim c ON c.id = x.claim_id JOIN milestone_type mt ON mt.id = c.milestone_type_id
       JOIN referral rf ON rf.id = c.referral_id JOIN participant pa ON pa.id = rf.participant_id
       ORDER BY x.claim_id`,
      [
        input.primeContractId,
        input.periodStart,
        input.periodEnd,
        input.status ?? null,
        input.afterClaimId ?? null,
        input.limit,
      ],
    );
    return rows;
  }

  /** Stores one computed claim line as a result (to hang a dispute on); nothing if it is already stored. */
  async materialiseClaimLine(
    client: PoolClient,
    input: {
      id: string;
      programmeId: string;
      primeContractId: string;
      runId: string;
      line: Omit<ResultRow, 'id'>;
    },
  ): Promise<void> {
    const { line } = input;
    await client.query(
      `INSERT INTO reconciliation_result (id, programme_id, prime_contract_id, run_id, claim_id, subcontractor_payment_line_id, outcome, expected_pence, recorded_pence, difference_pence, due_on, paid_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9::bigint - $8::bigint, $10::date, $11::date)
       ON CONFLICT (id) DO NOTHING`,
      [
        input.id,
        input.programmeId,
        input.primeContractId,
        input.runId,
        line.claimId,
        line.subcontractorPaymentLineId,
        line.outcome,
        line.expectedPence,
        line.recordedPence,
        line.dueOn,
        line.paidOn,
      ],
    );
  }

  async findResultWithRun(client: PoolClient, organisationId: string, resultId: string) {
    const { rows } = await client.query<{
      id: string;
      programmeId: string;
      primeContractId: string;
      partyId: string;
      primeId: string;
    }>(
      `SELECT r.id, r.programme_id AS "programmeId", r.prime_contract_id AS "primeContractId", rr.party_id AS "partyId", pc.prime_id AS "primeId"
       FROM reconciliation_result r JOIN ${RUN_FROM} ON rr.id = r.run_id WHERE r.id = $2 AND ${RUN_PARTY}`,
      [organisationId, resultId],
    );
    return rows[0];
  }

  async insertDispute(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      resultId: string;
      userId: string;
      organisationId: string;
      reason: string;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO reconciliation_dispute (programme_id, prime_contract_id, result_id, raised_by_user_id, raised_by_organisation_id, reason) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        input.programmeId,
        input.primeContractId,
        input.resultId,
        input.userId,
        input.organisationId,
        input.reason,
      ],
    );
    return rows[0]!.id;
  }

  async findDispute(
    client: PoolClient,
    organisationId: string,
    disputeId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<DisputeRow | undefined> {
    if (options.forUpdate)
      await client.query('SELECT 1 FROM reconciliation_dispute WHERE id = $1 FOR UPDATE', [
        disputeId,
      ]);
    const { rows } = await client.query<DisputeRow>(
      `SELECT ${DISPUTE_COLUMNS} FROM ${DISPUTE_FROM} WHERE d.id = $2 AND (rr.party_id = $1 OR pc.prime_id = $1 OR p.commissioner_id = $1)`,
      [organisationId, disputeId],
    );
    return rows[0];
  }

  async listDisputes(
    client: PoolClient,
    organisationId: string,
    runId: string,
  ): Promise<DisputeRow[]> {
    const { rows } = await client.query<DisputeRow>(
      `SELECT ${DISPUTE_COLUMNS} FROM ${DISPUTE_FROM} WHERE res.run_id = $2 AND (rr.party_id = $1 OR pc.prime_id = $1 OR p.commissioner_id = $1) ORDER BY d.raised_at, d.id`,
      [organisationId, runId],
    );
    return rows;
  }

  async answerDispute(
    client: PoolClient,
    input: { id: string; userId: string; answer: string },
  ): Promise<void> {
    await client.query(
      `UPDATE reconciliation_dispute SET status = 'ANSWERED', answer = $3, answered_by_user_id = $2, answered_at = now() WHERE id = $1`,
      [input.id, input.userId, input.answer],
    );
  }

  async resolveDispute(
    client: PoolClient,
    input: { id: string; userId: string; resolution: string },
  ): Promise<void> {
    await client.query(
      `UPDATE reconciliation_dispute SET status = 'RESOLVED', resolution = $3, resolved_by_user_id = $2, resolved_at = now() WHERE id = $1`,
      [input.id, input.userId, input.resolution],
    );
  }

  /**
   * Stores a bank statement and matches every line in one statement: by
   * reference to a paid subcontractor payment or remittance the caller pays or
   * receives, then by amount (MATCHED / SHORT / OVER); no reference → UNMATCHED.
   */
  async importBankStatement(
    client: PoolClient,
    input: {
      organisationId: string;
      userId: string | null;
      filename: string;
      sha256: Buffer;
      lines: BankLineInput[];
    },
  ): Promise<string> {
    const matchedLines = `WITH payments AS (
         SELECT sp.paid_reference AS reference, sp.id AS payment_id, NULL::uuid AS remittance_id, (SELECT sum(l.amount_pence) FROM subcontractor_payment_line l WHERE l.subcontractor_payment_id = sp.id) AS expected_pence
         FROM subcontractor_payment sp JOIN subcontract s ON s.id = sp.subcontract_id JOIN prime_contract pc ON pc.id = sp.prime_contract_id
         WHERE sp.status = 'PAID' AND (pc.prime_id = $1 OR s.subcontractor_id = $1) AND sp.paid_reference = ANY($3::text[])
         UNION ALL
         SELECT r.paid_reference, NULL, r.id,
                (SELECT coalesce(sum(l.amount_pence), 0) FROM remittance_line l WHERE l.remittance_id = r.id) - (SELECT coalesce(sum(c.amount_pence), 0) FROM remittance_clawback c WHERE c.remittance_id = r.id)
         FROM remittance r JOIN prime_contract pc ON pc.id = r.prime_contract_id JOIN programme p ON p.id = r.programme_id
         WHERE r.status = 'PAID' AND (pc.prime_id = $1 OR p.commissioner_id = $1) AND r.paid_reference = ANY($3::text[])
       )
       SELECT x.*, m.payment_id, m.remittance_id, m.expected_pence
       FROM unnest($2::int[], $3::text[], $4::date[], $5::bigint[]) AS x(line_number, reference, paid_on, amount_pence)
       LEFT JOIN LATERAL (SELECT * FROM payments p WHERE p.reference = x.reference ORDER BY (p.expected_pence = abs(x.amount_pence)) DESC LIMIT 1) m ON true`;
    const lineParams = [
      input.organisationId,
      input.lines.map((l) => l.lineNumber),
      input.lines.map((l) => l.reference),
      input.lines.map((l) => l.paidOn),
      input.lines.map((l) => String(l.amountPence)),
    ];
    await client.query(
      `CREATE TEMPORARY TABLE bank_statement_match ON COMMIT DROP AS ${matchedLines}`,
      lineParams,
    );
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO bank_statement_import (organisation_id, filename, sha256, row_count, matched_count, uploaded_by_user_id)
       SELECT $1, $3, $4, count(*), count(*) FILTER (WHERE expected_pence = abs(amount_pence)), $2 FROM bank_statement_match
       RETURNING id`,
      [input.organisationId, input.userId, input.filename, input.sha256],
    );
    const importId = rows[0]!.id;
    await client.query(
      `INSERT INTO bank_statement_line (import_id, line_number, paid_on, reference, amount_pence, outcome, remittance_id, subcontractor_payment_id, expected_pence)
       SELECT $1, line_number, paid_on, reference, amount_pence,
              CASE WHEN expected_pence IS NULL THEN 'UNMATCHED' WHEN abs(amount_pence) = expected_pence THEN 'MATCHED'
                   WHEN abs(amount_pence) < expected_pence THEN 'SHORT' ELSE 'OVER' END::"ReconciliationOutcome",
              remittance_id, payment_id, expected_pence
       FROM bank_statement_match`,
      [importId],
    );
    await client.query('DROP TABLE bank_statement_match');
    return importId;
  }

  async findBankStatement(client: PoolClient, organisationId: string, importId: string) {
    const { rows } = await client.query<{
      id: string;
      filename: string;
      rowCount: number;
      matchedCount: number;
      uploadedAt: Date;
    }>(
      `SELECT id, filename, row_count AS "rowCount", matched_count AS "matchedCount", uploaded_at AS "uploadedAt" FROM bank_statement_import WHERE id = $2 AND organisation_id = $1`,
      [organisationId, importId],
    );
    return rows[0];
  }

  async listBankStatementLines(client: PoolClient, importId: string) {
    const { rows } = await client.query<{
      lineNumber: number;
      paidOn: string;
      reference: string;
      amountPence: string;
      outcome: ReconciliationOutcome;
      remittanceId: string | null;
      subcontractorPaymentId: string | null;
      expectedPence: string | null;
    }>(
      `SELECT line_number AS "lineNumber", paid_on::text AS "paidOn", reference, amount_pence::text AS "amountPence", outcome, remittance_id AS "remittanceId",
              subcontractor_payment_id AS "subcontractorPaymentId", expected_pence::text AS "expectedPence"
       FROM bank_statement_line WHERE import_id = $1 ORDER BY line_number`,
      [importId],
    );
    return rows;
  }
}
