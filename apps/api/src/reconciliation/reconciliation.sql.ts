// Reconciliation of a supply chain as ONE set-based statement (no per-row
// round trips): expected lines (per-claim entitlements from
// ENTITLED_CLAIMS_SQL + scheduled fees passed in as arrays) against recorded
// PAID subcontractor payment lines, with the domain's reconcile() semantics:
//   paid > expected → OVER; paid = expected → MATCHED, or LATE if the last
//   payment was after the due date; 0 < paid < expected → SHORT; nothing paid →
//   LATE once asOf is past the due date, else not yet due (not stored);
//   a recorded line that pays no expected line → UNMATCHED.
// Every join is on one match key (the claim id, or subcontract + description
// for a scheduled fee) so the planner can hash it: no OR-joins, no nested loops.
// Returns the outcome of every line (null outcome: unpaid, not yet due).
//
// Parameters: $1 subcontract ids, $2..$3 period, $4..$7 scheduled (subcontract,
// description, net pence, due date), $8 asOf.
import { ENTITLED_CLAIMS_SQL } from '../subcontractor-payments/entitlement.sql';

export const RECONCILE_OUTCOMES_SQL = `
WITH expected AS (
  SELECT e.claim_id::text AS match_key, e.claim_id, NULL::text AS description, e.gross_pence - e.management_fee_pence AS expected_pence, e.due_on
  FROM (${ENTITLED_CLAIMS_SQL}) e
  UNION ALL
  SELECT 'fee:' || x.subcontract_id || '|' || x.description, NULL::uuid, x.description, x.net_pence, x.due_on
  FROM unnest($4::uuid[], $5::text[], $6::bigint[], $7::date[]) AS x(subcontract_id, description, net_pence, due_on)
),
candidate AS (
  SELECT CASE WHEN l.claim_id IS NOT NULL THEN l.claim_id::text ELSE 'fee:' || sp.subcontract_id || '|' || l.description END AS match_key,
         l.id AS line_id, l.claim_id, l.description, l.amount_pence, sp.paid_on
  FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id
  WHERE sp.status = 'PAID' AND sp.subcontract_id = ANY($1::uuid[])
),
recorded AS (
  SELECT * FROM candidate
  WHERE paid_on BETWEEN $2::date AND $3::date OR match_key IN (SELECT match_key FROM expected)
),
paired AS (
  SELECT e.match_key, e.claim_id, e.description, e.expected_pence, e.due_on,
         coalesce(r.paid_pence, 0) AS paid_pence, coalesce(r.payments, 0) AS payments, r.last_paid_on, r.line_id
  FROM expected e
  LEFT JOIN (
    SELECT match_key, sum(amount_pence) AS paid_pence, count(*) AS payments, max(paid_on) AS last_paid_on,
           (array_agg(line_id ORDER BY paid_on DESC, line_id))[1] AS line_id
    FROM recorded GROUP BY match_key
  ) r ON r.match_key = e.match_key
),
outcomes AS (
  SELECT claim_id, line_id, description, expected_pence, paid_pence AS recorded_pence, due_on, last_paid_on AS paid_on,
    CASE
      WHEN paid_pence > expected_pence THEN 'OVER'
      WHEN paid_pence = expected_pence AND (payments > 0 OR expected_pence = 0) THEN CASE WHEN last_paid_on > due_on THEN 'LATE' ELSE 'MATCHED' END
      WHEN paid_pence > 0 THEN 'SHORT'
      WHEN $8::date > due_on THEN 'LATE'
    END::"ReconciliationOutcome" AS outcome
  FROM paired
  UNION ALL
  SELECT r.claim_id, r.line_id, r.description, 0, r.amount_pence, NULL::date, r.paid_on, 'UNMATCHED'
  FROM recorded r
  WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.match_key = r.match_key)
)
SELECT * FROM outcomes`;
