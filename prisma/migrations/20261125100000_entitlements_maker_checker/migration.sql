-- W5: (1) maker-checker on subcontractor payments — who ran a payment and who
-- approved it, never the same person; (2) each claim's subcontractor
-- entitlement stored once, when it becomes expected (the commissioner's
-- remittance is marked paid), with the payment that passed it down recorded
-- on the same row when that payment is marked paid — so reconciliation is an
-- indexed scan, not a recomputation; (3) a reconciliation run keeps its
-- per-outcome totals and stores only its exceptions (MATCHED lines are
-- computed on demand). docs/data-model.md "Subcontract entitlement".

-- ───────── maker-checker ─────────
ALTER TABLE subcontractor_payment
  ADD COLUMN run_by_user_id      uuid REFERENCES app_user (id),
  ADD COLUMN approved_by_user_id uuid REFERENCES app_user (id),
  ADD COLUMN approved_at         timestamptz,
  -- SQL only. NULLs allowed for payments made before this rule (and generated data).
  ADD CONSTRAINT subcontractor_payment_maker_checker CHECK (approved_by_user_id IS NULL OR run_by_user_id IS NULL OR approved_by_user_id <> run_by_user_id);

-- ───────── entitlements ─────────
CREATE TABLE subcontract_entitlement (
  claim_id                      uuid PRIMARY KEY,
  programme_id                  uuid NOT NULL,
  prime_contract_id             uuid NOT NULL,
  subcontract_id                uuid NOT NULL REFERENCES subcontract (id),
  -- The expected side; all NULL for a claim passed down that nothing entitled (UNMATCHED).
  remittance_id                 uuid REFERENCES remittance (id),
  prime_fee_pence               bigint,
  prime_received_on             date,
  due_on                        date,
  gross_pence                   bigint,
  management_fee_pence          bigint,
  expected_pence                bigint,
  -- The recorded side: the one payment line that passed the claim down (a claim is passed down once).
  paid_pence                    bigint NOT NULL DEFAULT 0,
  paid_on                       date,
  paid_at                       timestamptz,
  subcontractor_payment_line_id uuid REFERENCES subcontractor_payment_line (id),
  created_at                    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT subcontract_entitlement_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES claim (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT subcontract_entitlement_expected_complete CHECK (
    (expected_pence IS NULL AND remittance_id IS NULL AND prime_received_on IS NULL AND due_on IS NULL)
    OR (expected_pence IS NOT NULL AND remittance_id IS NOT NULL AND prime_received_on IS NOT NULL AND due_on IS NOT NULL AND gross_pence IS NOT NULL AND management_fee_pence IS NOT NULL AND prime_fee_pence IS NOT NULL)
  ),
  CONSTRAINT subcontract_entitlement_paid_complete CHECK ((paid_on IS NULL) = (subcontractor_payment_line_id IS NULL) AND (paid_on IS NULL) = (paid_at IS NULL))
);
CREATE INDEX subcontract_entitlement_subcontract_id_prime_received_on_idx ON subcontract_entitlement (subcontract_id, prime_received_on);
-- SQL only (partial): claims passed down with no entitlement, by the day they were paid.
CREATE INDEX subcontract_entitlement_unexpected_idx ON subcontract_entitlement (subcontract_id, paid_on) WHERE expected_pence IS NULL;
-- SQL only (partial): scheduled-fee lines (no claim) of a payment, for reconciliation.
CREATE INDEX subcontractor_payment_line_fee_idx ON subcontractor_payment_line (subcontractor_payment_id) WHERE claim_id IS NULL;

ALTER TABLE subcontract_entitlement ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON subcontract_entitlement USING (
  prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts())) OR subcontract_id = ANY (ARRAY(SELECT waymark_scoped_subcontracts()))
);
GRANT SELECT, INSERT, UPDATE ON subcontract_entitlement TO waymark_app;

-- Entitlements of every paid remittance that has none yet, and the paid lines
-- that passed them down: for data written before this table (and by the demo
-- seed, which writes rows directly). The API keeps the table current itself.
-- The arithmetic is ENTITLED_CLAIMS_SQL's (apps/api/src/subcontractor-payments/entitlement.sql.ts).
CREATE FUNCTION waymark_backfill_subcontract_entitlements() RETURNS void LANGUAGE sql AS $$
  INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, prime_fee_pence, prime_received_on, due_on, gross_pence, management_fee_pence, expected_pence)
  SELECT c.id, c.programme_id, c.prime_contract_id, s.id, r.id, rl.amount_pence, r.paid_on, r.paid_on + s.payment_sla_days,
         g.gross_pence, (g.gross_pence * s.management_fee_bp + 5000) / 10000, g.gross_pence - (g.gross_pence * s.management_fee_bp + 5000) / 10000
  FROM subcontract s
  JOIN claim c ON c.subcontract_id = s.id
  JOIN remittance_line rl ON rl.claim_id = c.id
  JOIN remittance r ON r.id = rl.remittance_id AND r.status = 'PAID'
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  CROSS JOIN LATERAL (
    SELECT CASE s.terms_kind
      WHEN 'PBR_SHARE' THEN (rl.amount_pence * coalesce(s.terms->>'shareBasisPoints', s.terms->>'shareBp', '0')::bigint + 5000) / 10000
      WHEN 'MILESTONE_TARIFF' THEN coalesce((s.terms->'ratesPence'->>(mt.code::text))::bigint, 0)
      WHEN 'HYBRID' THEN coalesce((s.terms->'ratesPence'->>(mt.code::text))::bigint, 0)
      ELSE 0
    END AS gross_pence
  ) g
  WHERE g.gross_pence > 0
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
SELECT waymark_backfill_subcontract_entitlements();

-- ───────── reconciliation runs keep their totals; results only the exceptions ─────────
ALTER TABLE reconciliation_run
  ADD COLUMN subcontract_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN as_of           date,
  -- [{outcome, count, expectedPence, recordedPence, differencePence}]; NULL for runs stored before (every line a result row).
  ADD COLUMN outcome_totals  jsonb;
