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

-- Second repair, 05:10 UTC: 20261125110000_caseload_sort_keys was applied here
-- (04:43–04:57, as committed in e1eadd3) and then amended in 67be738 by one
-- function and one statement-level trigger (a re-referral inherits the payment
-- group). Same treatment: add exactly those objects, record the new checksum.
BEGIN;
CREATE OR REPLACE FUNCTION waymark_referral_inherit_payment_group() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    UPDATE referral r
       SET payment_group_code = latest.code
      FROM (
        SELECT DISTINCT ON (na.participant_id) na.participant_id, g.code
          FROM (SELECT DISTINCT participant_id FROM inserted) touched
          JOIN needs_assessment na ON na.participant_id = touched.participant_id
          JOIN payment_group g ON g.id = na.payment_group_id
         ORDER BY na.participant_id, na.assessed_at DESC, na.id DESC
      ) latest
     WHERE r.participant_id = latest.participant_id
       AND r.payment_group_code IS DISTINCT FROM latest.code;
    RETURN NULL;
  END
  $$;
DROP TRIGGER IF EXISTS referral_inherit_payment_group_after_insert ON referral;
CREATE TRIGGER referral_inherit_payment_group_after_insert AFTER INSERT ON referral
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_inherit_payment_group();
UPDATE _waymark_migrations
   SET checksum = '6398f1c264782274f9cd4a85f9fa0ac769f666e13b3ec9cc18e51ee041e24364'
 WHERE name = '20261125110000_caseload_sort_keys'
   AND checksum = 'be93c21350727d03159bd18e5ed7dc137d43055286a1d6433f3dd703d92d49b8';
COMMIT;
