-- Claims assurance (W5): data-match results, sample periods and recoveries,
-- and the per-claim clawbacks the money side nets off (docs/claims.md).
-- New tables only, so the tables other areas own stay as they are; each keeps
-- programme_id / prime_contract_id and a composite foreign key to its parent.

CREATE TYPE "DataMatchOutcome" AS ENUM ('VERIFIED', 'FLAGGED');

-- One job-outcome claim checked against one earnings upload.
CREATE TABLE data_match_result (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  upload_id          uuid NOT NULL REFERENCES data_match_upload (id),
  programme_id       uuid NOT NULL,
  prime_contract_id  uuid NOT NULL,
  claim_id           uuid NOT NULL,
  outcome            "DataMatchOutcome" NOT NULL,
  earnings_pence     bigint NOT NULL,   -- matched earnings inside the claim's window
  threshold_pence    bigint NOT NULL,   -- what the upload was checked against
  window_start       date NOT NULL,
  window_end         date NOT NULL,
  reason             text NOT NULL,
  checked_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT data_match_result_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  CONSTRAINT data_match_result_upload_id_claim_id_key UNIQUE (upload_id, claim_id),
  -- SQL only from here.
  CONSTRAINT data_match_result_pence_non_negative CHECK (earnings_pence >= 0 AND threshold_pence >= 0),
  CONSTRAINT data_match_result_dates_ordered CHECK (window_end >= window_start)
);
CREATE INDEX data_match_result_claim_id_checked_at_idx ON data_match_result (claim_id, checked_at);

-- What a sample was drawn from: the period, and every claim of the population
-- with the amount it had at the draw, so the draw can be repeated from the seed
-- and the recovery apportioned over exactly these claims.
CREATE TABLE claim_sample_period (
  claim_sample_id        uuid PRIMARY KEY,
  programme_id           uuid NOT NULL,
  prime_contract_id      uuid NOT NULL,
  period_start           date NOT NULL,
  period_end             date NOT NULL,
  population_value_pence bigint NOT NULL,
  CONSTRAINT claim_sample_period_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id)
    REFERENCES claim_sample (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT claim_sample_period_dates_ordered CHECK (period_end >= period_start),
  CONSTRAINT claim_sample_period_population_value_pence_non_negative CHECK (population_value_pence >= 0)
);

CREATE TABLE claim_sample_population (
  claim_sample_id   uuid NOT NULL,
  claim_id          uuid NOT NULL,
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  amount_pence      bigint NOT NULL,
  PRIMARY KEY (claim_sample_id, claim_id),
  CONSTRAINT claim_sample_population_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id)
    REFERENCES claim_sample (id, programme_id, prime_contract_id),
  CONSTRAINT claim_sample_population_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  CONSTRAINT claim_sample_population_amount_pence_non_negative CHECK (amount_pence >= 0) -- SQL only
);

-- A closed sample: the extrapolated recovery (extrapolateRecovery). Present = closed.
CREATE TABLE claim_sample_recovery (
  claim_sample_id         uuid PRIMARY KEY,
  programme_id            uuid NOT NULL,
  prime_contract_id       uuid NOT NULL,
  sampled_value_pence     bigint NOT NULL,
  failed_value_pence      bigint NOT NULL,
  population_value_pence  bigint NOT NULL,
  recovery_pence          bigint NOT NULL,
  explanation             text NOT NULL,
  closed_by_user_id       uuid NOT NULL REFERENCES app_user (id),
  closed_at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT claim_sample_recovery_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id)
    REFERENCES claim_sample (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT claim_sample_recovery_values_ordered CHECK (
    failed_value_pence >= 0 AND failed_value_pence <= sampled_value_pence AND sampled_value_pence <= population_value_pence
  ),
  CONSTRAINT claim_sample_recovery_within_population CHECK (recovery_pence >= 0 AND recovery_pence <= population_value_pence)
);

-- Money recovered from one claim (the commissioner from the prime). The
-- remittance and subcontractor-payment runs net these off; a subcontractor's
-- share follows its subcontract terms, applied by the money side.
CREATE TABLE claim_clawback (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id       uuid NOT NULL,
  prime_contract_id  uuid NOT NULL,
  claim_id           uuid NOT NULL,
  claim_sample_id    uuid,              -- null: a clawback decided outside sampling
  amount_pence       bigint NOT NULL,
  reason             text NOT NULL,
  decided_by_user_id uuid NOT NULL REFERENCES app_user (id),
  decided_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT claim_clawback_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  CONSTRAINT claim_clawback_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id)
    REFERENCES claim_sample (id, programme_id, prime_contract_id),
  CONSTRAINT claim_clawback_claim_sample_id_claim_id_key UNIQUE (claim_sample_id, claim_id),
  -- SQL only from here.
  CONSTRAINT claim_clawback_amount_pence_positive CHECK (amount_pence > 0),
  CONSTRAINT claim_clawback_reason_present CHECK (length(btrim(reason)) > 0)
);
CREATE INDEX claim_clawback_prime_contract_id_decided_at_idx ON claim_clawback (prime_contract_id, decided_at);
CREATE INDEX claim_clawback_claim_id_idx ON claim_clawback (claim_id);

-- ───────── row-level security (same slices as the parent tables) ─────────
GRANT SELECT, INSERT, UPDATE, DELETE ON data_match_result, claim_sample_period, claim_sample_population, claim_sample_recovery, claim_clawback TO waymark_app;

-- Whoever sees the claim sees whether the earnings data verified it; the earnings rows stay the commissioner's.
ALTER TABLE data_match_result ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON data_match_result USING (claim_id IN (SELECT id FROM claim))
  WITH CHECK (upload_id IN (SELECT id FROM data_match_upload));

ALTER TABLE claim_sample_period ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_sample_period USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));
ALTER TABLE claim_sample_population ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_sample_population USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));
ALTER TABLE claim_sample_recovery ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_sample_recovery USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

-- A subcontractor sees the clawbacks on its own claims; primes and commissioners their contracts'.
ALTER TABLE claim_clawback ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_clawback USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR claim_id IN (SELECT id FROM claim)
) WITH CHECK (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

-- Caps are counted over every live claim of the contract and participant, not
-- only those the caller's slice shows (a subcontractor sees only its own): an
-- aggregate in pence, no rows, past RLS. The API calls it only for a referral
-- the caller can already see.
CREATE FUNCTION waymark_claimed_pence(p_prime_contract_id uuid, p_participant_id uuid)
  RETURNS TABLE (contract_pence bigint, participant_pence bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT
      COALESCE(sum(c.amount_pence) FILTER (WHERE c.prime_contract_id = p_prime_contract_id), 0)::bigint,
      COALESCE(sum(c.amount_pence) FILTER (WHERE r.participant_id = p_participant_id), 0)::bigint
    FROM claim c JOIN referral r ON r.id = c.referral_id
    WHERE c.status NOT IN ('PRIME_REJECTED', 'REJECTED', 'WITHDRAWN', 'CLAWED_BACK')
      AND (c.prime_contract_id = p_prime_contract_id OR r.participant_id = p_participant_id)
  $$;
GRANT EXECUTE ON FUNCTION waymark_claimed_pence(uuid, uuid) TO waymark_app;
