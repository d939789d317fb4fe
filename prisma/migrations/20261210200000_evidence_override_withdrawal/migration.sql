-- An evidence override recorded in error can be withdrawn (docs/claims.md "Evidence"): the row stays, with who
-- withdrew it, when and why, so the claim's history still shows it; at most one override is in force per claim,
-- and after a withdrawal a fresh one may be recorded (the claim's history then holds both).
ALTER TABLE claim_evidence_override ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE claim_evidence_override DROP CONSTRAINT claim_evidence_override_pkey;
ALTER TABLE claim_evidence_override ADD CONSTRAINT claim_evidence_override_pkey PRIMARY KEY (id);
ALTER TABLE claim_evidence_override ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE claim_evidence_override ADD COLUMN withdrawn_by_user_id uuid REFERENCES app_user (id);
ALTER TABLE claim_evidence_override ADD COLUMN withdrawal_reason text;
ALTER TABLE claim_evidence_override ADD CONSTRAINT claim_evidence_override_withdrawal_complete
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by_user_id IS NULL) AND (withdrawn_at IS NULL) = (withdrawal_reason IS NULL)); -- SQL only
CREATE UNIQUE INDEX claim_evidence_override_one_in_force ON claim_evidence_override (claim_id) WHERE withdrawn_at IS NULL; -- SQL only (partial)
CREATE INDEX claim_evidence_override_claim_id_idx ON claim_evidence_override (claim_id);

-- Never deleted: the application may record and withdraw an override, not remove it.
REVOKE DELETE ON claim_evidence_override FROM waymark_app;
