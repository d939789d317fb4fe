-- Clawbacks pass down the chain (docs/claims.md "Apportionment", docs/money.md).
--
-- A clawback of a claim the subcontractor was paid for comes back from the subcontractor in its next payment
-- run, as a negative line on the same claim carrying the clawback: the share it was paid for that claim
-- (gross and management fee of its paid line) × clawback ÷ prime fee. The line names its clawback, which is
-- passed down once; a claim's ordinary line stays unique (the clawback line is the second line of its claim).
ALTER TABLE subcontractor_payment_line ADD COLUMN clawback_id uuid REFERENCES claim_clawback (id);
ALTER TABLE subcontractor_payment_line ADD CONSTRAINT subcontractor_payment_line_clawback_id_key UNIQUE (clawback_id);

DROP INDEX subcontractor_payment_line_claim_once;
-- SQL only (partial): a claim is passed down once; its clawback lines are apart.
CREATE UNIQUE INDEX subcontractor_payment_line_claim_once ON subcontractor_payment_line (claim_id) WHERE claim_id IS NOT NULL AND clawback_id IS NULL;

ALTER TABLE subcontractor_payment_line DROP CONSTRAINT subcontractor_payment_line_pence_non_negative;
-- SQL only: ordinary lines are ≥ 0, clawback lines ≤ 0 and always name a claim.
ALTER TABLE subcontractor_payment_line ADD CONSTRAINT subcontractor_payment_line_pence_sign CHECK (
  (clawback_id IS NULL AND gross_pence >= 0 AND management_fee_pence >= 0 AND amount_pence >= 0)
  OR (clawback_id IS NOT NULL AND claim_id IS NOT NULL AND gross_pence <= 0 AND management_fee_pence <= 0 AND amount_pence <= 0)
);
