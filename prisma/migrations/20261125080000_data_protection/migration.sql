-- Data protection (W9): retention policies per programme, the runs that apply
-- them, pseudonymised participants, purged evidence files, and data subject
-- requests (erasure / rectification) with their transitions.
-- New tables only: the tables other areas own keep their shape, and "this row
-- was pseudonymised / purged" lives beside them (docs/data-protection.md).

CREATE TYPE "RetentionRunTrigger" AS ENUM ('SCHEDULE', 'MANUAL');
CREATE TYPE "PseudonymisationReason" AS ENUM ('RETENTION', 'ERASURE');
CREATE TYPE "DataSubjectRequestKind" AS ENUM ('ERASURE', 'RECTIFICATION');
CREATE TYPE "DataSubjectRequestStatus" AS ENUM ('REQUESTED', 'APPROVED', 'REFUSED', 'EXECUTED');

-- Set by the programme's commissioner (the data controller).
CREATE TABLE retention_policy (
  programme_id                         uuid PRIMARY KEY REFERENCES programme (id),
  personal_data_years_after_exit       integer NOT NULL,
  evidence_years_after_contract_end    integer NOT NULL,
  notes                                text,
  set_by_user_id                       uuid NOT NULL REFERENCES app_user (id),
  set_at                               timestamptz NOT NULL DEFAULT now(),
  -- SQL only from here.
  CONSTRAINT retention_policy_personal_data_years_range CHECK (personal_data_years_after_exit BETWEEN 1 AND 50),
  CONSTRAINT retention_policy_evidence_years_range CHECK (evidence_years_after_contract_end BETWEEN 1 AND 50)
);

-- One application of a policy (or a dry run of it): what, how many, who, when.
CREATE TABLE retention_run (
  id                            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id                  uuid NOT NULL REFERENCES programme (id),
  trigger                       "RetentionRunTrigger" NOT NULL,
  is_dry_run                    boolean NOT NULL,
  as_of                         date NOT NULL,
  personal_data_years           integer NOT NULL,
  evidence_years                integer NOT NULL,
  participants_pseudonymised    integer NOT NULL DEFAULT 0,
  evidence_files_purged         integer NOT NULL DEFAULT 0,
  triggered_by_user_id          uuid REFERENCES app_user (id),       -- null: the nightly job
  triggered_by_organisation_id  uuid REFERENCES organisation (id),   -- null: the nightly job
  started_at                    timestamptz NOT NULL DEFAULT now(),
  finished_at                   timestamptz,
  -- SQL only from here.
  CONSTRAINT retention_run_counts_non_negative CHECK (participants_pseudonymised >= 0 AND evidence_files_purged >= 0),
  CONSTRAINT retention_run_manual_has_user CHECK (trigger <> 'MANUAL' OR triggered_by_organisation_id IS NOT NULL)
);
CREATE INDEX retention_run_programme_id_started_at_idx ON retention_run (programme_id, started_at);

CREATE TABLE data_subject_request (
  id                           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id                 uuid NOT NULL,
  prime_contract_id            uuid NOT NULL,
  participant_id               uuid NOT NULL,
  kind                         "DataSubjectRequestKind" NOT NULL,
  status                       "DataSubjectRequestStatus" NOT NULL DEFAULT 'REQUESTED',
  received_on                  date NOT NULL,          -- when the participant asked
  description                  text NOT NULL,          -- what was asked
  lawful_basis_notes           text,
  rectification                jsonb,                  -- corrected fields, RECTIFICATION only
  requested_by_user_id         uuid NOT NULL REFERENCES app_user (id),
  requested_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
  requested_at                 timestamptz NOT NULL DEFAULT now(),
  decided_by_user_id           uuid REFERENCES app_user (id),
  decided_at                   timestamptz,
  decision_reason              text,
  executed_by_user_id          uuid REFERENCES app_user (id),
  executed_at                  timestamptz,
  version                      integer NOT NULL DEFAULT 1,
  CONSTRAINT data_subject_request_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id)
    REFERENCES participant (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT data_subject_request_rectification_matches_kind CHECK ((kind = 'RECTIFICATION') = (rectification IS NOT NULL)),
  CONSTRAINT data_subject_request_decided_has_facts CHECK (
    status = 'REQUESTED' OR (decided_by_user_id IS NOT NULL AND decided_at IS NOT NULL AND decision_reason IS NOT NULL)
  ),
  CONSTRAINT data_subject_request_maker_is_not_checker CHECK (decided_by_user_id IS NULL OR decided_by_user_id <> requested_by_user_id),
  CONSTRAINT data_subject_request_executed_has_facts CHECK (status <> 'EXECUTED' OR (executed_by_user_id IS NOT NULL AND executed_at IS NOT NULL)),
  CONSTRAINT data_subject_request_version_positive CHECK (version >= 1)
);
CREATE INDEX data_subject_request_programme_id_status_idx ON data_subject_request (programme_id, status);
CREATE INDEX data_subject_request_participant_id_idx ON data_subject_request (participant_id);

CREATE TABLE data_subject_request_transition (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id  uuid NOT NULL REFERENCES data_subject_request (id),
  from_status "DataSubjectRequestStatus",   -- null for the first (REQUESTED)
  to_status   "DataSubjectRequestStatus" NOT NULL,
  by_user_id  uuid NOT NULL REFERENCES app_user (id),
  at          timestamptz NOT NULL DEFAULT now(),
  reason      text
);
CREATE INDEX data_subject_request_transition_request_id_at_idx ON data_subject_request_transition (request_id, at);

-- Present = the participant's personal fields were pseudonymised (once; never undone).
CREATE TABLE participant_pseudonymisation (
  participant_id          uuid PRIMARY KEY,
  programme_id            uuid NOT NULL,
  prime_contract_id       uuid NOT NULL,
  reason                  "PseudonymisationReason" NOT NULL,
  retention_run_id        uuid REFERENCES retention_run (id),
  data_subject_request_id uuid REFERENCES data_subject_request (id),
  pseudonymised_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT participant_pseudonymisation_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id)
    REFERENCES participant (id, programme_id, prime_contract_id),
  -- SQL only: the cause is recorded.
  CONSTRAINT participant_pseudonymisation_has_cause CHECK (
    (reason = 'RETENTION' AND retention_run_id IS NOT NULL) OR (reason = 'ERASURE' AND data_subject_request_id IS NOT NULL)
  )
);

-- Present = the evidence file was deleted from storage; the evidence row keeps
-- filename, size and SHA-256, so the claim still shows what was checked.
CREATE TABLE evidence_purge (
  evidence_id       uuid PRIMARY KEY REFERENCES evidence (id),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  retention_run_id  uuid NOT NULL REFERENCES retention_run (id),
  purged_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_purge_retention_run_id_idx ON evidence_purge (retention_run_id);

-- ───────── row-level security (same slices as the parent tables) ─────────
GRANT SELECT, INSERT, UPDATE, DELETE ON retention_policy, retention_run, data_subject_request, data_subject_request_transition,
  participant_pseudonymisation, evidence_purge TO waymark_app;

-- Every party in the programme reads its policy; only its commissioner writes it.
CREATE FUNCTION waymark_programme_parties_include_current(p_programme_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT EXISTS (SELECT 1 FROM programme p WHERE p.id = p_programme_id AND p.commissioner_id = waymark_current_organisation())
        OR EXISTS (SELECT 1 FROM prime_contract pc WHERE pc.programme_id = p_programme_id AND pc.prime_id = waymark_current_organisation())
        OR EXISTS (SELECT 1 FROM subcontract s WHERE s.programme_id = p_programme_id AND s.subcontractor_id = waymark_current_organisation())
        OR EXISTS (SELECT 1 FROM referral r WHERE r.programme_id = p_programme_id AND r.referral_partner_id = waymark_current_organisation())
  $$;
GRANT EXECUTE ON FUNCTION waymark_programme_parties_include_current(uuid) TO waymark_app;

ALTER TABLE retention_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON retention_policy USING (waymark_programme_parties_include_current(programme_id))
  WITH CHECK (programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation()));

ALTER TABLE retention_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON retention_run USING (
  programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation())
);

-- Requests: the commissioner and the prime of the contract (who takes requests from participants).
ALTER TABLE data_subject_request ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON data_subject_request USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

ALTER TABLE data_subject_request_transition ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON data_subject_request_transition USING (request_id IN (SELECT id FROM data_subject_request));

-- Whoever sees the participant sees that it was pseudonymised.
ALTER TABLE participant_pseudonymisation ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON participant_pseudonymisation USING (participant_id IN (SELECT id FROM participant))
  WITH CHECK (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

-- Whoever sees the evidence sees that its file was purged.
ALTER TABLE evidence_purge ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON evidence_purge USING (evidence_id IN (SELECT id FROM evidence))
  WITH CHECK (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

-- SQL only (partial): who read special category data, per programme, in audit order — the records-of-processing report.
CREATE INDEX audit_event_special_category_reads_idx ON audit_event (programme_id, seq) WHERE action = 'participant.read-special-category';
