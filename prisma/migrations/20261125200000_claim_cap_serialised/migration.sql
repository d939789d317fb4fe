-- Drafting a claim checks the contract value cap against the contract's live
-- total and then inserts the claim. Two drafts priced at the same moment both
-- saw the total before either was inserted, so together they could pass the
-- cap. The draft now locks the contract's total row first (creating it at 0 if
-- the contract has no claim yet) and holds it to commit: drafts under one
-- contract are priced one after another. Reads that only show what is
-- claimable do not lock.
CREATE FUNCTION waymark_lock_claim_total(p_prime_contract_id uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$
    INSERT INTO prime_contract_claim_total (prime_contract_id, live_pence) VALUES (p_prime_contract_id, 0)
      ON CONFLICT (prime_contract_id) DO NOTHING;
    SELECT 1 FROM prime_contract_claim_total WHERE prime_contract_id = p_prime_contract_id FOR UPDATE;
  $$;
GRANT EXECUTE ON FUNCTION waymark_lock_claim_total(uuid) TO waymark_app;
