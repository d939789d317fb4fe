-- W4 referrals: the prime's declared allocation policy, and the indexes the
-- caseload and flow-vs-bid queries need.
--
-- The policy lives in its own table (not a prime_contract column) so its
-- history is explicit — who declared it and when — and so the contracts area
-- keeps owning prime_contract.

CREATE TABLE allocation_policy (
  prime_contract_id    uuid PRIMARY KEY,
  programme_id         uuid NOT NULL,
  -- packages/domain ALLOCATION_POLICIES
  policy               text NOT NULL,
  declared_by_user_id  uuid NOT NULL REFERENCES app_user (id),
  declared_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT allocation_policy_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT allocation_policy_policy_known CHECK (policy IN ('BID_SHARE', 'ROUND_ROBIN', 'SPECIALISM_FIRST')) -- SQL only
);

ALTER TABLE allocation_policy ENABLE ROW LEVEL SECURITY;
-- The prime declares it, its commissioner sees it; subcontractors do not need it.
CREATE POLICY party_scope ON allocation_policy USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

-- Caseload: keyset pages in received order within each party's slice
-- (prime contract, subcontract, referral partner). SQL only: written as
-- partial indexes (`… IS NOT NULL`, implied by every `= $1` / `= ANY($1)`
-- lookup) because the Prisma view of referral belongs to the contracts area's
-- schema file; promote them to @@index there and drop the predicate when it
-- is next edited.
CREATE INDEX referral_prime_contract_id_received_at_id_idx ON referral (prime_contract_id, received_at, id) WHERE prime_contract_id IS NOT NULL;
CREATE INDEX referral_subcontract_id_received_at_id_idx ON referral (subcontract_id, received_at, id) WHERE subcontract_id IS NOT NULL;
CREATE INDEX referral_referral_partner_id_received_at_id_idx ON referral (referral_partner_id, received_at, id) WHERE referral_partner_id IS NOT NULL;
