-- A short payment flows down only when the subcontract's terms say so.
--
-- Subcontract terms of the claim-priced kinds (PBR_SHARE, MILESTONE_TARIFF,
-- HYBRID) now carry shortPaymentFlowDown in their figures (jsonb): PRIME_BEARS
-- (the default, and what terms without it mean) keeps pricing a claim on the
-- amount remitted for it; BACK_TO_BACK prices it on the prime's share of what
-- the commissioner actually paid (remittance_line.received_pence, capped at the
-- amount): PBR_SHARE takes its share of that, own rates are scaled by
-- received ÷ amount (half away from zero). The backfill of stored entitlements
-- prices claims the same way as the payment run and the entitlements stored
-- when a remittance is paid (apps/api/src/subcontractor-payments/entitlement.sql.ts);
-- entitlement.differential.test.ts checks all three against the domain.
--
-- Clawbacks on the subcontractor's side of reconciliation (subcontract_entitlement_clawback):
-- A clawback (claim_clawback) netted off a remittance the prime was paid has
-- been borne by the prime; the subcontractor's entitlement to that claim falls
-- by its share (the entitlement's gross and management fee × clawback ÷ prime
-- fee, each half away from zero — the arithmetic the payment run uses to pass
-- it down, CLAWBACKS_TO_PASS_DOWN_SQL). Like the entitlement itself, that fall
-- is stored once, when it becomes expected (the netting remittance is marked
-- paid), one row per clawback; the negative line that passes it down is
-- recorded on the row when its payment is marked paid. Reconciliation nets
-- these rows into the claim's line (expected and recorded), as of the run's
-- instant (created_at, paid_at), so an old run still reproduces exactly.
-- Readable by the same parties as the entitlement: the prime and commissioner
-- of the contract, and the subcontractor of the subcontract (its own claims only).

CREATE TABLE subcontract_entitlement_clawback (
    clawback_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid NOT NULL,
    remittance_id uuid NOT NULL,
    borne_on date NOT NULL,
    gross_pence bigint NOT NULL,
    management_fee_pence bigint NOT NULL,
    expected_pence bigint NOT NULL,
    paid_pence bigint DEFAULT 0 NOT NULL,
    paid_on date,
    paid_at timestamp with time zone,
    subcontractor_payment_line_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT subcontract_entitlement_clawback_pkey PRIMARY KEY (clawback_id),
    CONSTRAINT subcontract_entitlement_clawback_clawback_id_fkey FOREIGN KEY (clawback_id) REFERENCES claim_clawback(id),
    CONSTRAINT subcontract_entitlement_clawback_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES subcontract_entitlement(claim_id),
    CONSTRAINT subcontract_entitlement_clawback_subcontract_id_fkey FOREIGN KEY (subcontract_id) REFERENCES subcontract(id),
    CONSTRAINT subcontract_entitlement_clawback_remittance_id_fkey FOREIGN KEY (remittance_id) REFERENCES remittance(id),
    CONSTRAINT subcontract_entitlement_clawback_subcontractor_payment_line_id_fkey FOREIGN KEY (subcontractor_payment_line_id) REFERENCES subcontractor_payment_line(id),
    CONSTRAINT subcontract_entitlement_clawback_amount_is_net CHECK ((expected_pence = (gross_pence - management_fee_pence))),
    CONSTRAINT subcontract_entitlement_clawback_not_positive CHECK (((gross_pence <= 0) AND (management_fee_pence <= 0) AND (paid_pence <= 0))),
    CONSTRAINT subcontract_entitlement_clawback_paid_complete CHECK ((((paid_on IS NULL) = (subcontractor_payment_line_id IS NULL)) AND ((paid_on IS NULL) = (paid_at IS NULL))))
);

CREATE INDEX subcontract_entitlement_clawback_subcontract_id_claim_id_idx ON subcontract_entitlement_clawback USING btree (subcontract_id, claim_id);

ALTER TABLE subcontract_entitlement_clawback ENABLE ROW LEVEL SECURITY;

CREATE POLICY party_scope ON subcontract_entitlement_clawback USING (((prime_contract_id = ANY (ARRAY( SELECT waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE subcontract_entitlement_clawback TO waymark_app;

-- The backfill (seed, data generation, this migration) prices short payments and
-- stores borne clawbacks the way the live paths do.
CREATE OR REPLACE FUNCTION waymark_backfill_subcontract_entitlements() RETURNS void
    LANGUAGE sql
    AS $$
  INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, prime_fee_pence, prime_received_on, due_on, gross_pence, management_fee_pence, expected_pence)
  SELECT c.id, c.programme_id, c.prime_contract_id, c.subcontract_id, r.id, rl.amount_pence, r.paid_on, r.paid_on + t.payment_sla_days,
         g.gross_pence, (g.gross_pence * t.management_fee_bp + 5000) / 10000, g.gross_pence - (g.gross_pence * t.management_fee_bp + 5000) / 10000
  FROM claim c
  JOIN remittance_line rl ON rl.claim_id = c.id
  JOIN remittance r ON r.id = rl.remittance_id AND r.status = 'PAID'
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  CROSS JOIN LATERAL waymark_subcontract_terms_on(c.subcontract_id, c.milestone_on) t
  CROSS JOIN LATERAL (
    SELECT greatest(least(coalesce(rl.received_pence, rl.amount_pence), rl.amount_pence), 0) AS received_pence,
           (t.terms->>'shortPaymentFlowDown' = 'BACK_TO_BACK') AS is_back_to_back,
           coalesce((t.terms->'ratesPence'->>(mt.code::text))::bigint, 0) AS own_rate_pence
  ) x
  CROSS JOIN LATERAL (
    SELECT CASE t.terms_kind
      WHEN 'PBR_SHARE' THEN ((CASE WHEN x.is_back_to_back THEN x.received_pence ELSE rl.amount_pence END) * coalesce(t.terms->>'shareBasisPoints', t.terms->>'shareBp', '0')::bigint + 5000) / 10000
      WHEN 'MILESTONE_TARIFF' THEN CASE WHEN x.is_back_to_back AND rl.amount_pence > 0 AND x.received_pence < rl.amount_pence
        THEN (x.own_rate_pence * x.received_pence * 2 + rl.amount_pence) / (2 * rl.amount_pence) ELSE x.own_rate_pence END
      WHEN 'HYBRID' THEN CASE WHEN x.is_back_to_back AND rl.amount_pence > 0 AND x.received_pence < rl.amount_pence
        THEN (x.own_rate_pence * x.received_pence * 2 + rl.amount_pence) / (2 * rl.amount_pence) ELSE x.own_rate_pence END
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

  INSERT INTO subcontract_entitlement_clawback (clawback_id, claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, borne_on, gross_pence, management_fee_pence, expected_pence)
  SELECT cc.id, e.claim_id, e.programme_id, e.prime_contract_id, e.subcontract_id, r.id, r.paid_on, g.gross_pence, g.fee_pence, g.gross_pence - g.fee_pence
  FROM remittance_clawback rc
  JOIN remittance r ON r.id = rc.remittance_id AND r.status = 'PAID'
  JOIN claim_clawback cc ON cc.id = rc.clawback_id
  JOIN subcontract_entitlement e ON e.claim_id = cc.claim_id AND e.expected_pence IS NOT NULL AND e.prime_fee_pence > 0
  CROSS JOIN LATERAL (
    SELECT -((e.gross_pence * cc.amount_pence * 2 + e.prime_fee_pence) / (2 * e.prime_fee_pence)) AS gross_pence,
           -((e.management_fee_pence * cc.amount_pence * 2 + e.prime_fee_pence) / (2 * e.prime_fee_pence)) AS fee_pence
  ) g
  ON CONFLICT (clawback_id) DO NOTHING;

  UPDATE subcontract_entitlement_clawback x SET paid_pence = l.amount_pence, paid_on = sp.paid_on, paid_at = now(), subcontractor_payment_line_id = l.id
  FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
  WHERE l.clawback_id = x.clawback_id AND sp.status = 'PAID' AND x.subcontractor_payment_line_id IS NULL;
$$;

-- Clawbacks already borne (netted off a PAID remittance), and the lines of PAID payments that passed them down.
INSERT INTO subcontract_entitlement_clawback (clawback_id, claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, borne_on, gross_pence, management_fee_pence, expected_pence)
SELECT cc.id, e.claim_id, e.programme_id, e.prime_contract_id, e.subcontract_id, r.id, r.paid_on, g.gross_pence, g.fee_pence, g.gross_pence - g.fee_pence
FROM remittance_clawback rc
JOIN remittance r ON r.id = rc.remittance_id AND r.status = 'PAID'
JOIN claim_clawback cc ON cc.id = rc.clawback_id
JOIN subcontract_entitlement e ON e.claim_id = cc.claim_id AND e.expected_pence IS NOT NULL AND e.prime_fee_pence > 0
CROSS JOIN LATERAL (
  SELECT -((e.gross_pence * cc.amount_pence * 2 + e.prime_fee_pence) / (2 * e.prime_fee_pence)) AS gross_pence,
         -((e.management_fee_pence * cc.amount_pence * 2 + e.prime_fee_pence) / (2 * e.prime_fee_pence)) AS fee_pence
) g
ON CONFLICT (clawback_id) DO NOTHING;

UPDATE subcontract_entitlement_clawback x SET paid_pence = l.amount_pence, paid_on = sp.paid_on, paid_at = now(), subcontractor_payment_line_id = l.id
FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
WHERE l.clawback_id = x.clawback_id AND sp.status = 'PAID';
