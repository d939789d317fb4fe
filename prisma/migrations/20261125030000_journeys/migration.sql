-- The participant's journey as the milestone rules see it (packages/domain
-- Journey): milestones achieved on a date, and job spells. Claims are priced
-- and checked against these, so they are facts recorded by caseworkers (with
-- who and when), not derived from free-text activities.
--
-- Also: optimistic concurrency for referrals and claims. Updates carry the
-- version they read (ETag / If-Match); a stale one changes nothing (412).

ALTER TABLE referral ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE claim ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE referral ADD CONSTRAINT referral_version_positive CHECK (version >= 1);
ALTER TABLE claim ADD CONSTRAINT claim_version_positive CHECK (version >= 1);

CREATE TABLE journey_event (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  referral_id         uuid NOT NULL,
  milestone_code      "MilestoneCode" NOT NULL,
  occurrence          integer NOT NULL DEFAULT 1,
  achieved_on         date NOT NULL,
  details             jsonb NOT NULL DEFAULT '{}',   -- e.g. qualification title, awarding body
  recorded_by_user_id uuid NOT NULL REFERENCES app_user (id),
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT journey_event_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id)
    REFERENCES referral (id, programme_id, prime_contract_id),
  CONSTRAINT journey_event_referral_id_milestone_code_occurrence_key UNIQUE (referral_id, milestone_code, occurrence),
  CONSTRAINT journey_event_occurrence_positive CHECK (occurrence >= 1) -- SQL only
);
CREATE INDEX journey_event_prime_contract_id_achieved_on_idx ON journey_event (prime_contract_id, achieved_on);

CREATE TABLE job_spell (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id            uuid NOT NULL,
  prime_contract_id       uuid NOT NULL,
  referral_id             uuid NOT NULL,
  employer                text NOT NULL,
  started_on              date NOT NULL,
  ended_on                date,
  hours_per_week          numeric(5, 2),
  hourly_pay_pence        bigint,
  is_self_employment      boolean NOT NULL DEFAULT false,
  recorded_by_user_id     uuid NOT NULL REFERENCES app_user (id),
  recorded_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT job_spell_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id)
    REFERENCES referral (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT job_spell_dates_ordered CHECK (ended_on IS NULL OR ended_on >= started_on),
  CONSTRAINT job_spell_hours_range CHECK (hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 168)),
  CONSTRAINT job_spell_hourly_pay_pence_non_negative CHECK (hourly_pay_pence IS NULL OR hourly_pay_pence >= 0)
);
CREATE INDEX job_spell_referral_id_started_on_idx ON job_spell (referral_id, started_on);

ALTER TABLE journey_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON journey_event USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR referral_id IN (SELECT waymark_delegated_referrals())
);
ALTER TABLE job_spell ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON job_spell USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR referral_id IN (SELECT waymark_delegated_referrals())
);
