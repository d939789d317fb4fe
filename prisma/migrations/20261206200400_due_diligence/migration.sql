-- Due diligence a prime holds on a subcontractor (issue 16, W11): registration,
-- insurance and safeguarding documents with their expiry dates, and the prime's
-- own quality checks. The prime records them; the subcontractor sees what is
-- held about it; expiry warnings are computed on read (apps/api/src/supply-chain).
CREATE TYPE "DueDiligenceKind" AS ENUM ('REGISTRATION', 'INSURANCE', 'SAFEGUARDING', 'QUALITY_CHECK', 'OTHER');

CREATE TABLE due_diligence_record (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prime_id            uuid NOT NULL REFERENCES organisation (id),
  subcontractor_id    uuid NOT NULL REFERENCES organisation (id),
  kind                "DueDiligenceKind" NOT NULL,
  title               text NOT NULL,
  reference           text,
  checked_on          date NOT NULL,
  expires_on          date,
  notes               text,
  recorded_by_user_id uuid REFERENCES app_user (id),
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  -- SQL only from here.
  CONSTRAINT due_diligence_record_dates_ordered CHECK (expires_on IS NULL OR expires_on >= checked_on)
);
CREATE INDEX due_diligence_record_prime_id_subcontractor_id_idx ON due_diligence_record (prime_id, subcontractor_id);
CREATE INDEX due_diligence_record_subcontractor_id_idx ON due_diligence_record (subcontractor_id);

ALTER TABLE due_diligence_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON due_diligence_record USING (prime_id = waymark_current_organisation() OR subcontractor_id = waymark_current_organisation());
GRANT SELECT, INSERT, UPDATE ON due_diligence_record TO waymark_app;
