-- The caseload's capped counts under the inactiveDays and paymentGroup filters become index-only.
--
-- GET /caseload counts the filter's referrals up to the cap (caseloadCountSql) inside the caller's
-- row-level security. Row-level security reads prime_contract_id, subcontract_id and
-- referral_partner_id; the last-activity and payment-group indexes held only their key, and their
-- key expressions (COALESCE(last_activity_on, received day), COALESCE(payment_group_code, ''))
-- cannot be re-evaluated from an index that does not hold the columns they read. So every counted
-- row was fetched from the heap, and the planner preferred a bitmap over the whole contract: at 2M
-- referrals the largest prime's inactiveDays=30 count took 42 ms and its payment-group count 24 ms.
-- With the policy columns and the expressions' own columns carried (INCLUDE, same keys) the
-- counts are index-only scans that stop at the cap: 0.7 ms.

DROP INDEX referral_prime_contract_id_last_active_id_idx;
CREATE INDEX referral_prime_contract_id_last_active_id_idx ON referral
  (prime_contract_id, COALESCE(last_activity_on, ((received_at AT TIME ZONE 'UTC'::text))::date), id)
  INCLUDE (subcontract_id, referral_partner_id, last_activity_on, received_at) WHERE prime_contract_id IS NOT NULL;

DROP INDEX referral_subcontract_id_last_active_id_idx;
CREATE INDEX referral_subcontract_id_last_active_id_idx ON referral
  (subcontract_id, COALESCE(last_activity_on, ((received_at AT TIME ZONE 'UTC'::text))::date), id)
  INCLUDE (prime_contract_id, referral_partner_id, last_activity_on, received_at) WHERE subcontract_id IS NOT NULL;

DROP INDEX referral_prime_contract_id_payment_group_id_idx;
CREATE INDEX referral_prime_contract_id_payment_group_id_idx ON referral
  (prime_contract_id, COALESCE(payment_group_code, ''::text), id)
  INCLUDE (subcontract_id, referral_partner_id, payment_group_code) WHERE prime_contract_id IS NOT NULL;

DROP INDEX referral_subcontract_id_payment_group_id_idx;
CREATE INDEX referral_subcontract_id_payment_group_id_idx ON referral
  (subcontract_id, COALESCE(payment_group_code, ''::text), id)
  INCLUDE (prime_contract_id, referral_partner_id, payment_group_code) WHERE subcontract_id IS NOT NULL;

-- Statistics on the two key expressions. PostgreSQL ignores a partial index's expression statistics
-- when it estimates (they need not describe the whole table), and these indexes are partial, so
-- `COALESCE(payment_group_code, '') = $n` was estimated at the default 0.5 % of a contract: 58 rows
-- where 26,406 matched, and the page fell back to a bitmap over the contract and a sort (2.5 s).
CREATE STATISTICS referral_payment_group_key_stats ON (COALESCE(payment_group_code, ''::text)) FROM referral;
CREATE STATISTICS referral_last_active_key_stats ON (COALESCE(last_activity_on, ((received_at AT TIME ZONE 'UTC'::text))::date)) FROM referral;
ANALYZE referral;
