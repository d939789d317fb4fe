-- Recording the paid line on an entitlement (one UPDATE per claim when its
-- payment is marked paid) should be a HOT update — no new index entries, so
-- reconciliation's range scan does not wade through dead versions until
-- vacuum. That needs free space on the page and no indexed column changed:
-- leave 20 % of each page free, and index claims passed down with nothing
-- entitled by subcontract only (paid_on was an indexed column).
ALTER TABLE subcontract_entitlement SET (fillfactor = 80);
DROP INDEX subcontract_entitlement_unexpected_idx;
-- SQL only (partial): claims passed down with nothing entitled (rare).
CREATE INDEX subcontract_entitlement_unexpected_idx ON subcontract_entitlement (subcontract_id) WHERE expected_pence IS NULL;
