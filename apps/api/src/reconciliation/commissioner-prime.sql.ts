// The commissioner → prime party view: every claim the commissioner approved
// with its decision day in the period (the remittance run's own rule, so the
// run for that period would pick it up) against what the commissioner paid for
// it — its line in a remittance recorded as PAID, at its share of what the prime
// received (remittance_line.received_pence: a short payment makes its lines SHORT). No per-claim SLA exists at
// this level, so an unpaid claim is reported as where it stands (not yet
// remitted, or remitted and not yet paid), not as LATE.
//
// Parameters: $1 prime contract, $2..$3 period.
export const COMMISSIONER_PRIME_LINES_SQL = `
  SELECT c.id AS claim_id, c.amount_pence AS approved_pence, coalesce((c.decided_at AT TIME ZONE 'UTC')::date, c.milestone_on) AS decided_on,
         r.id AS remittance_id, r.status AS remittance_status, r.paid_on, r.paid_reference,
         CASE WHEN r.status = 'PAID' THEN coalesce(rl.received_pence, rl.amount_pence) ELSE 0 END AS paid_pence,
         CASE
           WHEN r.id IS NULL THEN 'NOT_REMITTED'
           WHEN r.status <> 'PAID' THEN 'REMITTED_NOT_PAID'
           WHEN coalesce(rl.received_pence, rl.amount_pence) = c.amount_pence THEN 'MATCHED'
           WHEN coalesce(rl.received_pence, rl.amount_pence) < c.amount_pence THEN 'SHORT'
           ELSE 'OVER'
         END AS status
  FROM claim c
  LEFT JOIN remittance_line rl ON rl.claim_id = c.id
  LEFT JOIN remittance r ON r.id = rl.remittance_id
  WHERE c.prime_contract_id = $1 AND c.status IN ('APPROVED', 'PAID', 'CLAWED_BACK')
    AND coalesce((c.decided_at AT TIME ZONE 'UTC')::date, c.milestone_on) BETWEEN $2::date AND $3::date`;

/** Each remittance holding those claims: its own net (lines − clawbacks) against the transfer posted to the ledger when it was paid. */
export const COMMISSIONER_PRIME_REMITTANCES_SQL = `
  SELECT r.id, r.status, r.period_start::text AS "periodStart", r.period_end::text AS "periodEnd", r.paid_on::text AS "paidOn", r.paid_reference AS "paidReference",
         count(*)::int AS "claimCount",
         (SELECT coalesce(sum(l.amount_pence), 0) FROM remittance_line l WHERE l.remittance_id = r.id)::text AS "grossPence",
         (SELECT coalesce(sum(k.amount_pence), 0) FROM remittance_clawback k WHERE k.remittance_id = r.id)::text AS "clawbackPence",
         r.received_pence::text AS "receivedPence",
         (SELECT coalesce(sum(e.amount_pence), 0) FROM ledger_transaction t JOIN ledger_entry e ON e.transaction_id = t.id WHERE t.remittance_id = r.id AND e.amount_pence > 0)::text AS "postedPence"
  FROM (${COMMISSIONER_PRIME_LINES_SQL}) x JOIN remittance r ON r.id = x.remittance_id
  GROUP BY r.id ORDER BY r.period_start, r.created_at, r.id`;
