// The SQL that (re)builds the analytics fact tables from the source tables.
// Each statement takes a scope: every row (FULL), the rows that can have
// changed since the last refresh (INCREMENTAL), or one prime contract
// (PRIME_CONTRACT, after a payment run). docs/analytics.md explains why the
// incremental scope is enough:
//   referrals — every open referral, and any received, allocated or exited
//     within the window (closed referrals' facts no longer change);
//   money and payments — every month with a payment paid within the window
//     (money facts are keyed by the paid_on month, so anything newly paid
//     lands in a recent month), and every subcontractor payment not yet paid.
// $1 = prime contract id (PRIME_CONTRACT) or null; $2 = since (date) or null for all.

import { COUNTED_CLAIM_STATUSES } from '@waymark/domain';

/**
 * Job-outcome claims that count: rejected, withdrawn and clawed-back ones are not outcomes. Every
 * statement here takes the same ($1, $2), so the domain's list is written in as literals.
 */
const COUNTED_CLAIM_STATUS_LIST = `(${COUNTED_CLAIM_STATUSES.map((status) => `'${status}'`).join(', ')})`;

const REFERRAL_SCOPE = `($1::uuid IS NULL OR r.prime_contract_id = $1)
  AND ($2::date IS NULL
    OR r.status IN ('RECEIVED', 'ACCEPTED', 'ALLOCATED', 'ATTACHED')
    OR r.received_at >= $2::date OR r.allocated_at >= $2::date
    OR r.exited_on >= $2::date - 90)`;

export const REFRESH_REFERRAL_FACTS = `
INSERT INTO analytics_referral_fact (referral_id, programme_id, prime_contract_id, subcontract_id, payment_group_id, status, received_on,
  allocated_on, attached_on, first_contact_on, last_activity_on, exited_on, job_outcome_on, refreshed_at, provider_id, contact_days)
SELECT r.id, r.programme_id, r.prime_contract_id, r.subcontract_id, na.payment_group_id, r.status, r.received_at::date,
  r.allocated_at::date, r.attached_on, act.first_contact_on, act.last_activity_on, r.exited_on,
  LEAST(outcome.claimed_on, outcome.achieved_on), now(),
  -- Who delivers it: the subcontractor, or the prime when no subcontract holds it.
  COALESCE((SELECT s.subcontractor_id FROM subcontract s WHERE s.id = r.subcontract_id),
           (SELECT pc.prime_id FROM prime_contract pc WHERE pc.id = r.prime_contract_id)),
  act.first_contact_on - COALESCE(r.allocated_at::date, r.received_at::date)
FROM referral r
LEFT JOIN LATERAL (
  SELECT n.payment_group_id FROM needs_assessment n WHERE n.participant_id = r.participant_id ORDER BY n.assessed_at DESC LIMIT 1
) na ON true
LEFT JOIN LATERAL (
  SELECT min(a.occurred_on) FILTER (WHERE a.kind IN ('CONTACT', 'APPOINTMENT')) AS first_contact_on, max(a.occurred_on) AS last_activity_on
  FROM activity a WHERE a.referral_id = r.id
) act ON true
LEFT JOIN LATERAL (
  SELECT
    (SELECT min(c.milestone_on) FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
      WHERE c.referral_id = r.id AND mt.code = 'JOB_OUTCOME' AND c.status IN ${COUNTED_CLAIM_STATUS_LIST}) AS claimed_on,
    (SELECT min(j.achieved_on) FROM journey_event j WHERE j.referral_id = r.id AND j.milestone_code = 'JOB_OUTCOME') AS achieved_on
) outcome ON true
WHERE ${REFERRAL_SCOPE}
ON CONFLICT (referral_id) DO UPDATE SET
  subcontract_id = EXCLUDED.subcontract_id, payment_group_id = EXCLUDED.payment_group_id, status = EXCLUDED.status,
  allocated_on = EXCLUDED.allocated_on, attached_on = EXCLUDED.attached_on, first_contact_on = EXCLUDED.first_contact_on,
  last_activity_on = EXCLUDED.last_activity_on, exited_on = EXCLUDED.exited_on, job_outcome_on = EXCLUDED.job_outcome_on,
  refreshed_at = EXCLUDED.refreshed_at, provider_id = EXCLUDED.provider_id, contact_days = EXCLUDED.contact_days`;

/** First month rebuilt: the month of `since` minus one (a payment backdated into last month still lands). */
const MONTH_FLOOR = `CASE WHEN $2::date IS NULL THEN DATE '0001-01-01' ELSE (date_trunc('month', $2::date) - interval '1 month')::date END`;

export const DELETE_MONEY_MONTHS = `
DELETE FROM analytics_money_month WHERE ($1::uuid IS NULL OR prime_contract_id = $1) AND month >= ${MONTH_FLOOR}`;

export const REFRESH_MONEY_MONTHS = `
INSERT INTO analytics_money_month (programme_id, prime_contract_id, month, flow, subcontract_id, payment_group_id, milestone_type_id,
  gross_pence, management_fee_pence, amount_pence, line_count)
SELECT rm.programme_id, rm.prime_contract_id, date_trunc('month', rm.paid_on)::date, 'REMITTED'::"MoneyFlow", c.subcontract_id, t.payment_group_id, c.milestone_type_id,
  sum(rl.amount_pence), 0, sum(rl.amount_pence), count(*)
FROM remittance rm
JOIN remittance_line rl ON rl.remittance_id = rm.id
JOIN claim c ON c.id = rl.claim_id
JOIN tariff t ON t.id = c.tariff_id
WHERE rm.status = 'PAID' AND ($1::uuid IS NULL OR rm.prime_contract_id = $1) AND rm.paid_on >= ${MONTH_FLOOR}
GROUP BY 1, 2, 3, 5, 6, 7
UNION ALL
SELECT p.programme_id, p.prime_contract_id, date_trunc('month', p.paid_on)::date, 'PASSED_DOWN'::"MoneyFlow", p.subcontract_id, t.payment_group_id, c.milestone_type_id,
  sum(l.gross_pence), sum(l.management_fee_pence), sum(l.amount_pence), count(*)
FROM subcontractor_payment p
JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = p.id
LEFT JOIN claim c ON c.id = l.claim_id
LEFT JOIN tariff t ON t.id = c.tariff_id
WHERE p.status = 'PAID' AND ($1::uuid IS NULL OR p.prime_contract_id = $1) AND p.paid_on >= ${MONTH_FLOOR}
GROUP BY 1, 2, 3, 5, 6, 7`;

/**
 * Flow-down's coarser copy of the same money (per contract × month × flow × subcontract), rebuilt
 * from the money months just written, over the same months and contracts.
 */
export const DELETE_FLOW_MONEY_MONTHS = `
DELETE FROM analytics_flow_money_month WHERE ($1::uuid IS NULL OR prime_contract_id = $1) AND month >= ${MONTH_FLOOR}`;

export const REFRESH_FLOW_MONEY_MONTHS = `
INSERT INTO analytics_flow_money_month (programme_id, prime_contract_id, month, flow, subcontract_id, amount_pence)
SELECT m.programme_id, m.prime_contract_id, m.month, m.flow, m.subcontract_id, sum(m.amount_pence)
FROM analytics_money_month m
WHERE ($1::uuid IS NULL OR m.prime_contract_id = $1) AND m.month >= ${MONTH_FLOOR}
GROUP BY 1, 2, 3, 4, 5`;

export const REFRESH_PAYMENT_FACTS = `
INSERT INTO analytics_payment_fact (subcontractor_payment_id, programme_id, prime_contract_id, subcontract_id, status, period_start, due_on,
  received_on, paid_on, sla_days, net_pence)
SELECT p.id, p.programme_id, p.prime_contract_id, p.subcontract_id, p.status, p.period_start, p.due_on,
  (SELECT max(rm.paid_on) FROM subcontractor_payment_line l
     JOIN remittance_line rl ON rl.claim_id = l.claim_id
     JOIN remittance rm ON rm.id = rl.remittance_id AND rm.status = 'PAID'
   WHERE l.subcontractor_payment_id = p.id),
  p.paid_on, s.payment_sla_days,
  COALESCE((SELECT sum(l.amount_pence) FROM subcontractor_payment_line l WHERE l.subcontractor_payment_id = p.id), 0)
FROM subcontractor_payment p
JOIN subcontract s ON s.id = p.subcontract_id
WHERE ($1::uuid IS NULL OR p.prime_contract_id = $1) AND ($2::date IS NULL OR p.status <> 'PAID' OR p.paid_on >= ${MONTH_FLOOR})
ON CONFLICT (subcontractor_payment_id) DO UPDATE SET
  status = EXCLUDED.status, due_on = EXCLUDED.due_on, received_on = EXCLUDED.received_on, paid_on = EXCLUDED.paid_on,
  sla_days = EXCLUDED.sla_days, net_pence = EXCLUDED.net_pence`;

// Referral counts per subcontract × allocation month, re-aggregated from the
// (already refreshed) referral facts: every contract in scope, every month —
// a reallocation can move an old referral, and the aggregate is cheap.
export const DELETE_REFERRAL_MONTHS = `DELETE FROM analytics_referral_month WHERE $1::uuid IS NULL OR prime_contract_id = $1`;

export const REFRESH_REFERRAL_MONTHS = `
INSERT INTO analytics_referral_month (subcontract_id, month, programme_id, prime_contract_id, referrals)
SELECT f.subcontract_id, date_trunc('month', f.allocated_on)::date, f.programme_id, f.prime_contract_id, count(*)
FROM analytics_referral_fact f
WHERE f.subcontract_id IS NOT NULL AND f.allocated_on IS NOT NULL AND ($1::uuid IS NULL OR f.prime_contract_id = $1)
GROUP BY 1, 2, 3, 4`;

// Parking's counts per prime contract × subcontract × payment group × provider × month received,
// re-aggregated from the (already refreshed) referral facts: every contract in scope, every month,
// as the referral months are (a reallocation moves an old referral to another provider).
export const DELETE_PARKING_MONTHS = `DELETE FROM analytics_parking_month WHERE $1::uuid IS NULL OR prime_contract_id = $1`;

export const REFRESH_PARKING_MONTHS = `
INSERT INTO analytics_parking_month (programme_id, prime_contract_id, subcontract_id, payment_group_id, provider_id, month,
  referrals, attached, contacted, open_caseload, exited, exited_without_outcome, job_outcomes)
SELECT f.programme_id, f.prime_contract_id, f.subcontract_id, f.payment_group_id, f.provider_id, date_trunc('month', f.received_on)::date,
  count(*), count(*) FILTER (WHERE f.attached_on IS NOT NULL), count(*) FILTER (WHERE f.first_contact_on IS NOT NULL),
  count(*) FILTER (WHERE f.status IN ('ALLOCATED', 'ATTACHED')), count(*) FILTER (WHERE f.status = 'EXITED'),
  count(*) FILTER (WHERE f.status = 'EXITED' AND f.job_outcome_on IS NULL), count(*) FILTER (WHERE f.job_outcome_on IS NOT NULL)
FROM analytics_referral_fact f
WHERE f.status <> 'REJECTED' AND ($1::uuid IS NULL OR f.prime_contract_id = $1)
GROUP BY 1, 2, 3, 4, 5, 6`;
