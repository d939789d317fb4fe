// Reconciliation of a supply chain, set-based, over stored entitlements
// (subcontract_entitlement: each claim's expected amount and due date, stored
// when the prime was paid for it, and the payment line that passed it down,
// recorded when that payment was marked paid), plus the few scheduled fees
// passed in as arrays. The domain's reconcile() semantics:
//   paid > expected → OVER; paid = expected → MATCHED, or LATE if paid after
//   the due date; 0 < paid < expected → SHORT; nothing paid → LATE once asOf
//   is past the due date, else not yet due (null outcome, not stored);
//   a recorded line that pays no expected line → UNMATCHED.
// A claim's line is one row of one indexed range scan (subcontract, period):
// no per-run recomputation of terms and no join of expected to recorded.

/** The outcome of a line, from its expected and recorded sides (SQL twin of reconcile()'s rule). */
const OUTCOME_SQL = (e: {
  expected: string;
  paid: string;
  paidOn: string;
  dueOn: string;
  isPaid: string;
}) => `CASE
      WHEN ${e.paid} > ${e.expected} THEN 'OVER'
      WHEN ${e.paid} = ${e.expected} AND (${e.isPaid} OR ${e.expected} = 0) THEN CASE WHEN ${e.paidOn} > ${e.dueOn} THEN 'LATE' ELSE 'MATCHED' END
      WHEN ${e.paid} > 0 THEN 'SHORT'
      WHEN $8::date > ${e.dueOn} THEN 'LATE'
    END::"ReconciliationOutcome"`;

/**
 * Claims' lines as they stood at an instant: every entitlement of the period
 * that existed by then, paid only if its payment was recorded by then, and the
 * claims passed down (paid in the period, by then) that nothing entitled. An
 * entitlement never changes and a claim is passed down once, so a run's lines
 * are exactly reproducible later from its period, asOf and run_at: runs store
 * their per-outcome totals, and drill-down computes the lines on demand.
 *
 * Clawbacks net the way the money moves: each clawback of the claim the prime
 * had borne by then (subcontract_entitlement_clawback, stored when the
 * remittance netting it was paid) lowers the expected side by the
 * subcontractor's share, and the negative line that passed it down (once its
 * payment was recorded, by then) lowers the recorded side — so a claim clawed
 * back and not yet recovered from the subcontractor is OVER, and one recovered
 * nets to what it kept. Columns clawback_expected_pence / clawback_recorded_pence
 * carry those parts (≤ 0), already inside expected / recorded.
 * Parameters: $1 subcontract ids, $2..$3 period, $4 asOf, $5 the instant,
 * $6 just this claim (or NULL).
 */
export const CLAIM_LINES_SQL = `
  SELECT e.claim_id, p.line_id, e.expected_pence + k.expected_pence AS expected_pence, p.paid_pence + k.recorded_pence AS recorded_pence, e.due_on, p.paid_on,
         k.expected_pence AS clawback_expected_pence, k.recorded_pence AS clawback_recorded_pence,
         ${OUTCOME_SQL({ expected: '(e.expected_pence + k.expected_pence)', paid: '(p.paid_pence + k.recorded_pence)', paidOn: 'p.paid_on', dueOn: 'e.due_on', isPaid: 'p.paid_on IS NOT NULL' }).replaceAll('$8', '$4')} AS outcome
  FROM subcontract_entitlement e
  CROSS JOIN LATERAL (
    SELECT CASE WHEN e.paid_at <= $5 THEN e.paid_pence ELSE 0 END AS paid_pence, CASE WHEN e.paid_at <= $5 THEN e.paid_on END AS paid_on,
           CASE WHEN e.paid_at <= $5 THEN e.subcontractor_payment_line_id END AS line_id
  ) p
  LEFT JOIN (
    SELECT x.claim_id, sum(x.expected_pence) AS expected_pence, sum(CASE WHEN x.paid_at <= $5 THEN x.paid_pence ELSE 0 END) AS recorded_pence
    FROM subcontract_entitlement_clawback x
    WHERE x.subcontract_id = ANY($1::uuid[]) AND x.created_at <= $5 AND ($6::uuid IS NULL OR x.claim_id = $6::uuid)
    GROUP BY x.claim_id
  ) kx ON kx.claim_id = e.claim_id
  CROSS JOIN LATERAL (SELECT coalesce(kx.expected_pence, 0) AS expected_pence, coalesce(kx.recorded_pence, 0) AS recorded_pence) k
  WHERE e.subcontract_id = ANY($1::uuid[]) AND e.prime_received_on BETWEEN $2::date AND $3::date AND e.created_at <= $5 AND ($6::uuid IS NULL OR e.claim_id = $6::uuid)
  UNION ALL
  SELECT e.claim_id, e.subcontractor_payment_line_id, 0, e.paid_pence, NULL, e.paid_on, 0, 0, 'UNMATCHED'
  FROM subcontract_entitlement e
  WHERE e.expected_pence IS NULL AND e.subcontract_id = ANY($1::uuid[]) AND e.paid_on BETWEEN $2::date AND $3::date AND e.paid_at <= $5 AND ($6::uuid IS NULL OR e.claim_id = $6::uuid)`;

/** Per-outcome count and totals of the claims' lines (one indexed range scan). Parameters as CLAIM_LINES_SQL. */
export const CLAIM_TOTALS_SQL = `
  SELECT outcome, count(*)::int AS count, coalesce(sum(expected_pence), 0)::text AS "expectedPence", coalesce(sum(recorded_pence), 0)::text AS "recordedPence"
  FROM (${CLAIM_LINES_SQL}) l GROUP BY outcome`;

/**
 * Parameters: $1 subcontract ids, $2..$3 period (fees due in it), $4..$7
 * scheduled fees (subcontract, description, net pence, due date), $8 asOf.
 * Scheduled fees (no claim): matched to PAID fee lines by subcontract and
 * description, summed over payments; a fee line paid in the period that pays
 * no scheduled fee is UNMATCHED. A handful of rows (partial index on fee lines).
 */
export const FEE_OUTCOMES_SQL = `
  WITH expected AS (
    SELECT x.subcontract_id, x.description, x.net_pence, x.due_on
    FROM unnest($4::uuid[], $5::text[], $6::bigint[], $7::date[]) AS x(subcontract_id, description, net_pence, due_on)
  ),
  recorded AS (
    SELECT sp.subcontract_id, l.id AS line_id, l.description, l.amount_pence, sp.paid_on
    FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id AND l.claim_id IS NULL
    WHERE sp.status = 'PAID' AND sp.subcontract_id = ANY($1::uuid[])
  ),
  paid AS (
    SELECT subcontract_id, description, sum(amount_pence) AS paid_pence, max(paid_on) AS last_paid_on, (array_agg(line_id ORDER BY paid_on DESC, line_id))[1] AS line_id
    FROM recorded GROUP BY subcontract_id, description
  )
  SELECT NULL::uuid AS claim_id, p.line_id, e.description, e.net_pence AS expected_pence, coalesce(p.paid_pence, 0) AS recorded_pence, e.due_on, p.last_paid_on AS paid_on,
         ${OUTCOME_SQL({ expected: 'e.net_pence', paid: 'coalesce(p.paid_pence, 0)', paidOn: 'p.last_paid_on', dueOn: 'e.due_on', isPaid: 'p.line_id IS NOT NULL' })} AS outcome
  FROM expected e LEFT JOIN paid p ON p.subcontract_id = e.subcontract_id AND p.description = e.description
  UNION ALL
  SELECT NULL, r.line_id, r.description, 0, r.amount_pence, NULL, r.paid_on, 'UNMATCHED'
  FROM recorded r
  WHERE r.paid_on BETWEEN $2::date AND $3::date AND NOT EXISTS (SELECT 1 FROM expected e WHERE e.subcontract_id = r.subcontract_id AND e.description = r.description)`;

/** Every line's outcome (null: unpaid, not yet due) at asOf $8, as of now: claims' lines and scheduled fees. */
export const RECONCILE_OUTCOMES_SQL = `
  SELECT claim_id, line_id, NULL::text AS description, expected_pence, recorded_pence, due_on, paid_on, outcome
  FROM (${CLAIM_LINES_SQL.replaceAll('$4', '$8').replaceAll('$5', "'infinity'::timestamptz").replaceAll('$6::uuid', 'NULL::uuid')}) claims
  UNION ALL
  SELECT * FROM (${FEE_OUTCOMES_SQL}) fees`;
