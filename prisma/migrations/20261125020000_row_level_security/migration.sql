-- Row-level security: the database's own copy of "each party sees only its
-- slice" (DESIGN.md). The API scopes every query itself; these policies make a
-- forgotten filter fail closed instead of leaking another party's records.
--
-- How it is used: party-scoped work runs in a transaction that does
--   SET LOCAL ROLE waymark_app;
--   SELECT set_config('waymark.organisation_id', '<caller org uuid>', true);
-- (apps/api/src/common/db/party-scope.ts). The table owner — migrations, the
-- seed, the scale generator and system jobs — is not subject to the policies
-- (no FORCE ROW LEVEL SECURITY), and waymark_app without an organisation set
-- sees nothing.
--
-- Visibility, by relationship to the record:
--   commissioner  everything under the prime contracts of its programmes
--   prime         everything under its own prime contracts (its whole chain)
--   subcontractor referrals allocated to its subcontracts, and what hangs off them
--   referral partner the referrals it made (and their participants)
-- Reference data (programmes, areas, payment models, tariffs, milestone
-- types, payment groups) carries no personal data or money and stays readable.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'waymark_app') THEN
    CREATE ROLE waymark_app NOLOGIN;
  END IF;
END
$$;
GRANT waymark_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO waymark_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO waymark_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO waymark_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO waymark_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO waymark_app;

CREATE FUNCTION waymark_current_organisation() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('waymark.organisation_id', true), '')::uuid $$;

-- SECURITY DEFINER: these read prime_contract/subcontract past their own
-- policies, so policies can use them without recursion.
CREATE FUNCTION waymark_scoped_prime_contracts() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id
    WHERE pc.prime_id = waymark_current_organisation() OR p.commissioner_id = waymark_current_organisation()
  $$;

CREATE FUNCTION waymark_scoped_subcontracts() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT s.id FROM subcontract s WHERE s.subcontractor_id = waymark_current_organisation() $$;

-- Referrals visible to the current organisation in a role below the prime
-- contract (subcontractor delivering it, partner that referred it).
CREATE FUNCTION waymark_delegated_referrals() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT r.id FROM referral r
    WHERE r.subcontract_id IN (SELECT waymark_scoped_subcontracts())
       OR r.referral_partner_id = waymark_current_organisation()
  $$;

CREATE FUNCTION waymark_visible_participants() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT r.participant_id FROM referral r WHERE r.id IN (SELECT waymark_delegated_referrals()) $$;

GRANT EXECUTE ON FUNCTION waymark_current_organisation(), waymark_scoped_prime_contracts(), waymark_scoped_subcontracts(),
  waymark_delegated_referrals(), waymark_visible_participants() TO waymark_app;

-- ───────── contracts ─────────
ALTER TABLE prime_contract ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON prime_contract USING (
  id IN (SELECT waymark_scoped_prime_contracts())
  OR id IN (SELECT s.prime_contract_id FROM subcontract s WHERE s.id IN (SELECT waymark_scoped_subcontracts()))
);

ALTER TABLE bid_commitment ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON bid_commitment USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontractor_id = waymark_current_organisation()
);

ALTER TABLE subcontract ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON subcontract USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontractor_id = waymark_current_organisation()
);

ALTER TABLE subcontract_payment_group ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON subcontract_payment_group USING (subcontract_id IN (SELECT id FROM subcontract));

-- ───────── participants and referrals ─────────
ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON referral USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR id IN (SELECT waymark_delegated_referrals())
) WITH CHECK (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts())
  OR referral_partner_id = waymark_current_organisation()
  OR subcontract_id IN (SELECT waymark_scoped_subcontracts())
);

ALTER TABLE participant ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON participant USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR id IN (SELECT waymark_visible_participants())
) WITH CHECK (true); -- a referral partner creates the participant together with its referral

ALTER TABLE participant_special_category ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON participant_special_category USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR participant_id IN (SELECT waymark_visible_participants())
) WITH CHECK (true);

ALTER TABLE needs_assessment ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON needs_assessment USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR participant_id IN (SELECT waymark_visible_participants())
);

-- Children of a referral: visible with their referral.
ALTER TABLE referral_transition ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON referral_transition USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR referral_id IN (SELECT waymark_delegated_referrals())
);

ALTER TABLE activity ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON activity USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR referral_id IN (SELECT waymark_delegated_referrals())
);

-- ───────── claims ─────────
ALTER TABLE claim ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontract_id IN (SELECT waymark_scoped_subcontracts())
);

ALTER TABLE claim_submission ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_submission USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

ALTER TABLE claim_transition ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_transition USING (claim_id IN (SELECT id FROM claim));

ALTER TABLE evidence ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON evidence USING (claim_id IN (SELECT id FROM claim));

ALTER TABLE claim_query ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_query USING (claim_id IN (SELECT id FROM claim));

ALTER TABLE claim_query_message ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_query_message USING (claim_query_id IN (SELECT id FROM claim_query));

-- ───────── money ─────────
ALTER TABLE remittance ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON remittance USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

ALTER TABLE remittance_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON remittance_line USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

ALTER TABLE subcontractor_payment ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON subcontractor_payment USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR subcontract_id IN (SELECT waymark_scoped_subcontracts())
);

ALTER TABLE subcontractor_payment_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON subcontractor_payment_line USING (subcontractor_payment_id IN (SELECT id FROM subcontractor_payment));

ALTER TABLE ledger_account ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON ledger_account USING (
  organisation_id = waymark_current_organisation()
  OR programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation())
);

ALTER TABLE ledger_transaction ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON ledger_transaction USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts())
  OR subcontractor_payment_id IN (SELECT id FROM subcontractor_payment)
);

ALTER TABLE ledger_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON ledger_entry USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR account_id IN (SELECT id FROM ledger_account)
);

-- ───────── reconciliation and assurance ─────────
ALTER TABLE reconciliation_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON reconciliation_run USING (
  prime_contract_id IN (SELECT waymark_scoped_prime_contracts()) OR party_id = waymark_current_organisation()
);

ALTER TABLE reconciliation_result ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON reconciliation_result USING (run_id IN (SELECT id FROM reconciliation_run));

ALTER TABLE claim_sample ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_sample USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

ALTER TABLE claim_sample_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON claim_sample_item USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

-- Earnings data is the commissioner's: only the commissioner of the programme.
ALTER TABLE data_match_upload ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON data_match_upload USING (
  programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation())
);

ALTER TABLE data_match_row ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON data_match_row USING (upload_id IN (SELECT id FROM data_match_upload));

-- Identity tables: waymark_app never needs other organisations' secrets.
ALTER TABLE api_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON api_key USING (organisation_id = waymark_current_organisation());
ALTER TABLE invitation ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON invitation USING (organisation_id = waymark_current_organisation());
