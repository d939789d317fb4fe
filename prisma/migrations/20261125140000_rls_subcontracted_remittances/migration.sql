-- A subcontractor's view of the remittances that paid for its claims, served
-- from indexes.
--
-- The subcontracted_claims policies (money migration) asked
--   remittance_line: claim_id IN (SELECT id FROM claim)
--   remittance:      id IN (SELECT remittance_id FROM remittance_line)
-- Both sub-selects run under the inner table's own row-level security, and
-- permissive policies are OR-ed, so every caller paid for them — a
-- commissioner's remittance read scanned remittance_line and claim in full
-- (~1.5 s for the home dashboard's "remittances to run" count at 200k
-- referrals, bench/results/dashboard-200000.md), although for a commissioner
-- or a prime the party_scope policy alone decides.
--
-- Same sets, written as SECURITY DEFINER functions over the caller's
-- subcontracts: for an organisation without subcontracts the array is empty
-- and the policy costs one probe; for a subcontractor it is an index range on
-- claim (subcontract_id, status) and remittance_line (claim_id).
CREATE FUNCTION waymark_subcontracted_claims() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT c.id FROM claim c
    WHERE c.subcontract_id IS NOT NULL AND c.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts()))
  $$;

CREATE FUNCTION waymark_subcontracted_remittances() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT rl.remittance_id FROM remittance_line rl
    WHERE rl.claim_id = ANY(ARRAY(SELECT waymark_subcontracted_claims()))
  $$;

GRANT EXECUTE ON FUNCTION waymark_subcontracted_claims(), waymark_subcontracted_remittances() TO waymark_app;

ALTER POLICY subcontracted_claims ON remittance_line USING (claim_id = ANY (ARRAY(SELECT waymark_subcontracted_claims())));
ALTER POLICY subcontracted_claims ON remittance USING (id = ANY (ARRAY(SELECT waymark_subcontracted_remittances())));
