-- Commissioner oversight (W7): alert thresholds and alerts, and the summary
-- ("fact") tables the analytics dashboards read, so a dashboard over a
-- 2M-referral programme aggregates thousands of pre-joined rows instead of
-- joining millions. docs/analytics.md defines every measure.
--
-- The fact tables are derived data: rebuilt from the source tables by
-- apps/api/src/analytics/analytics-refresh.sql.ts (nightly job, after payment
-- runs, or on demand), incrementally by default. They carry no foreign keys
-- (a rebuild deletes and reinserts) but keep programme_id / prime_contract_id,
-- so row-level security scopes them exactly like the rows they summarise.

CREATE TYPE "AlertKind" AS ENUM ('FLOW_DOWN_REFERRALS', 'FLOW_DOWN_SPEND', 'PARKING', 'LATE_PAYMENT');
CREATE TYPE "AlertStatus" AS ENUM ('RAISED', 'ACKNOWLEDGED');
CREATE TYPE "MoneyFlow" AS ENUM ('REMITTED', 'PASSED_DOWN');

-- What the commissioner counts as a problem, per programme (absent: defaults in the API).
CREATE TABLE alert_threshold (
  programme_id              uuid PRIMARY KEY REFERENCES programme (id),
  -- actual share ÷ bid share, in bp, below which a subcontractor is flagged (7500: got < 75 % of what was promised)
  flow_down_min_bp          integer NOT NULL DEFAULT 7500,
  parking_inactive_days     integer NOT NULL DEFAULT 30,
  -- share of a provider's open caseload inactive for parking_inactive_days above which it is flagged
  parking_max_share_bp      integer NOT NULL DEFAULT 2000,
  -- share of a subcontract's payments paid after its SLA above which it is flagged
  late_payment_max_share_bp integer NOT NULL DEFAULT 1000,
  set_by_user_id            uuid REFERENCES app_user (id),
  set_at                    timestamptz NOT NULL DEFAULT now(),
  -- SQL only from here.
  CONSTRAINT alert_threshold_bp_range CHECK (
    flow_down_min_bp BETWEEN 0 AND 10000 AND parking_max_share_bp BETWEEN 0 AND 10000 AND late_payment_max_share_bp BETWEEN 0 AND 10000
  ),
  CONSTRAINT alert_threshold_parking_inactive_days_range CHECK (parking_inactive_days BETWEEN 1 AND 3650)
);

-- Raised by the nightly scan for a prime contract (and subcontract), seen by the
-- prime and the commissioner; acknowledged by either with a note.
CREATE TABLE alert (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id            uuid NOT NULL,
  prime_contract_id       uuid NOT NULL,
  subcontract_id          uuid,
  kind                    "AlertKind" NOT NULL,
  status                  "AlertStatus" NOT NULL DEFAULT 'RAISED',
  measured_bp             integer NOT NULL,
  threshold_bp            integer NOT NULL,
  detail                  text NOT NULL,
  data                    jsonb NOT NULL DEFAULT '{}',
  raised_at               timestamptz NOT NULL DEFAULT now(),
  last_seen_at            timestamptz NOT NULL DEFAULT now(),
  acknowledged_at         timestamptz,
  acknowledged_by_user_id uuid REFERENCES app_user (id),
  acknowledgement_note    text,
  CONSTRAINT alert_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT alert_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id)
    REFERENCES subcontract (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT alert_acknowledged_has_who CHECK (status <> 'ACKNOWLEDGED' OR (acknowledged_at IS NOT NULL AND acknowledged_by_user_id IS NOT NULL))
);
CREATE INDEX alert_programme_id_raised_at_id_idx ON alert (programme_id, raised_at, id);
CREATE INDEX alert_prime_contract_id_status_idx ON alert (prime_contract_id, status);
-- SQL only (expression + partial): one open alert per problem, so a nightly
-- scan refreshes it (last_seen_at) instead of raising it again.
CREATE UNIQUE INDEX alert_one_open_per_subject ON alert (kind, prime_contract_id, (coalesce(subcontract_id, prime_contract_id))) WHERE status = 'RAISED';

-- One row per referral: what the creaming/parking, flow-down and performance
-- measures need, pre-joined (latest payment group, first contact, last activity,
-- first job outcome).
CREATE TABLE analytics_referral_fact (
  referral_id       uuid PRIMARY KEY,
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  subcontract_id    uuid,
  payment_group_id  uuid,
  status            "ReferralStatus" NOT NULL,
  received_on       date NOT NULL,
  allocated_on      date,
  attached_on       date,
  first_contact_on  date,
  last_activity_on  date,
  exited_on         date,
  job_outcome_on    date,
  refreshed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analytics_referral_fact_prime_contract_id_subcontract_id_idx ON analytics_referral_fact (prime_contract_id, subcontract_id);

-- Money per prime contract × month × subcontract × payment group × milestone
-- type: REMITTED (commissioner → prime, by the remittance's paid_on month and
-- the claim's subcontract) and PASSED_DOWN (prime → subcontractor, by the
-- payment's paid_on month; scheduled fees have no group or milestone type).
CREATE TABLE analytics_money_month (
  id                   bigserial PRIMARY KEY,
  programme_id         uuid NOT NULL,
  prime_contract_id    uuid NOT NULL,
  month                date NOT NULL,
  flow                 "MoneyFlow" NOT NULL,
  subcontract_id       uuid,
  payment_group_id     uuid,
  milestone_type_id    uuid,
  gross_pence          bigint NOT NULL,
  management_fee_pence bigint NOT NULL,
  amount_pence         bigint NOT NULL,
  line_count           integer NOT NULL,
  CONSTRAINT analytics_money_month_month_is_first CHECK (extract(day FROM month) = 1) -- SQL only
);
CREATE INDEX analytics_money_month_prime_contract_id_month_idx ON analytics_money_month (prime_contract_id, month);

-- One row per subcontractor payment: when the prime was paid for what it
-- passes down (latest remittance of its claims), when it paid, against the SLA.
CREATE TABLE analytics_payment_fact (
  subcontractor_payment_id uuid PRIMARY KEY,
  programme_id             uuid NOT NULL,
  prime_contract_id        uuid NOT NULL,
  subcontract_id           uuid NOT NULL,
  status                   "SubcontractorPaymentStatus" NOT NULL,
  period_start             date NOT NULL,
  due_on                   date NOT NULL,
  received_on              date,
  paid_on                  date,
  sla_days                 integer NOT NULL,
  net_pence                bigint NOT NULL
);
CREATE INDEX analytics_payment_fact_prime_contract_id_subcontract_id_idx ON analytics_payment_fact (prime_contract_id, subcontract_id);

-- Referrals allocated per subcontract and month (from analytics_referral_fact):
-- what flow-down against bids counts, pre-aggregated.
CREATE TABLE analytics_referral_month (
  subcontract_id    uuid NOT NULL,
  month             date NOT NULL,
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  referrals         integer NOT NULL,
  PRIMARY KEY (subcontract_id, month)
);
CREATE INDEX analytics_referral_month_prime_contract_id_month_idx ON analytics_referral_month (prime_contract_id, month);

-- Each refresh of the fact tables: what it covered and what it cost.
CREATE TABLE analytics_refresh (
  id           bigserial PRIMARY KEY,
  mode         text NOT NULL,
  since        timestamptz,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  duration_ms  integer NOT NULL,
  rows_written integer NOT NULL,
  CONSTRAINT analytics_refresh_mode_known CHECK (mode IN ('FULL', 'INCREMENTAL', 'PRIME_CONTRACT')) -- SQL only
);
CREATE INDEX analytics_refresh_started_at_idx ON analytics_refresh (started_at);

-- ───────── row-level security (same slices as the source rows) ─────────
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_threshold, alert, analytics_referral_fact, analytics_referral_month, analytics_money_month, analytics_payment_fact, analytics_refresh TO waymark_app;
GRANT USAGE, SELECT ON SEQUENCE analytics_money_month_id_seq, analytics_refresh_id_seq TO waymark_app;

-- The commissioner sets thresholds; the primes under the programme read them.
ALTER TABLE alert_threshold ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON alert_threshold USING (
  programme_id IN (SELECT pc.programme_id FROM prime_contract pc WHERE pc.id IN (SELECT waymark_scoped_prime_contracts()))
) WITH CHECK (programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation()));

-- Alerts go to primes and commissioners, not subcontractors.
ALTER TABLE alert ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON alert USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

ALTER TABLE analytics_referral_fact ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON analytics_referral_fact USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontract_id IN (SELECT waymark_scoped_subcontracts())
);
ALTER TABLE analytics_referral_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON analytics_referral_month USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontract_id IN (SELECT waymark_scoped_subcontracts())
);
ALTER TABLE analytics_money_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON analytics_money_month USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontract_id IN (SELECT waymark_scoped_subcontracts())
);
ALTER TABLE analytics_payment_fact ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON analytics_payment_fact USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontract_id IN (SELECT waymark_scoped_subcontracts())
);
-- Refresh bookkeeping carries no party data: readable, written by system jobs.
ALTER TABLE analytics_refresh ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON analytics_refresh FOR SELECT USING (true);
