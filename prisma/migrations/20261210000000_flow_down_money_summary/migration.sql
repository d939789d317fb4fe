-- Flow-down's money, summed per prime contract × month × flow × subcontract.
--
-- GET /analytics/flow-down (and the flow-down alert) reads remitted and passed-down
-- money per contract, month and subcontractor, nothing finer. analytics_money_month
-- also splits it by payment group and milestone type (the spend dashboard needs
-- that), which at 2M referrals is 971k rows against 110k here: the largest prime's
-- flow-down aggregated 75k rows (10.7k heap pages, 126 ms warm) on every request.
-- The refresh rebuilds this summary from analytics_money_month in the same
-- transaction and scope (analytics-refresh.sql.ts), so the two always agree.
-- Same row-level security as analytics_money_month: the prime contract's parties,
-- and a subcontractor its own subcontract's rows.

CREATE TABLE analytics_flow_money_month (
  id bigserial PRIMARY KEY,
  programme_id uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  month date NOT NULL,
  flow "MoneyFlow" NOT NULL,
  subcontract_id uuid,
  amount_pence bigint NOT NULL,
  CONSTRAINT analytics_flow_money_month_month_is_first CHECK (EXTRACT(day FROM month) = 1)
);

-- Everything flow-down reads rides in the index: its aggregation is an index-only scan.
CREATE INDEX analytics_flow_money_month_prime_contract_id_month_idx ON analytics_flow_money_month (prime_contract_id, month)
  INCLUDE (flow, subcontract_id, amount_pence);

ALTER TABLE analytics_flow_money_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON analytics_flow_money_month USING (
  (prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts())))
  OR (subcontract_id = ANY (ARRAY(SELECT waymark_scoped_subcontracts())))
);

GRANT SELECT, INSERT, DELETE, UPDATE ON TABLE analytics_flow_money_month TO waymark_app;
GRANT SELECT, USAGE ON SEQUENCE analytics_flow_money_month_id_seq TO waymark_app;

-- Fill it from the money months already refreshed.
INSERT INTO analytics_flow_money_month (programme_id, prime_contract_id, month, flow, subcontract_id, amount_pence)
SELECT programme_id, prime_contract_id, month, flow, subcontract_id, sum(amount_pence)
FROM analytics_money_month
GROUP BY programme_id, prime_contract_id, month, flow, subcontract_id;
