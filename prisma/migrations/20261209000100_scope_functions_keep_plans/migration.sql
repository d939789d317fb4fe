-- Row-level security's set functions keep their plans between calls.
--
-- The policies read the caller's slice through SECURITY DEFINER functions
-- (waymark_scoped_prime_contracts() and its kin). Written in SQL, they cannot
-- be inlined (SECURITY DEFINER, SET search_path), and a non-inlined SQL
-- function plans its query afresh on every call: each statement under a
-- policy paid that once per policy it touched (eight times for a caseload
-- page) and the per-row checks (waymark_is_visible_participant) once per row.
-- The same queries in PL/pgSQL are planned once per connection and cached:
-- 0.49 → 0.15 ms a call for waymark_scoped_prime_contracts() (3,000 calls, 20k
-- referrals, a shared machine). Same signatures, same queries, same
-- SECURITY DEFINER and search_path, so every policy and grant is unchanged.

CREATE OR REPLACE FUNCTION waymark_scoped_prime_contracts() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN QUERY SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id
    WHERE pc.prime_id = waymark_current_organisation() OR p.commissioner_id = waymark_current_organisation();
END
$$;

CREATE OR REPLACE FUNCTION waymark_scoped_subcontracts() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN QUERY SELECT s.id FROM subcontract s WHERE s.subcontractor_id = waymark_current_organisation();
END
$$;

CREATE OR REPLACE FUNCTION waymark_commissioned_programmes() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN QUERY SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation();
END
$$;

CREATE OR REPLACE FUNCTION waymark_is_visible_participant(p_participant uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN (SELECT EXISTS (
      SELECT 1 FROM referral r
       WHERE r.participant_id = p_participant
         AND ((r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts())))
              OR (r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation()))));
END
$$;

CREATE OR REPLACE FUNCTION waymark_is_delegated_referral(p_referral uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN (SELECT EXISTS (
      SELECT 1 FROM referral r
       WHERE r.id = p_referral
         AND ((r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts())))
              OR (r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation()))));
END
$$;

CREATE OR REPLACE FUNCTION waymark_subcontracted_claims() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN QUERY SELECT c.id FROM claim c
    WHERE c.subcontract_id IS NOT NULL AND c.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts()));
END
$$;

CREATE OR REPLACE FUNCTION waymark_subcontracted_remittances() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN QUERY SELECT DISTINCT rl.remittance_id FROM remittance_line rl
    WHERE rl.claim_id = ANY(ARRAY(SELECT waymark_subcontracted_claims()));
END
$$;

CREATE OR REPLACE FUNCTION waymark_counterparty_ledger_accounts() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  RETURN QUERY SELECT DISTINCT e.account_id FROM ledger_entry e JOIN ledger_transaction t ON t.id = e.transaction_id
    LEFT JOIN subcontractor_payment p ON p.id = t.subcontractor_payment_id
    WHERE t.prime_contract_id IN (SELECT waymark_scoped_prime_contracts())
       OR p.subcontract_id IN (SELECT waymark_scoped_subcontracts());
END
$$;
