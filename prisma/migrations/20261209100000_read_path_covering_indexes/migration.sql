-- W17 read paths at scale (docs/performance-notes-w17-reads.md). Row-level security makes every
-- count and sum read the columns its policy names, so an index on the filtered columns alone still
-- fetches each heap row: these indexes carry those columns too, and the reads become index-only.

-- Caseload and flow counts per subcontract (GET /subcontracts, GET /supply-chain/prime-contracts/:id/flow)
-- read referral_subcontract_id_status_idx, which already carries the referral policy's columns
-- (20261209000000_referral_counts_index_only).

-- The claims list's whole-filter count and sum (GET /claims total, totalPence): the claim policy reads
-- prime_contract_id and subcontract_id; the filters read status, milestone type and day; the sum, the amount.
DROP INDEX claim_prime_contract_id_status_idx;
CREATE INDEX claim_prime_contract_id_status_idx ON claim (prime_contract_id, status)
  INCLUDE (subcontract_id, milestone_type_id, milestone_on, amount_pence);

-- The claims list's first page, newest first: read in index order and stop at the page.
CREATE INDEX claim_created_at_id_idx ON claim (created_at, id);

-- A remittance's gross and claim count (GET /remittances rows and totals): the remittance_line policy
-- reads claim_id and prime_contract_id.
CREATE INDEX remittance_line_remittance_id_idx ON remittance_line (remittance_id)
  INCLUDE (amount_pence, claim_id, prime_contract_id);
