-- W13 money gaps (docs/money.md, docs/claims.md, docs/domain.md).

-- What the prime actually received for a remittance (the commissioner records it when marking it paid; it
-- defaults to the net). Each line carries its share of it (the shortfall or excess spread over the lines pro rata
-- by largest remainder, the domain's allocateProportionally), so the remittance and the commissioner → prime
-- reconciliation read the same figures. NULL until the remittance is paid.
ALTER TABLE remittance ADD COLUMN received_pence bigint;
ALTER TABLE remittance ADD CONSTRAINT remittance_received_pence_non_negative CHECK (received_pence IS NULL OR received_pence >= 0); -- SQL only
ALTER TABLE remittance_line ADD COLUMN received_pence bigint;

-- A claim submitted without the evidence its milestone requires, on the prime's say-so: who, when, why.
CREATE TABLE claim_evidence_override (
  claim_id          uuid PRIMARY KEY,
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  reason            text NOT NULL,
  by_user_id        uuid NOT NULL REFERENCES app_user (id),
  at                timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT claim_evidence_override_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id)
);
ALTER TABLE claim_evidence_override ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_evidence_override USING (claim_id IN (SELECT id FROM claim));

-- How many days after the day it happened an activity, milestone or attachment may still be recorded
-- (programme-level; later than that is refused, earlier than the referral or in the future always is).
ALTER TABLE programme ADD COLUMN late_recording_days integer NOT NULL DEFAULT 30;
ALTER TABLE programme ADD CONSTRAINT programme_late_recording_days_range CHECK (late_recording_days BETWEEN 0 AND 366); -- SQL only

-- The day (by the API's clock) a journey fact was recorded; after the day it happened = recorded late.
ALTER TABLE activity ADD COLUMN recorded_on date;
ALTER TABLE journey_event ADD COLUMN recorded_on date;
