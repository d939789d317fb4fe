// Dashboard SQL over the fact tables (analytics-refresh.sql.ts builds them).
// Shared parameters: $1 prime contract ids (uuid[], already narrowed to the
// caller's slice and filters), $2 subcontractor organisation or null,
// $3 first day (inclusive), $4 day after the last month (exclusive).
// Row-level security applies on top (these run inside withPartyScope).

const SUBCONTRACTOR_FILTER = (alias: string) =>
  `($2::uuid IS NULL OR ${alias}.subcontract_id IN (SELECT sf.id FROM subcontract sf WHERE sf.subcontractor_id = $2))`;

/** Per dimension: the fact column grouped first, then its key and label (joins run on the aggregate). */
export const SPEND_KEYS = {
  prime: {
    column: 'm.prime_contract_id',
    join: 'LEFT JOIN prime_contract pc ON pc.id = a.dim JOIN organisation po ON po.id = pc.prime_id',
    key: `po.id::text`,
    label: `po.name`,
  },
  subcontractor: {
    column: 'm.subcontract_id',
    join: 'LEFT JOIN subcontract s ON s.id = a.dim LEFT JOIN organisation so ON so.id = s.subcontractor_id',
    key: `COALESCE(so.id::text, 'prime-delivered')`,
    label: `COALESCE(so.name, 'Delivered by the prime')`,
  },
  // Payment groups and milestones by the names their programme's definition gives them, never their codes.
  paymentGroup: {
    column: 'm.payment_group_id',
    join: 'LEFT JOIN payment_group pg ON pg.id = a.dim',
    key: `COALESCE(pg.id::text, 'scheduled-fees')`,
    label: `COALESCE(pg.name, 'Scheduled fees (no claim)')`,
  },
  milestoneType: {
    column: 'm.milestone_type_id',
    join: 'LEFT JOIN milestone_type mt ON mt.id = a.dim',
    key: `COALESCE(mt.code::text, 'scheduled-fees')`,
    label: `COALESCE(mt.name, 'Scheduled fees (no claim)')`,
  },
} as const;

/** $5/$6 keyset (month, key) after which to start, $7 limit. */
export const spendRowsSql = (by: keyof typeof SPEND_KEYS) => `
SELECT x.* FROM (
  SELECT to_char(a.month, 'YYYY-MM') AS month, ${SPEND_KEYS[by].key} AS key, ${SPEND_KEYS[by].label} AS label,
    sum(a.remitted)::text AS "remittedPence", sum(a.passed)::text AS "passedDownPence", sum(a.fee)::text AS "managementFeePence"
  FROM (
    SELECT m.month, ${SPEND_KEYS[by].column} AS dim,
      COALESCE(sum(m.amount_pence) FILTER (WHERE m.flow = 'REMITTED'), 0) AS remitted,
      COALESCE(sum(m.amount_pence) FILTER (WHERE m.flow = 'PASSED_DOWN'), 0) AS passed,
      COALESCE(sum(m.management_fee_pence) FILTER (WHERE m.flow = 'PASSED_DOWN'), 0) AS fee
    FROM analytics_money_month m
    WHERE m.prime_contract_id = ANY($1) AND m.month >= $3 AND m.month < $4 AND ${SUBCONTRACTOR_FILTER('m')}
    GROUP BY 1, 2
  ) a
  ${SPEND_KEYS[by].join}
  GROUP BY 1, 2, 3
) x
WHERE $5::text IS NULL OR (x.month, x.key) > ($5::text, $6::text)
ORDER BY x.month, x.key
LIMIT $7`;

/**
 * The same money per key over the whole filter (every month, no paging): what the chart and the
 * totals row show, so a figure on screen never sums only the rows of the page in view.
 */
export const spendByKeySql = (by: keyof typeof SPEND_KEYS) => `
SELECT ${SPEND_KEYS[by].key} AS key, ${SPEND_KEYS[by].label} AS label,
  sum(a.remitted)::text AS "remittedPence", sum(a.passed)::text AS "passedDownPence", sum(a.fee)::text AS "managementFeePence"
FROM (
  SELECT ${SPEND_KEYS[by].column} AS dim,
    COALESCE(sum(m.amount_pence) FILTER (WHERE m.flow = 'REMITTED'), 0) AS remitted,
    COALESCE(sum(m.amount_pence) FILTER (WHERE m.flow = 'PASSED_DOWN'), 0) AS passed,
    COALESCE(sum(m.management_fee_pence) FILTER (WHERE m.flow = 'PASSED_DOWN'), 0) AS fee
  FROM analytics_money_month m
  WHERE m.prime_contract_id = ANY($1) AND m.month >= $3 AND m.month < $4 AND ${SUBCONTRACTOR_FILTER('m')}
  GROUP BY 1
) a
${SPEND_KEYS[by].join}
GROUP BY 1, 2
ORDER BY sum(a.remitted) + sum(a.passed) DESC, 2, 1`;

export const SPEND_TOTALS_SQL = `
SELECT a.flow::text AS flow, so.sector_type::text AS "sectorType", COALESCE(so.turnover_band::text, 'UNKNOWN') AS "turnoverBand",
  (s.id IS NOT NULL) AS "isSubcontracted", sum(a.pence)::text AS pence
FROM (
  SELECT m.flow, m.subcontract_id, sum(m.amount_pence) AS pence
  FROM analytics_flow_money_month m
  WHERE m.prime_contract_id = ANY($1) AND m.month >= $3 AND m.month < $4 AND ${SUBCONTRACTOR_FILTER('m')}
  GROUP BY 1, 2
) a
LEFT JOIN subcontract s ON s.id = a.subcontract_id
LEFT JOIN organisation so ON so.id = s.subcontractor_id
GROUP BY 1, 2, 3, 4`;

/**
 * Parties and referrals per (prime contract, subcontractor). The money columns come from the trend's
 * money rows, summed in the service: one aggregation of analytics_money_month per request, not two.
 */
export const FLOW_DOWN_SQL = `
WITH parties AS (
  SELECT bc.prime_contract_id, bc.subcontractor_id FROM bid_commitment bc WHERE bc.prime_contract_id = ANY($1)
  UNION
  SELECT s.prime_contract_id, s.subcontractor_id FROM subcontract s WHERE s.prime_contract_id = ANY($1)
),
refs AS (
  SELECT rm.prime_contract_id, s.subcontractor_id, sum(rm.referrals) AS n
  FROM analytics_referral_month rm JOIN subcontract s ON s.id = rm.subcontract_id
  WHERE rm.prime_contract_id = ANY($1) AND rm.month >= $3 AND rm.month < $4
  GROUP BY 1, 2
),
-- Each chain's referrals once per contract (a sub-select per row re-read refs for every party: 0.4 s for a commissioner at 2M).
chains AS (SELECT r.prime_contract_id, sum(r.n) AS n FROM refs r GROUP BY 1)
SELECT pc.id AS "primeContractId", pc.reference AS "primeContractReference", p.subcontractor_id AS "subcontractorId", o.name AS "subcontractorName",
  COALESCE(bc.planned_referral_share_bp, 0) AS "plannedReferralShareBp", COALESCE(bc.planned_spend_share_bp, 0) AS "plannedSpendShareBp",
  COALESCE(r.n, 0)::int AS referrals,
  COALESCE(c.n, 0)::int AS "chainReferrals"
FROM parties p
JOIN prime_contract pc ON pc.id = p.prime_contract_id
JOIN organisation o ON o.id = p.subcontractor_id
LEFT JOIN bid_commitment bc ON bc.prime_contract_id = p.prime_contract_id AND bc.subcontractor_id = p.subcontractor_id
LEFT JOIN refs r ON r.prime_contract_id = p.prime_contract_id AND r.subcontractor_id = p.subcontractor_id
LEFT JOIN chains c ON c.prime_contract_id = p.prime_contract_id
WHERE $2::uuid IS NULL OR p.subcontractor_id = $2
ORDER BY pc.reference, o.name, p.subcontractor_id`;

/** Trend parameters: $1 contract ids, $2 first day, $3 day after the last month (chain totals ignore the subcontractor filter). */
export const FLOW_DOWN_TREND_REFERRALS_SQL = `
SELECT to_char(rm.month, 'YYYY-MM') AS month, rm.prime_contract_id AS "primeContractId", s.subcontractor_id AS "subcontractorId", sum(rm.referrals)::int AS n
FROM analytics_referral_month rm JOIN subcontract s ON s.id = rm.subcontract_id
WHERE rm.prime_contract_id = ANY($1) AND rm.month >= $2 AND rm.month < $3
GROUP BY 1, 2, 3`;

/**
 * Money per month and prime contract: what was remitted to the prime (one row per contract and month,
 * subcontractor null: flow-down reads the remitted money per contract only) and what was passed down
 * to each subcontractor (null: delivered by the prime). One aggregation over flow-down's summary of the
 * money months (analytics_flow_money_month: contract × month × flow × subcontract, an index-only scan).
 */
export const FLOW_DOWN_TREND_MONEY_SQL = `
SELECT to_char(m.month, 'YYYY-MM') AS month, m.prime_contract_id AS "primeContractId",
  CASE WHEN m.flow = 'PASSED_DOWN' THEN s.subcontractor_id END AS "subcontractorId", m.flow::text AS flow,
  sum(m.amount_pence)::text AS pence
FROM analytics_flow_money_month m LEFT JOIN subcontract s ON s.id = m.subcontract_id
WHERE m.prime_contract_id = ANY($1) AND m.month >= $2 AND m.month < $3
GROUP BY m.month, m.prime_contract_id, 3, m.flow`;

/**
 * The same money over the whole window, per prime contract (REMITTED) and subcontractor (PASSED_DOWN):
 * what the summary rows need when the per-month trend is not asked for. Parameters as the trend's.
 */
export const FLOW_DOWN_MONEY_SQL = `
SELECT m.prime_contract_id AS "primeContractId",
  CASE WHEN m.flow = 'PASSED_DOWN' THEN s.subcontractor_id END AS "subcontractorId", m.flow::text AS flow,
  sum(m.amount_pence)::text AS pence
FROM analytics_flow_money_month m LEFT JOIN subcontract s ON s.id = m.subcontract_id
WHERE m.prime_contract_id = ANY($1) AND m.month >= $2 AND m.month < $3
GROUP BY m.prime_contract_id, 2, m.flow`;

/**
 * The slice's totals per month, summed in the database when the per-subcontractor trend is not asked
 * for (the portal's analytics page): referrals and money passed down to the subcontractors in view
 * ($2 narrows them), and what the primes were paid that month (never narrowed). A month appears when
 * it has a referral, a passed-down payment in view or a remittance: the months the trend would sum.
 * Parameters as FLOW_DOWN_SQL's; oldest first.
 */
export const FLOW_DOWN_MONTHS_SQL = `
SELECT to_char(x.month, 'YYYY-MM') AS month, sum(x.referrals)::int AS referrals,
  sum(x.passed)::text AS "passedDownPence", sum(x.remitted)::text AS "remittedPence"
FROM (
  SELECT rm.month, sum(rm.referrals) AS referrals, 0 AS passed, 0 AS remitted
  FROM analytics_referral_month rm JOIN subcontract s ON s.id = rm.subcontract_id
  WHERE rm.prime_contract_id = ANY($1) AND rm.month >= $3 AND rm.month < $4 AND ($2::uuid IS NULL OR s.subcontractor_id = $2)
  GROUP BY rm.month
  UNION ALL
  SELECT m.month, 0,
    COALESCE(sum(m.amount_pence) FILTER (WHERE m.flow = 'PASSED_DOWN'), 0),
    COALESCE(sum(m.amount_pence) FILTER (WHERE m.flow = 'REMITTED'), 0)
  FROM analytics_flow_money_month m LEFT JOIN subcontract s ON s.id = m.subcontract_id
  WHERE m.prime_contract_id = ANY($1) AND m.month >= $3 AND m.month < $4
    AND (m.flow = 'REMITTED' OR (s.subcontractor_id IS NOT NULL AND ($2::uuid IS NULL OR s.subcontractor_id = $2)))
  GROUP BY m.month
) x
GROUP BY x.month
ORDER BY x.month`;

/** Days from the prime's receipt (or, for scheduled fees, the SLA clock start) to payment; $5 = today. */
const CLOCK_START = `COALESCE(pf.received_on, pf.due_on - pf.sla_days)`;
const DAYS_TO_PAY = `(pf.paid_on - ${CLOCK_START})`;
const IS_LATE = `((pf.paid_on IS NOT NULL AND ${DAYS_TO_PAY} > pf.sla_days) OR (pf.paid_on IS NULL AND $5::date - ${CLOCK_START} > pf.sla_days))`;

export const TIMELINESS_SQL = `
SELECT pc.id AS "primeContractId", pc.reference AS "primeContractReference", pf.subcontract_id AS "subcontractId", s.subcontractor_id AS "subcontractorId",
  o.name AS "subcontractorName", max(pf.sla_days)::int AS "slaDays",
  count(*)::int AS payments,
  count(*) FILTER (WHERE pf.paid_on IS NOT NULL)::int AS "paidPayments",
  count(*) FILTER (WHERE ${IS_LATE})::int AS "latePayments",
  count(*) FILTER (WHERE pf.paid_on IS NULL AND ${IS_LATE})::int AS "unpaidOverdue",
  percentile_disc(0.5) WITHIN GROUP (ORDER BY ${DAYS_TO_PAY}) FILTER (WHERE pf.paid_on IS NOT NULL) AS "medianDaysToPay",
  percentile_disc(0.9) WITHIN GROUP (ORDER BY ${DAYS_TO_PAY}) FILTER (WHERE pf.paid_on IS NOT NULL) AS "p90DaysToPay",
  max(${DAYS_TO_PAY}) AS "maxDaysToPay"
FROM analytics_payment_fact pf
JOIN subcontract s ON s.id = pf.subcontract_id
JOIN organisation o ON o.id = s.subcontractor_id
JOIN prime_contract pc ON pc.id = pf.prime_contract_id
WHERE pf.prime_contract_id = ANY($1) AND pf.period_start >= $3 AND pf.period_start < $4 AND ${SUBCONTRACTOR_FILTER('pf')}
GROUP BY pc.id, pc.reference, pf.subcontract_id, s.subcontractor_id, o.name
ORDER BY pc.reference, o.name, pf.subcontract_id`;

export const TIMELINESS_DISTRIBUTION_SQL = `
SELECT CASE
    WHEN pf.paid_on IS NULL THEN 'unpaid'
    WHEN ${DAYS_TO_PAY} <= 7 THEN '0-7'
    WHEN ${DAYS_TO_PAY} <= 14 THEN '8-14'
    WHEN ${DAYS_TO_PAY} <= 21 THEN '15-21'
    WHEN ${DAYS_TO_PAY} <= 30 THEN '22-30'
    WHEN ${DAYS_TO_PAY} <= 45 THEN '31-45'
    WHEN ${DAYS_TO_PAY} <= 60 THEN '46-60'
    ELSE '61+' END AS bucket,
  count(*)::int AS payments
FROM analytics_payment_fact pf
WHERE pf.prime_contract_id = ANY($1) AND pf.period_start >= $3 AND pf.period_start < $4 AND ${SUBCONTRACTOR_FILTER('pf')}
GROUP BY 1`;

/**
 * A parking group's median days to first contact, percentile_cont(0.5): the middle value (odd count) or
 * the mean of the middle two (even count) of the group's contacted referrals in the window and slice
 * (c: the group's counted row, whose `contacted` is their number), reached by walking the median index
 * in order of days — no sort, and only half the group read. One lateral per kind of payment group
 * (assessed or not), since an OR of the two would not be an index condition; `inGroup` is gated on the
 * outer row, so the other kind's lateral does not scan.
 */
const MIDDLE_OF_GROUP = (name: string, inGroup: string) => `LEFT JOIN LATERAL (
  SELECT avg(d.contact_days)::float8 AS days FROM (
    SELECT f.contact_days FROM analytics_referral_fact f
    WHERE c.contacted > 0 AND f.provider_id = c.provider_id AND ${inGroup}
      AND f.contact_days IS NOT NULL AND f.status <> 'REJECTED' AND (f.subcontract_id IS NULL) = c.is_prime_delivered
      AND f.prime_contract_id = ANY($1) AND f.received_on >= $3 AND f.received_on < $4 AND ${SUBCONTRACTOR_FILTER('f')}
    ORDER BY f.contact_days
    OFFSET (c.contacted - 1) / 2 LIMIT 2 - c.contacted % 2
  ) d
) ${name} ON true`;

/**
 * Creaming and parking per (payment group, provider), $5 = the day before which the last activity makes
 * an open referral "inactive" (today − inactiveDays). Three parts, none of which sorts or reads every
 * referral of the slice (prisma/migrations/20261210000200_parking_from_summaries):
 *   counted — the counts, summed from analytics_parking_month (the facts per contract, subcontract,
 *     payment group, provider and month received; the window is whole months, so the sums are exact);
 *   idle — the inactive count, from the open referrals' facts only (a partial index holds what it reads);
 *   the median — percentile_cont(0.5) of the days to first contact, found by walking the group's contacted
 *     referrals in order of days (an index) to the middle one or two (MIDDLE_OF_GROUP): the same value, no sort.
 * A test compares this with the plain aggregate over the facts (analytics.test.ts, "parking summaries").
 */
export const PARKING_SQL = `
WITH counted AS (
  SELECT m.payment_group_id, m.provider_id, (m.subcontract_id IS NULL) AS is_prime_delivered,
    sum(m.referrals)::int AS referrals, sum(m.attached)::int AS attached, sum(m.contacted)::int AS contacted,
    sum(m.open_caseload)::int AS open_caseload, sum(m.exited)::int AS exited,
    sum(m.exited_without_outcome)::int AS exited_without_outcome, sum(m.job_outcomes)::int AS job_outcomes
  FROM analytics_parking_month m
  WHERE m.prime_contract_id = ANY($1) AND m.month >= $3 AND m.month < $4 AND ${SUBCONTRACTOR_FILTER('m')}
  GROUP BY 1, 2, 3
),
idle AS (
  SELECT f.payment_group_id, f.provider_id, (f.subcontract_id IS NULL) AS is_prime_delivered, count(*)::int AS inactive
  FROM analytics_referral_fact f
  WHERE f.status IN ('ALLOCATED', 'ATTACHED') AND f.prime_contract_id = ANY($1)
    AND COALESCE(f.last_activity_on, f.allocated_on, f.received_on) < $5::date
    AND f.received_on >= $3 AND f.received_on < $4 AND ${SUBCONTRACTOR_FILTER('f')}
  GROUP BY 1, 2, 3
)
SELECT c.payment_group_id AS "paymentGroupId", pg.code AS "paymentGroupCode", pg.name AS "paymentGroupName",
  (SELECT max(t.amount_pence) FROM tariff t JOIN milestone_type mt ON mt.id = t.milestone_type_id
    WHERE t.payment_group_id = c.payment_group_id AND mt.code = 'JOB_OUTCOME')::text AS "jobOutcomeTariffPence",
  c.provider_id AS "providerId", o.name AS "providerName", c.is_prime_delivered AS "isPrimeDelivered",
  c.referrals, c.attached, c.contacted, COALESCE(assessed.days, unassessed.days) AS "medianDaysToFirstContact", c.open_caseload AS "openCaseload",
  COALESCE(i.inactive, 0) AS inactive, c.exited, c.exited_without_outcome AS "exitedWithoutOutcome", c.job_outcomes AS "jobOutcomes"
FROM counted c
LEFT JOIN idle i ON i.payment_group_id IS NOT DISTINCT FROM c.payment_group_id AND i.provider_id = c.provider_id
  AND i.is_prime_delivered = c.is_prime_delivered
${MIDDLE_OF_GROUP('assessed', 'f.payment_group_id = c.payment_group_id')}
${MIDDLE_OF_GROUP('unassessed', 'c.payment_group_id IS NULL AND f.payment_group_id IS NULL')}
JOIN organisation o ON o.id = c.provider_id
LEFT JOIN payment_group pg ON pg.id = c.payment_group_id
ORDER BY pg.code NULLS LAST, 6, 5`;

export const PERFORMANCE_SQL = `
SELECT pc.id AS "primeContractId", pc.reference AS "primeContractReference", po.name AS "primeName",
  pc.minimum_performance_level_bp AS "minimumPerformanceLevelBp",
  to_char(date_trunc('month', f.attached_on), 'YYYY-MM') AS "cohortMonth",
  count(*)::int AS attached,
  count(*) FILTER (WHERE f.job_outcome_on IS NOT NULL)::int AS "jobOutcomes"
FROM analytics_referral_fact f
JOIN prime_contract pc ON pc.id = f.prime_contract_id
JOIN organisation po ON po.id = pc.prime_id
WHERE f.prime_contract_id = ANY($1) AND f.attached_on >= $3 AND f.attached_on < $4 AND ${SUBCONTRACTOR_FILTER('f')}
GROUP BY pc.id, pc.reference, po.name, pc.minimum_performance_level_bp, 5
ORDER BY pc.reference, 5`;
