-- Global search (issue 17, W12): one query box over participants, referrals,
-- claims, payments and organisations (apps/api/src/search, docs/search.md).
--
-- Every lookup is an index probe, so a search costs the same at 2M referrals
-- as at 2,000 (bench/results/search-*.md shows the plans):
--   * references are matched whole, on the column itself: participant
--     reference, a referral partner's own reference for a referral, a claim
--     submission's reference, a remittance's or subcontractor payment's paid
--     (bank) reference. The API asks for the query as typed, upper-cased and
--     lower-cased (`column = ANY(...)`), which is how references are written.
--     Not lower(column): under row-level security PostgreSQL checks the policy
--     before any condition built on a function that is not LEAKPROOF, and
--     lower() is not, so an index on lower(column) is never used for a caller
--     in a party scope. Text equality is LEAKPROOF, so these indexes are.
--   * an NI number is matched by its keyed hash (participant.ni_number_hmac,
--     HMAC-SHA-256, common/pii): the plain number is never stored or compared;
--   * organisation names match anywhere in the name, case-insensitively,
--     through a trigram index (pg_trgm, a trusted contrib extension since
--     PostgreSQL 13). organisation has no row-level security, so lower() is
--     usable there; the search keeps to the caller's organisations itself.
-- The existing unique indexes on these columns lead with the programme, prime
-- contract or referral partner, which a search across the caller's whole slice
-- does not know. Row-level security then checks each row found, never the set.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX participant_reference_idx ON participant (reference);
CREATE INDEX participant_ni_number_hmac_idx ON participant (ni_number_hmac);
CREATE INDEX referral_external_reference_idx ON referral (external_reference) WHERE external_reference IS NOT NULL;
CREATE INDEX claim_submission_reference_idx ON claim_submission (reference);
CREATE INDEX remittance_paid_reference_idx ON remittance (paid_reference) WHERE paid_reference IS NOT NULL;
CREATE INDEX subcontractor_payment_paid_reference_idx ON subcontractor_payment (paid_reference) WHERE paid_reference IS NOT NULL;
CREATE INDEX organisation_lower_name_trgm_idx ON organisation USING gin (lower(name) gin_trgm_ops);
