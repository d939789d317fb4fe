-- Row-level security for subcontractors and referral partners: per-row
-- checks instead of whole-set arrays (issue 10, W8 load).
--
-- The USING expressions of the referral, journey and participant tables
-- asked `id = ANY(ARRAY(SELECT waymark_delegated_referrals()))` (or
-- waymark_visible_participants()). Every statement that reached that side of
-- the OR — any statement of a subcontractor or referral partner — first
-- materialised every referral or participant the caller may see: 9,683 ids
-- and 10–110 ms for a large subcontractor at 2M referrals, even to read one
-- row. Reading one referral with its participant for an activity write took
-- 80–170 ms, and the write path serialised behind it (bench/results/load-2003000.md).
--
-- The statements these parties run touch few rows of these tables (a
-- caseload page of 50, one referral, one participant's journey), so asking
-- each row is far cheaper than building the set:
--   * referral: its own columns answer it — subcontract_id among the caller's
--     subcontracts (a handful of ids) or referral_partner_id = the caller. The
--     same set as waymark_delegated_referrals(), without a lookup at all.
--   * journey tables: waymark_is_delegated_referral(referral_id), one primary
--     key lookup (added by 20261125160000_rls_row_checks_for_writes).
--   * participant tables: waymark_is_visible_participant(participant id), one
--     referral_participant_id_idx lookup.
-- The prime's and commissioner's side of the OR is unchanged and comes first,
-- so their statements never reach these checks. WITH CHECK expressions are
-- unchanged.

ALTER POLICY party_scope ON referral USING (
  prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts()))
  OR (subcontract_id IS NOT NULL AND subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts())))
  OR (referral_partner_id IS NOT NULL AND referral_partner_id = waymark_current_organisation())
);

ALTER POLICY party_scope ON activity USING (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));
ALTER POLICY party_scope ON journey_event USING (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));
ALTER POLICY party_scope ON job_spell USING (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));
ALTER POLICY party_scope ON referral_transition USING (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_delegated_referral(referral_id));

ALTER POLICY party_scope ON participant USING (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_visible_participant(id));
ALTER POLICY party_scope ON participant_special_category USING (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_visible_participant(participant_id));
ALTER POLICY party_scope ON needs_assessment USING (prime_contract_id = ANY(ARRAY(SELECT waymark_scoped_prime_contracts())) OR waymark_is_visible_participant(participant_id));

-- Nothing uses the whole-set functions any more.
DROP FUNCTION waymark_delegated_referrals();
DROP FUNCTION waymark_visible_participants();
