-- Subcontract lifecycle and versioned terms (issue 16, W11).
--
-- A subcontract moves DRAFT → OFFERED → ACCEPTED → ACTIVE → SUSPENDED → ENDED
-- (packages/domain/src/terms/subcontract-transitions.ts holds who may move it);
-- every move is a subcontract_transition row. Subcontracts written before this
-- migration (and by fixtures, the seed and the generator, which insert rows
-- directly) are ACTIVE.
--
-- Terms are versions (subcontract_terms_version), like payment model versions:
-- the prime proposes, the subcontractor accepts, and an accepted version is in
-- force from effective_from to effective_to (inclusive; NULL = open). Accepted
-- versions of one subcontract never overlap, so "the terms in force on a
-- claim's milestone date" is one row — that row prices the subcontractor's
-- entitlement (entitlement.sql.ts, waymark_backfill_subcontract_entitlements()).
-- subcontract's own terms columns mirror the newest accepted version (kept by a
-- trigger) for the readers that want today's terms (schedules, statements).

CREATE TYPE "SubcontractStatus" AS ENUM ('DRAFT', 'OFFERED', 'ACCEPTED', 'ACTIVE', 'SUSPENDED', 'ENDED');
CREATE TYPE "TermsVersionStatus" AS ENUM ('PROPOSED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN');

ALTER TABLE subcontract ADD COLUMN status "SubcontractStatus" NOT NULL DEFAULT 'ACTIVE';
CREATE INDEX subcontract_prime_contract_id_status_idx ON subcontract (prime_contract_id, status);

CREATE TABLE subcontract_transition (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id       uuid NOT NULL,
  prime_contract_id  uuid NOT NULL,
  subcontract_id     uuid NOT NULL,
  from_status        "SubcontractStatus",
  to_status          "SubcontractStatus" NOT NULL,
  effective_on       date NOT NULL,
  reason             text,
  by_user_id         uuid REFERENCES app_user (id),
  by_organisation_id uuid REFERENCES organisation (id),
  -- clock_timestamp(): two moves in one transaction (accept, then start) keep their order.
  at                 timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- SQL only from here.
  CONSTRAINT subcontract_transition_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES subcontract (id, programme_id, prime_contract_id)
);
CREATE INDEX subcontract_transition_subcontract_id_at_idx ON subcontract_transition (subcontract_id, at);

CREATE TABLE subcontract_terms_version (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  subcontract_id      uuid NOT NULL,
  version             integer NOT NULL,
  status              "TermsVersionStatus" NOT NULL,
  effective_from      date NOT NULL,
  effective_to        date,
  terms_kind          "TermsKind" NOT NULL,
  -- Shape depends on terms_kind, as subcontract.terms; pence as strings of digits.
  terms               jsonb NOT NULL DEFAULT '{}',
  management_fee_bp   integer NOT NULL,
  payment_sla_days    integer NOT NULL,
  capacity            integer,
  specialisms         text[] NOT NULL DEFAULT '{}',
  reason              text,
  proposed_by_user_id uuid REFERENCES app_user (id),
  proposed_at         timestamptz NOT NULL DEFAULT now(),
  decided_by_user_id  uuid REFERENCES app_user (id),
  decided_at          timestamptz,
  CONSTRAINT subcontract_terms_version_subcontract_id_version_key UNIQUE (subcontract_id, version),
  -- SQL only from here.
  CONSTRAINT subcontract_terms_version_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES subcontract (id, programme_id, prime_contract_id),
  CONSTRAINT subcontract_terms_version_version_positive CHECK (version >= 1),
  CONSTRAINT subcontract_terms_version_dates_ordered CHECK (effective_to IS NULL OR effective_to >= effective_from),
  CONSTRAINT subcontract_terms_version_management_fee_bp_range CHECK (management_fee_bp BETWEEN 0 AND 10000),
  CONSTRAINT subcontract_terms_version_payment_sla_days_non_negative CHECK (payment_sla_days >= 0),
  CONSTRAINT subcontract_terms_version_capacity_non_negative CHECK (capacity >= 0),
  CONSTRAINT subcontract_terms_version_decided CHECK ((status = 'PROPOSED') = (decided_at IS NULL)),
  -- Two accepted versions of one subcontract never overlap: the terms in force on a day are one row.
  CONSTRAINT subcontract_terms_version_no_overlap EXCLUDE USING gist (
    subcontract_id WITH =,
    daterange(effective_from, effective_to, '[]') WITH &&
  ) WHERE (status = 'ACCEPTED')
);
-- One proposal awaiting the other side at a time.
CREATE UNIQUE INDEX subcontract_terms_version_one_proposed ON subcontract_terms_version (subcontract_id) WHERE status = 'PROPOSED';

-- Version 1 of every subcontract is its row's terms: accepted from its start for
-- a live subcontract (existing rows, fixtures, seed), proposed for a draft.
CREATE FUNCTION waymark_subcontract_first_terms() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    INSERT INTO subcontract_terms_version (programme_id, prime_contract_id, subcontract_id, version, status, effective_from, effective_to,
                                           terms_kind, terms, management_fee_bp, payment_sla_days, capacity, specialisms, decided_at)
    VALUES (NEW.programme_id, NEW.prime_contract_id, NEW.id, 1,
            CASE WHEN NEW.status IN ('DRAFT', 'OFFERED') THEN 'PROPOSED' ELSE 'ACCEPTED' END::"TermsVersionStatus",
            NEW.starts_on, NULL, NEW.terms_kind, NEW.terms, NEW.management_fee_bp, NEW.payment_sla_days, NEW.capacity, NEW.specialisms,
            CASE WHEN NEW.status IN ('DRAFT', 'OFFERED') THEN NULL ELSE NEW.created_at END);
    RETURN NULL;
  END
  $$;
CREATE TRIGGER subcontract_first_terms AFTER INSERT ON subcontract FOR EACH ROW EXECUTE FUNCTION waymark_subcontract_first_terms();

INSERT INTO subcontract_terms_version (programme_id, prime_contract_id, subcontract_id, version, status, effective_from, terms_kind, terms,
                                       management_fee_bp, payment_sla_days, capacity, specialisms, decided_at)
SELECT programme_id, prime_contract_id, id, 1, 'ACCEPTED', starts_on, terms_kind, terms, management_fee_bp, payment_sla_days, capacity, specialisms, created_at
  FROM subcontract;

-- The subcontract row mirrors its newest accepted version.
CREATE FUNCTION waymark_subcontract_mirror_terms() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    UPDATE subcontract s
       SET terms_kind = v.terms_kind, terms = v.terms, management_fee_bp = v.management_fee_bp, payment_sla_days = v.payment_sla_days,
           capacity = v.capacity, specialisms = v.specialisms
      FROM (SELECT * FROM subcontract_terms_version
             WHERE subcontract_id = NEW.subcontract_id AND status = 'ACCEPTED' ORDER BY effective_from DESC LIMIT 1) v
     WHERE s.id = NEW.subcontract_id
       AND (s.terms_kind, s.terms, s.management_fee_bp, s.payment_sla_days, s.capacity, s.specialisms)
           IS DISTINCT FROM (v.terms_kind, v.terms, v.management_fee_bp, v.payment_sla_days, v.capacity, v.specialisms);
    RETURN NULL;
  END
  $$;
CREATE TRIGGER subcontract_terms_version_mirror AFTER INSERT OR UPDATE ON subcontract_terms_version
  FOR EACH ROW WHEN (NEW.status = 'ACCEPTED') EXECUTE FUNCTION waymark_subcontract_mirror_terms();

-- The accepted terms of a subcontract in force on a day; before the first
-- version starts, the first version (a claim dated before the subcontract began
-- is priced on its first terms).
CREATE FUNCTION waymark_subcontract_terms_on(p_subcontract_id uuid, p_on date) RETURNS SETOF subcontract_terms_version
  LANGUAGE sql STABLE
  AS $$
    SELECT * FROM subcontract_terms_version v
     WHERE v.subcontract_id = p_subcontract_id AND v.status = 'ACCEPTED'
     ORDER BY (v.effective_from <= p_on) DESC, CASE WHEN v.effective_from <= p_on THEN v.effective_from END DESC, v.effective_from
     LIMIT 1
  $$;
GRANT EXECUTE ON FUNCTION waymark_subcontract_terms_on(uuid, date) TO waymark_app;

-- ───────── row-level security: with the subcontract they belong to ─────────
ALTER TABLE subcontract_transition ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON subcontract_transition USING (
  prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts())) OR subcontract_id = ANY (ARRAY(SELECT waymark_scoped_subcontracts()))
);
ALTER TABLE subcontract_terms_version ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON subcontract_terms_version USING (
  prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts())) OR subcontract_id = ANY (ARRAY(SELECT waymark_scoped_subcontracts()))
);
GRANT SELECT, INSERT, UPDATE ON subcontract_transition, subcontract_terms_version TO waymark_app;

-- ───────── entitlements read the terms in force on the claim's milestone date ─────────
CREATE OR REPLACE FUNCTION waymark_backfill_subcontract_entitlements() RETURNS void LANGUAGE sql AS $$
  INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, prime_fee_pence, prime_received_on, due_on, gross_pence, management_fee_pence, expected_pence)
  SELECT c.id, c.programme_id, c.prime_contract_id, c.subcontract_id, r.id, rl.amount_pence, r.paid_on, r.paid_on + t.payment_sla_days,
         g.gross_pence, (g.gross_pence * t.management_fee_bp + 5000) / 10000, g.gross_pence - (g.gross_pence * t.management_fee_bp + 5000) / 10000
  FROM claim c
  JOIN remittance_line rl ON rl.claim_id = c.id
  JOIN remittance r ON r.id = rl.remittance_id AND r.status = 'PAID'
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  CROSS JOIN LATERAL waymark_subcontract_terms_on(c.subcontract_id, c.milestone_on) t
  CROSS JOIN LATERAL (
    SELECT CASE t.terms_kind
      WHEN 'PBR_SHARE' THEN (rl.amount_pence * coalesce(t.terms->>'shareBasisPoints', t.terms->>'shareBp', '0')::bigint + 5000) / 10000
      WHEN 'MILESTONE_TARIFF' THEN coalesce((t.terms->'ratesPence'->>(mt.code::text))::bigint, 0)
      WHEN 'HYBRID' THEN coalesce((t.terms->'ratesPence'->>(mt.code::text))::bigint, 0)
      ELSE 0
    END AS gross_pence
  ) g
  WHERE c.subcontract_id IS NOT NULL AND g.gross_pence > 0
  ON CONFLICT (claim_id) DO NOTHING;

  INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id)
  SELECT l.claim_id, l.programme_id, l.prime_contract_id, sp.subcontract_id
  FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
  WHERE sp.status = 'PAID' AND l.claim_id IS NOT NULL
  ON CONFLICT (claim_id) DO NOTHING;

  UPDATE subcontract_entitlement e SET paid_pence = l.amount_pence, paid_on = sp.paid_on, paid_at = now(), subcontractor_payment_line_id = l.id
  FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
  WHERE l.claim_id = e.claim_id AND sp.status = 'PAID' AND e.subcontractor_payment_line_id IS NULL;
$$;
