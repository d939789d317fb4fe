-- Row checks for writes by subcontractors and referral partners (issue 10, W8 load).
--
-- The journey tables' policies are FOR ALL with only a USING expression, so
-- PostgreSQL also uses it as the WITH CHECK of every inserted or updated row:
-- `referral_id = ANY(ARRAY(SELECT waymark_delegated_referrals()))`. For reads
-- that array is what lets the planner use an index; for a one-row INSERT it
-- materialises every referral the caller delivers to check one — 9,683 ids
-- and ~10 ms per activity for a large subcontractor at 2M referrals.
--
-- The WITH CHECK below asks the same question of the one row: is its
-- referral (or participant) one the caller delivers or referred? — an indexed
-- lookup. Reads keep the USING expression unchanged. The prime's side of the
-- OR is unchanged and evaluated first.

CREATE FUNCTION waymark_is_delegated_referral(p_referral uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM referral r
       WHERE r.id = p_referral
         AND ((r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts())))
              OR (r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation())))
  $$;

CREATE FUNCTION waymark_is_visible_participant(p_participant uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM referral r
       WHERE r.participant_id = p_participant
         AND ((r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts())))
              OR (r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation())))
  $$;

REVOKE ALL ON FUNCTION waymark_is_delegated_referral(uuid), waymark_is_visible_participant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION waymark_is_delegated_referral(uuid), waymark_is_visible_participant(uuid) TO waymark_app;

ALTER POLICY party_scope ON activity
  WITH CHECK (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));
ALTER POLICY party_scope ON journey_event
  WITH CHECK (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));
ALTER POLICY party_scope ON job_spell
  WITH CHECK (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));
ALTER POLICY party_scope ON referral_transition
  WITH CHECK (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));
ALTER POLICY party_scope ON needs_assessment
  WITH CHECK (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_visible_participant(participant_id));
