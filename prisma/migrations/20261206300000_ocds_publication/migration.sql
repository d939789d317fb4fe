-- W18: open data a commissioner can publish, with stable OCDS release ids.
--
-- ocds_publication: the commissioner's choice to publish a programme's OCDS
-- release package at a public, unauthenticated URL (one row per programme that
-- was ever switched; is_published says whether it is public now; every change
-- is also an audit event).
CREATE TABLE ocds_publication (
  programme_id        uuid PRIMARY KEY REFERENCES programme (id),
  is_published        boolean NOT NULL,
  changed_by_user_id  uuid NOT NULL REFERENCES app_user (id),
  changed_at          timestamptz NOT NULL DEFAULT now()
);

-- ocds_release: every OCDS release made for a programme, kept as published.
-- A release is made when the content of a contracting process (ocid) differs
-- from its latest release; unchanged data keeps its release (id and date), so
-- every fetch of the same data gives the same ids, and the package carries the
-- whole history. Append-only: a published release is never rewritten.
CREATE TABLE ocds_release (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id    uuid NOT NULL REFERENCES programme (id),
  ocid            text NOT NULL,
  sequence        integer NOT NULL,
  release_id      text NOT NULL,
  released_at     timestamptz NOT NULL,
  content_sha256  text NOT NULL,
  release         json NOT NULL,  -- json, not jsonb: kept exactly as published
  -- SQL only from here.
  CONSTRAINT ocds_release_sequence_positive CHECK (sequence >= 1),
  CONSTRAINT ocds_release_content_sha256_hex CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  CONSTRAINT ocds_release_ocid_sequence_unique UNIQUE (ocid, sequence),
  CONSTRAINT ocds_release_release_id_unique UNIQUE (release_id)
);
CREATE INDEX ocds_release_programme_id_ocid_sequence_idx ON ocds_release (programme_id, ocid, sequence);

CREATE TRIGGER ocds_release_append_only
  BEFORE UPDATE OR DELETE ON ocds_release
  FOR EACH ROW EXECUTE FUNCTION reject_change_to_append_only_table();

GRANT SELECT, INSERT, UPDATE ON ocds_publication TO waymark_app;
GRANT SELECT, INSERT ON ocds_release TO waymark_app;

-- Only the programme's commissioner reads or writes either table (the public
-- route reads as the commissioner's organisation, after checking the choice).
ALTER TABLE ocds_publication ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON ocds_publication USING (
  programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation())
);

ALTER TABLE ocds_release ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON ocds_release USING (
  programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation())
);
