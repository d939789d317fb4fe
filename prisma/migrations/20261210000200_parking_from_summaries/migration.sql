-- Creaming and parking reads summaries instead of aggregating every referral fact of the slice.
--
-- GET /analytics/parking grouped every referral fact in the caller's slice by payment group and
-- provider on each request, sorting them all for the median days to first contact: for a
-- commissioner at 2M referrals 1.94M rows, a 145 MB sort on disk and 4.6 s, a 5.7-6.8 s page.
-- Now (analytics.sql.ts, PARKING_SQL):
--   * the counts come from analytics_parking_month, the facts summed per prime contract,
--     subcontract, payment group, provider and month received (295k rows at 2M), rebuilt by the
--     refresh from the facts in the same transaction;
--   * the inactive count (a date that moves every day) from the open referrals only, through a
--     partial index that holds everything the count reads;
--   * the median (exactly percentile_cont(0.5)) per group by walking that group's contacted
--     referrals in order of their days to first contact, in an index, to the middle: no sort.
-- For that the facts now hold each referral's provider (the subcontractor delivering it, or the
-- prime when it delivers itself) and its days to first contact, both set by the refresh.

ALTER TABLE analytics_referral_fact ADD COLUMN provider_id uuid, ADD COLUMN contact_days integer;
UPDATE analytics_referral_fact f
   SET provider_id = COALESCE((SELECT s.subcontractor_id FROM subcontract s WHERE s.id = f.subcontract_id),
                              (SELECT pc.prime_id FROM prime_contract pc WHERE pc.id = f.prime_contract_id)),
       contact_days = f.first_contact_on - COALESCE(f.allocated_on, f.received_on);
ALTER TABLE analytics_referral_fact ALTER COLUMN provider_id SET NOT NULL;

-- The median's walk: one group's contacted referrals in order of days, with what the slice, the
-- window and row-level security filter on. Plain columns as keys: under row-level security only
-- leakproof conditions become index conditions, which `=` and IS NULL are and COALESCE is not.
CREATE INDEX analytics_referral_fact_parking_median_idx ON analytics_referral_fact
  (provider_id, payment_group_id, contact_days)
  INCLUDE (prime_contract_id, subcontract_id, received_on)
  WHERE contact_days IS NOT NULL AND status <> 'REJECTED';

-- The inactive count: open referrals of the slice whose last activity (or allocation, or receipt) is before a day.
CREATE INDEX analytics_referral_fact_parking_inactive_idx ON analytics_referral_fact
  (prime_contract_id, COALESCE(last_activity_on, allocated_on, received_on))
  INCLUDE (payment_group_id, provider_id, subcontract_id, received_on, last_activity_on, allocated_on)
  WHERE status IN ('ALLOCATED', 'ATTACHED');

CREATE TABLE analytics_parking_month (
  id bigserial PRIMARY KEY,
  programme_id uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  subcontract_id uuid,
  payment_group_id uuid,
  provider_id uuid NOT NULL,
  month date NOT NULL,
  referrals integer NOT NULL,
  attached integer NOT NULL,
  contacted integer NOT NULL,
  open_caseload integer NOT NULL,
  exited integer NOT NULL,
  exited_without_outcome integer NOT NULL,
  job_outcomes integer NOT NULL,
  CONSTRAINT analytics_parking_month_month_is_first CHECK (EXTRACT(day FROM month) = 1)
);
-- Everything the counts read rides in the index: their aggregation is an index-only scan.
CREATE INDEX analytics_parking_month_prime_contract_id_month_idx ON analytics_parking_month (prime_contract_id, month)
  INCLUDE (subcontract_id, payment_group_id, provider_id, referrals, attached, contacted, open_caseload, exited,
           exited_without_outcome, job_outcomes);

ALTER TABLE analytics_parking_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON analytics_parking_month USING (
  (prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts())))
  OR (subcontract_id = ANY (ARRAY(SELECT waymark_scoped_subcontracts())))
);
GRANT SELECT, INSERT, DELETE, UPDATE ON TABLE analytics_parking_month TO waymark_app;
GRANT SELECT, USAGE ON SEQUENCE analytics_parking_month_id_seq TO waymark_app;

INSERT INTO analytics_parking_month (programme_id, prime_contract_id, subcontract_id, payment_group_id, provider_id, month,
  referrals, attached, contacted, open_caseload, exited, exited_without_outcome, job_outcomes)
SELECT f.programme_id, f.prime_contract_id, f.subcontract_id, f.payment_group_id, f.provider_id, date_trunc('month', f.received_on)::date,
  count(*), count(*) FILTER (WHERE f.attached_on IS NOT NULL), count(*) FILTER (WHERE f.first_contact_on IS NOT NULL),
  count(*) FILTER (WHERE f.status IN ('ALLOCATED', 'ATTACHED')), count(*) FILTER (WHERE f.status = 'EXITED'),
  count(*) FILTER (WHERE f.status = 'EXITED' AND f.job_outcome_on IS NULL), count(*) FILTER (WHERE f.job_outcome_on IS NOT NULL)
FROM analytics_referral_fact f
WHERE f.status <> 'REJECTED'
GROUP BY 1, 2, 3, 4, 5, 6;
