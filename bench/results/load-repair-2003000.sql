-- One-off repair of the generated 2M-referral database (.data/pg), 2026-11-25.
--
-- Why: the data set was generated at 02:01 UTC from a working-tree draft of
-- 20261125080000_data_protection; the file was then amended before it was
-- committed (d5700cc, 02:09) by one statement: the partial index
-- audit_event_special_category_reads_idx. So main.js's migration integrity
-- check refused to start (recorded checksum a33276bf… ≠ file 140748d1…).
--
-- Checked: `pg_dump --schema-only` of .data/pg against a fresh database
-- migrated with the same ten files differs only by that index (plus the
-- public schema's owner/ACL, which `npm run db:reset` recreates — not a
-- migration object). So: create the index, record the file's checksum, then
-- let the runner apply the later migrations (`20261125090000_rls_array_form`).
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f bench/results/load-repair-2003000.sql
BEGIN;
CREATE INDEX IF NOT EXISTS audit_event_special_category_reads_idx
  ON audit_event (programme_id, seq) WHERE action = 'participant.read-special-category';
UPDATE _waymark_migrations
   SET checksum = '140748d1475e032f5803b278d8730e6dda82aba8e20e7d91351b2be657303c79'
 WHERE name = '20261125080000_data_protection'
   AND checksum = 'a33276bfcf3fae54850f2481a8fdaefe4beb21c92f48c569670d76697eecaa6a';
COMMIT;
