-- The commissioner's minimum share of a prime contract's money that must go to
-- specialist provision (issue 16, W11; the consultation's "insist that primes
-- subcontract such work to specialists"). Checked against the bid's
-- commitments and against what was passed down to specialist subcontracts
-- (apps/api/src/supply-chain/bid-commitments.service.ts).
CREATE TABLE specialist_share_minimum (
  prime_contract_id uuid PRIMARY KEY REFERENCES prime_contract (id),
  programme_id      uuid NOT NULL REFERENCES programme (id),
  minimum_bp        integer NOT NULL,
  set_by_user_id    uuid REFERENCES app_user (id),
  set_at            timestamptz NOT NULL DEFAULT now(),
  -- SQL only from here.
  CONSTRAINT specialist_share_minimum_minimum_bp_range CHECK (minimum_bp BETWEEN 0 AND 10000)
);
ALTER TABLE specialist_share_minimum ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON specialist_share_minimum USING (prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts())));
GRANT SELECT, INSERT, UPDATE, DELETE ON specialist_share_minimum TO waymark_app;
