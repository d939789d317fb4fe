-- Bulk referral import (W4 intake): one row per uploaded file, and every bad
-- row of it by line, column and reason. The rows themselves are staged in a
-- temporary table inside the job's one transaction (apps/api/src/referral-imports),
-- so clear NI numbers never outlive it; only these two tables persist.

CREATE TYPE "ReferralImportStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');
CREATE TYPE "ReferralImportMode" AS ENUM ('ALL_OR_NOTHING', 'VALID_ROWS');
CREATE TYPE "ReferralImportFormat" AS ENUM ('CSV', 'XLSX');

CREATE TABLE referral_import (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id                uuid NOT NULL,
  prime_contract_id           uuid NOT NULL,
  referral_partner_id         uuid NOT NULL REFERENCES organisation (id),
  -- Who uploaded: the partner itself, or a commissioner acting for it.
  uploaded_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
  uploaded_by_user_id         uuid REFERENCES app_user (id),   -- null: an API key
  mode                        "ReferralImportMode" NOT NULL,
  format                      "ReferralImportFormat",          -- known once the job has read the file
  status                      "ReferralImportStatus" NOT NULL DEFAULT 'QUEUED',
  file_name                   text,
  file_storage_key            text NOT NULL,
  file_sha256                 bytea NOT NULL,
  file_size_bytes             bigint NOT NULL,
  rows_done                   integer NOT NULL DEFAULT 0,
  rows_total                  integer,                         -- null until counted
  imported_count              integer,
  rejected_count              integer,
  failure_reason              text,
  attempts                    integer NOT NULL DEFAULT 0,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  started_at                  timestamptz,
  finished_at                 timestamptz,
  CONSTRAINT referral_import_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT referral_import_file_storage_key_key UNIQUE (file_storage_key),
  -- SQL only from here.
  CONSTRAINT referral_import_file_sha256_length CHECK (octet_length(file_sha256) = 32),
  CONSTRAINT referral_import_counts_non_negative CHECK (rows_done >= 0 AND rows_total >= 0 AND imported_count >= 0 AND rejected_count >= 0),
  CONSTRAINT referral_import_completed_has_counts CHECK (status <> 'COMPLETED' OR (imported_count IS NOT NULL AND rejected_count IS NOT NULL AND rows_total IS NOT NULL)),
  CONSTRAINT referral_import_failed_has_reason CHECK (status <> 'FAILED' OR failure_reason IS NOT NULL)
);
CREATE INDEX referral_import_referral_partner_id_created_at_idx ON referral_import (referral_partner_id, created_at);
CREATE INDEX referral_import_uploaded_by_organisation_id_created_at_idx ON referral_import (uploaded_by_organisation_id, created_at);
-- SQL only: the same file is imported once per partner and prime contract. An
-- import that wrote nothing (failed, or rejected as a whole) does not count, so
-- the partner can upload the same file again, e.g. in valid-rows mode.
CREATE UNIQUE INDEX referral_import_one_live_per_file ON referral_import (referral_partner_id, prime_contract_id, file_sha256)
  WHERE status IN ('QUEUED', 'RUNNING') OR imported_count > 0;

CREATE TABLE referral_import_error (
  import_id   uuid NOT NULL REFERENCES referral_import (id),
  seq         integer NOT NULL,    -- order within the import: by line, then column
  line        integer NOT NULL,    -- line of the record in the file; the header is line 1
  column_name text NOT NULL,
  value       text,                -- the offending value, never for ni_number
  reason      text NOT NULL,
  PRIMARY KEY (import_id, seq)
);

-- Dates in a referral file: ISO (2026-04-01) or UK (01/04/2026); null when
-- neither or not a real day, so validation is one set-based query. Plain
-- single-expression SQL functions, so the planner inlines them (a SQL function
-- with a FROM clause is re-planned on every call: 100x slower on 100k rows).
-- CASE branches run in order, which keeps make_date away from bad months.
CREATE FUNCTION referral_import_make_date(year int, month int, day int) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN year < 1900 OR month < 1 OR month > 12 OR day < 1 THEN NULL
      WHEN day <= extract(day FROM make_date(year, month, 1) + interval '1 month - 1 day') THEN make_date(year, month, day)
    END
  $$;

CREATE FUNCTION referral_import_parse_date(value text) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN value ~ '^\d{4}-\d{2}-\d{2}$' THEN referral_import_make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int)
      WHEN value ~ '^\d{1,2}/\d{1,2}/\d{4}$' THEN referral_import_make_date(split_part(value, '/', 3)::int, split_part(value, '/', 2)::int, split_part(value, '/', 1)::int)
    END
  $$;
GRANT EXECUTE ON FUNCTION referral_import_make_date(int, int, int) TO waymark_app;
GRANT EXECUTE ON FUNCTION referral_import_parse_date(text) TO waymark_app;

-- Row-level security: an import is visible to its referral partner and to the
-- organisation that uploaded it (a commissioner acting for the partner).
ALTER TABLE referral_import ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON referral_import USING (
  referral_partner_id = waymark_current_organisation() OR uploaded_by_organisation_id = waymark_current_organisation()
);
ALTER TABLE referral_import_error ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON referral_import_error USING (import_id IN (SELECT id FROM referral_import));
