-- A replay answers with the first response byte for byte (test/resilience/faults.drill.ts compares them).
-- jsonb re-orders an object's keys (shorter keys first), so a stored response read back from jsonb
-- went out with its fields in another order than the first answer. json keeps the text as written.
ALTER TABLE idempotency_key ALTER COLUMN response_body TYPE json USING response_body::json;
