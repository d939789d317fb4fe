-- Waymark's whole domain model (docs/data-model.md explains it area by area).
--
-- prisma/schema.prisma mirrors every table, column, enum, primary key, unique
-- and plain index here; packages/db/src/schema-drift proves it. What Prisma
-- cannot express lives only in this file, each marked "SQL only":
-- CHECK constraints, partial and expression indexes, the exclusion
-- constraint on payment model versions, triggers, and foreign keys (the Prisma
-- schema keeps scalar ids only).
--
-- Conventions: uuid ids (gen_random_uuid()), money in integer pence (bigint),
-- percentages in basis points (integer 0..10000), day dates as date, instants
-- as timestamptz. Every large table carries programme_id and prime_contract_id,
-- the future distribution key, and its composite foreign key to the parent
-- includes them so a child can never disagree with its parent about either.

CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS citext;     -- case-insensitive e-mail addresses
CREATE EXTENSION IF NOT EXISTS btree_gist; -- uuid equality inside an exclusion constraint

-- ───────────────────────────── vocabulary ─────────────────────────────

CREATE TYPE "OrganisationKind" AS ENUM ('COMMISSIONER', 'PRIME', 'SUBCONTRACTOR', 'REFERRAL_PARTNER', 'PLATFORM');
CREATE TYPE "Role" AS ENUM ('ADMIN', 'CASEWORKER', 'FINANCE', 'AUDITOR');
CREATE TYPE "TurnoverBand" AS ENUM ('MICRO', 'SMALL', 'MEDIUM', 'LARGE');
CREATE TYPE "SectorType" AS ENUM ('VOLUNTARY', 'PUBLIC', 'PRIVATE');
CREATE TYPE "SubcontractTier" AS ENUM ('END_TO_END', 'SPECIALIST', 'SPOT');
CREATE TYPE "TermsKind" AS ENUM ('PBR_SHARE', 'MILESTONE_TARIFF', 'SERVICE_FEE', 'GRANT', 'HYBRID');
CREATE TYPE "MilestoneCode" AS ENUM (
  'ATTACHMENT', 'NEEDS_ASSESSMENT', 'ACTION_PLAN', 'ACCREDITED_QUALIFICATION', 'WORK_PLACEMENT',
  'VOLUNTEERING', 'SELF_EMPLOYMENT_START', 'JOB_START', 'JOB_OUTCOME', 'SUSTAINMENT'
);
CREATE TYPE "ReferralStatus" AS ENUM ('RECEIVED', 'ACCEPTED', 'REJECTED', 'ALLOCATED', 'ATTACHED', 'EXITED');
CREATE TYPE "ClaimStatus" AS ENUM (
  'DRAFT', 'SUBMITTED', 'PRIME_QUERIED', 'PRIME_APPROVED', 'PRIME_REJECTED', 'SUBMITTED_TO_COMMISSIONER',
  'QUERIED', 'APPROVED', 'REJECTED', 'PAID', 'CLAWED_BACK', 'WITHDRAWN'
);
CREATE TYPE "ActivityKind" AS ENUM ('CONTACT', 'APPOINTMENT', 'TRAINING', 'PLACEMENT', 'REVIEW', 'OTHER');
CREATE TYPE "ReconciliationOutcome" AS ENUM ('MATCHED', 'SHORT', 'OVER', 'LATE', 'UNMATCHED');
CREATE TYPE "RemittanceStatus" AS ENUM ('DRAFT', 'EXPORTED', 'PAID');
CREATE TYPE "SubcontractorPaymentStatus" AS ENUM ('DRAFT', 'APPROVED', 'PAID');
CREATE TYPE "SampleCheckOutcome" AS ENUM ('PENDING', 'PASSED', 'FAILED');

-- ───────────────────────────── parties ─────────────────────────────

CREATE TABLE organisation (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name           text NOT NULL,
  kind           "OrganisationKind" NOT NULL,
  company_number text,
  charity_number text,
  turnover_band  "TurnoverBand",
  sector_type    "SectorType",
  specialisms    text[] NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organisation_name_key UNIQUE (name),
  CONSTRAINT organisation_company_number_key UNIQUE (company_number),
  CONSTRAINT organisation_charity_number_key UNIQUE (charity_number)
);

-- "user" is reserved in SQL.
CREATE TABLE app_user (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id   uuid NOT NULL REFERENCES organisation (id),
  email             citext NOT NULL,
  display_name      text NOT NULL,
  password_hash     text NOT NULL,
  roles             "Role"[] NOT NULL DEFAULT '{}',
  is_active         boolean NOT NULL DEFAULT true,
  last_signed_in_at timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT app_user_email_key UNIQUE (email)
);
CREATE INDEX app_user_organisation_id_idx ON app_user (organisation_id);

-- ───────────────────────────── programmes and payment models ─────────────────────────────

CREATE TABLE programme (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commissioner_id uuid NOT NULL REFERENCES organisation (id),
  name            text NOT NULL,
  starts_on       date NOT NULL,
  ends_on         date,
  eligibility     jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT programme_commissioner_id_name_key UNIQUE (commissioner_id, name),
  CONSTRAINT programme_dates_ordered CHECK (ends_on IS NULL OR ends_on >= starts_on) -- SQL only
);

CREATE TABLE contract_area (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programme (id),
  name         text NOT NULL,
  region       text,
  CONSTRAINT contract_area_programme_id_name_key UNIQUE (programme_id, name)
);

-- A needs-based participant group with its own tariffs (e.g. JSA 18–24, ESA).
CREATE TABLE payment_group (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programme (id),
  code         text NOT NULL,
  name         text NOT NULL,
  description  text,
  CONSTRAINT payment_group_programme_id_code_key UNIQUE (programme_id, code)
);

CREATE TABLE milestone_type (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL REFERENCES programme (id),
  code                "MilestoneCode" NOT NULL,
  name                text NOT NULL,
  prerequisite_codes  "MilestoneCode"[] NOT NULL DEFAULT '{}',
  -- e.g. {"after": "JOB_START", "weeks": 26}; interpreted by packages/domain.
  earliest_date_rule  jsonb NOT NULL DEFAULT '{}',
  max_occurrences     integer,            -- null: unlimited
  claim_deadline_days integer,            -- null: no deadline
  evidence_required   text[] NOT NULL DEFAULT '{}',
  CONSTRAINT milestone_type_programme_id_code_key UNIQUE (programme_id, code),
  CONSTRAINT milestone_type_max_occurrences_positive CHECK (max_occurrences IS NULL OR max_occurrences >= 1), -- SQL only
  CONSTRAINT milestone_type_claim_deadline_days_non_negative CHECK (claim_deadline_days IS NULL OR claim_deadline_days >= 0) -- SQL only
);

CREATE TABLE payment_model (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programme (id),
  name         text NOT NULL,
  CONSTRAINT payment_model_programme_id_name_key UNIQUE (programme_id, name)
);

-- A payment model changes by issuing a new version from a date; claims price
-- against the version in force on the milestone date.
CREATE TABLE payment_model_version (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_model_id          uuid NOT NULL REFERENCES payment_model (id),
  version                   integer NOT NULL,
  effective_from            date NOT NULL,
  effective_to              date,   -- inclusive; null: open-ended
  -- e.g. [{"milestone": "ATTACHMENT", "contractYear": 2, "factorBp": 7500}]
  taper                     jsonb NOT NULL DEFAULT '[]',
  cap_per_participant_pence bigint,
  cap_total_pence           bigint,
  created_at                timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_model_version_payment_model_id_version_key UNIQUE (payment_model_id, version),
  -- SQL only from here.
  CONSTRAINT payment_model_version_version_positive CHECK (version >= 1),
  CONSTRAINT payment_model_version_dates_ordered CHECK (effective_to IS NULL OR effective_to >= effective_from),
  CONSTRAINT payment_model_version_caps_non_negative CHECK (cap_per_participant_pence >= 0 AND cap_total_pence >= 0),
  -- Two versions of one model never overlap, so "the version in force" is a single row.
  CONSTRAINT payment_model_version_no_overlap EXCLUDE USING gist (
    payment_model_id WITH =,
    daterange(effective_from, effective_to, '[]') WITH &&
  )
);

CREATE TABLE tariff (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_model_version_id uuid NOT NULL REFERENCES payment_model_version (id),
  payment_group_id         uuid NOT NULL REFERENCES payment_group (id),
  milestone_type_id        uuid NOT NULL REFERENCES milestone_type (id),
  amount_pence             bigint NOT NULL,
  CONSTRAINT tariff_version_group_milestone_key
    UNIQUE (payment_model_version_id, payment_group_id, milestone_type_id),
  CONSTRAINT tariff_amount_pence_non_negative CHECK (amount_pence >= 0) -- SQL only
);

-- ───────────────────────────── contracts ─────────────────────────────

CREATE TABLE prime_contract (
  id                           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id                 uuid NOT NULL REFERENCES programme (id),
  contract_area_id             uuid NOT NULL REFERENCES contract_area (id),
  prime_id                     uuid NOT NULL REFERENCES organisation (id),
  payment_model_id             uuid NOT NULL REFERENCES payment_model (id),
  reference                    text NOT NULL,
  value_cap_pence              bigint NOT NULL,
  starts_on                    date NOT NULL,
  ends_on                      date NOT NULL,
  minimum_performance_level_bp integer,
  created_at                   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT prime_contract_reference_key UNIQUE (reference),
  CONSTRAINT prime_contract_programme_id_contract_area_id_prime_id_key UNIQUE (programme_id, contract_area_id, prime_id),
  -- Target of the composite foreign keys that keep programme_id honest.
  CONSTRAINT prime_contract_id_programme_id_key UNIQUE (id, programme_id),
  -- SQL only from here.
  CONSTRAINT prime_contract_value_cap_pence_non_negative CHECK (value_cap_pence >= 0),
  CONSTRAINT prime_contract_dates_ordered CHECK (ends_on >= starts_on),
  CONSTRAINT prime_contract_minimum_performance_level_bp_range CHECK (minimum_performance_level_bp BETWEEN 0 AND 10000)
);
CREATE INDEX prime_contract_prime_id_idx ON prime_contract (prime_id);

-- What the prime's bid promised each subcontractor; flow-down is measured against it.
CREATE TABLE bid_commitment (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prime_contract_id         uuid NOT NULL REFERENCES prime_contract (id),
  subcontractor_id          uuid NOT NULL REFERENCES organisation (id),
  planned_spend_share_bp    integer NOT NULL,
  planned_referral_share_bp integer NOT NULL,
  CONSTRAINT bid_commitment_prime_contract_id_subcontractor_id_key UNIQUE (prime_contract_id, subcontractor_id),
  CONSTRAINT bid_commitment_planned_spend_share_bp_range CHECK (planned_spend_share_bp BETWEEN 0 AND 10000), -- SQL only
  CONSTRAINT bid_commitment_planned_referral_share_bp_range CHECK (planned_referral_share_bp BETWEEN 0 AND 10000) -- SQL only
);

CREATE TABLE subcontract (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id             uuid NOT NULL,
  prime_contract_id        uuid NOT NULL,
  subcontractor_id         uuid NOT NULL REFERENCES organisation (id),
  tier                     "SubcontractTier" NOT NULL,
  specialisms              text[] NOT NULL DEFAULT '{}',
  terms_kind               "TermsKind" NOT NULL,
  -- Shape depends on terms_kind (share bp, own rates, fee per period, upfront bp…); validated by packages/domain.
  terms                    jsonb NOT NULL DEFAULT '{}',
  management_fee_bp        integer NOT NULL DEFAULT 0,
  payment_sla_days         integer NOT NULL,
  expected_referral_volume integer,
  capacity                 integer,
  starts_on                date NOT NULL,
  ends_on                  date,
  created_at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT subcontract_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT subcontract_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT subcontract_management_fee_bp_range CHECK (management_fee_bp BETWEEN 0 AND 10000),
  CONSTRAINT subcontract_payment_sla_days_non_negative CHECK (payment_sla_days >= 0),
  CONSTRAINT subcontract_expected_referral_volume_non_negative CHECK (expected_referral_volume >= 0),
  CONSTRAINT subcontract_capacity_non_negative CHECK (capacity >= 0),
  CONSTRAINT subcontract_dates_ordered CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX subcontract_prime_contract_id_idx ON subcontract (prime_contract_id);
CREATE INDEX subcontract_subcontractor_id_idx ON subcontract (subcontractor_id);

-- The participant groups a subcontract serves.
CREATE TABLE subcontract_payment_group (
  subcontract_id   uuid NOT NULL REFERENCES subcontract (id) ON DELETE CASCADE,
  payment_group_id uuid NOT NULL REFERENCES payment_group (id),
  PRIMARY KEY (subcontract_id, payment_group_id)
);

-- ───────────────────────────── participants ─────────────────────────────

CREATE TABLE participant (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id         uuid NOT NULL,
  prime_contract_id    uuid NOT NULL,
  reference            text NOT NULL,   -- pseudonymous; what screens show
  -- NI number: a keyed HMAC for matching, and the value encrypted by the API. Never in clear.
  ni_number_hmac       bytea NOT NULL,
  ni_number_ciphertext bytea NOT NULL,
  benefit_type         text,
  date_of_birth        date,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT participant_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT participant_programme_id_reference_key UNIQUE (programme_id, reference),
  CONSTRAINT participant_programme_id_ni_number_hmac_key UNIQUE (programme_id, ni_number_hmac),
  CONSTRAINT participant_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  CONSTRAINT participant_ni_number_hmac_length CHECK (octet_length(ni_number_hmac) = 32) -- SQL only: HMAC-SHA-256
);
CREATE INDEX participant_prime_contract_id_idx ON participant (prime_contract_id);

-- Special category data (health, disability, offending) in its own table so
-- row-level security can hide it from everyone not supporting the participant;
-- every read is audited by the API.
CREATE TABLE participant_special_category (
  participant_id      uuid PRIMARY KEY,
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  data                jsonb NOT NULL,
  recorded_by_user_id uuid NOT NULL REFERENCES app_user (id),
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT participant_special_category_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id)
    REFERENCES participant (id, programme_id, prime_contract_id)
);

-- Never updated: a reassessment is a new row, so the payment group a claim was priced on stays explainable.
CREATE TABLE needs_assessment (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  participant_id      uuid NOT NULL,
  barriers            jsonb NOT NULL,   -- [{"barrier": "HOUSING", "severity": 3}, …]
  payment_group_id    uuid NOT NULL REFERENCES payment_group (id),
  rule_id             text NOT NULL,
  explanation         text NOT NULL,
  assessed_by_user_id uuid NOT NULL REFERENCES app_user (id),
  assessed_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT needs_assessment_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id)
    REFERENCES participant (id, programme_id, prime_contract_id)
);
CREATE INDEX needs_assessment_participant_id_assessed_at_idx ON needs_assessment (participant_id, assessed_at);

-- ───────────────────────────── referrals and journeys ─────────────────────────────

CREATE TABLE referral (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  referral_partner_id uuid NOT NULL REFERENCES organisation (id),
  participant_id      uuid NOT NULL,
  external_reference  text,             -- the partner's own id; makes bulk imports idempotent
  status              "ReferralStatus" NOT NULL DEFAULT 'RECEIVED',
  subcontract_id      uuid,
  allocation_rule     text,
  allocation_reason   text,
  received_at         timestamptz NOT NULL DEFAULT now(),
  accepted_at         timestamptz,
  allocated_at        timestamptz,
  attached_on         date,
  exited_on           date,
  exit_reason         text,
  CONSTRAINT referral_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT referral_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id)
    REFERENCES participant (id, programme_id, prime_contract_id),
  -- A referral can only be allocated within its own prime contract's supply chain.
  CONSTRAINT referral_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id)
    REFERENCES subcontract (id, programme_id, prime_contract_id),
  CONSTRAINT referral_referral_partner_id_external_reference_key UNIQUE (referral_partner_id, external_reference),
  CONSTRAINT referral_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT referral_allocated_has_subcontract CHECK (status NOT IN ('ALLOCATED', 'ATTACHED') OR subcontract_id IS NOT NULL),
  CONSTRAINT referral_attached_has_date CHECK (status <> 'ATTACHED' OR attached_on IS NOT NULL),
  CONSTRAINT referral_exited_has_date_and_reason CHECK (status <> 'EXITED' OR (exited_on IS NOT NULL AND exit_reason IS NOT NULL)),
  CONSTRAINT referral_dates_ordered CHECK (exited_on IS NULL OR attached_on IS NULL OR exited_on >= attached_on)
);
CREATE INDEX referral_prime_contract_id_status_idx ON referral (prime_contract_id, status);
CREATE INDEX referral_subcontract_id_status_idx ON referral (subcontract_id, status);
CREATE INDEX referral_participant_id_idx ON referral (participant_id);

CREATE TABLE referral_transition (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  referral_id       uuid NOT NULL,
  from_status       "ReferralStatus",   -- null for the first (RECEIVED)
  to_status         "ReferralStatus" NOT NULL,
  by_user_id        uuid REFERENCES app_user (id),   -- null: the system (bulk import, scheduled job)
  at                timestamptz NOT NULL DEFAULT now(),
  reason            text,
  CONSTRAINT referral_transition_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id)
    REFERENCES referral (id, programme_id, prime_contract_id)
);
CREATE INDEX referral_transition_referral_id_at_idx ON referral_transition (referral_id, at);

-- The journey log; the latest occurred_on per referral drives parking indicators.
CREATE TABLE activity (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  referral_id         uuid NOT NULL,
  kind                "ActivityKind" NOT NULL,
  occurred_on         date NOT NULL,
  notes               text,
  recorded_by_user_id uuid NOT NULL REFERENCES app_user (id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT activity_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id)
    REFERENCES referral (id, programme_id, prime_contract_id)
);
CREATE INDEX activity_referral_id_occurred_on_idx ON activity (referral_id, occurred_on);
CREATE INDEX activity_prime_contract_id_occurred_on_idx ON activity (prime_contract_id, occurred_on);

-- ───────────────────────────── claims ─────────────────────────────

-- A prime's batch of claims sent to the commissioner.
CREATE TABLE claim_submission (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id         uuid NOT NULL,
  prime_contract_id    uuid NOT NULL,
  reference            text NOT NULL,
  submitted_by_user_id uuid NOT NULL REFERENCES app_user (id),
  submitted_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT claim_submission_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT claim_submission_prime_contract_id_reference_key UNIQUE (prime_contract_id, reference),
  CONSTRAINT claim_submission_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id)
);

CREATE TABLE claim (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id       uuid NOT NULL,
  prime_contract_id  uuid NOT NULL,
  referral_id        uuid NOT NULL,
  subcontract_id     uuid,              -- null: delivered by the prime itself
  milestone_type_id  uuid NOT NULL REFERENCES milestone_type (id),
  occurrence         integer NOT NULL DEFAULT 1,
  milestone_on       date NOT NULL,
  tariff_id          uuid NOT NULL REFERENCES tariff (id),   -- the tariff row (and so model version) it was priced on
  amount_pence       bigint NOT NULL,
  status             "ClaimStatus" NOT NULL DEFAULT 'DRAFT',
  submission_id      uuid,
  created_by_user_id uuid NOT NULL REFERENCES app_user (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  submitted_at       timestamptz,
  decided_at         timestamptz,
  CONSTRAINT claim_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id)
    REFERENCES referral (id, programme_id, prime_contract_id),
  CONSTRAINT claim_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id)
    REFERENCES subcontract (id, programme_id, prime_contract_id),
  CONSTRAINT claim_submission_fkey FOREIGN KEY (submission_id, programme_id, prime_contract_id)
    REFERENCES claim_submission (id, programme_id, prime_contract_id),
  CONSTRAINT claim_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT claim_occurrence_positive CHECK (occurrence >= 1),
  CONSTRAINT claim_amount_pence_non_negative CHECK (amount_pence >= 0)
);
CREATE INDEX claim_prime_contract_id_status_idx ON claim (prime_contract_id, status);
CREATE INDEX claim_subcontract_id_status_idx ON claim (subcontract_id, status);
CREATE INDEX claim_referral_id_idx ON claim (referral_id);
CREATE INDEX claim_submission_id_idx ON claim (submission_id);
-- SQL only (partial): at most one live claim per milestone occurrence; a
-- rejected or withdrawn claim frees the occurrence to be claimed again.
CREATE UNIQUE INDEX claim_one_live_per_occurrence ON claim (referral_id, milestone_type_id, occurrence)
  WHERE status NOT IN ('PRIME_REJECTED', 'REJECTED', 'WITHDRAWN');

CREATE TABLE claim_transition (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  claim_id          uuid NOT NULL,
  from_status       "ClaimStatus",      -- null for the first (DRAFT)
  to_status         "ClaimStatus" NOT NULL,
  by_user_id        uuid REFERENCES app_user (id),   -- null: the system
  at                timestamptz NOT NULL DEFAULT now(),
  reason            text,
  CONSTRAINT claim_transition_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id)
);
CREATE INDEX claim_transition_claim_id_at_idx ON claim_transition (claim_id, at);

CREATE TABLE evidence (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  claim_id            uuid NOT NULL,
  filename            text NOT NULL,
  content_type        text NOT NULL,
  size_bytes          bigint NOT NULL,
  sha256              bytea NOT NULL,
  storage_key         text NOT NULL,
  uploaded_by_user_id uuid NOT NULL REFERENCES app_user (id),
  uploaded_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT evidence_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  CONSTRAINT evidence_storage_key_key UNIQUE (storage_key),
  CONSTRAINT evidence_size_bytes_non_negative CHECK (size_bytes >= 0), -- SQL only
  CONSTRAINT evidence_sha256_length CHECK (octet_length(sha256) = 32) -- SQL only
);
CREATE INDEX evidence_claim_id_idx ON evidence (claim_id);

-- A query thread on a claim (prime → subcontractor or commissioner → prime).
CREATE TABLE claim_query (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  claim_id          uuid NOT NULL,
  subject           text NOT NULL,
  raised_by_user_id uuid NOT NULL REFERENCES app_user (id),
  raised_at         timestamptz NOT NULL DEFAULT now(),
  resolved_at       timestamptz,
  CONSTRAINT claim_query_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  CONSTRAINT claim_query_resolved_after_raised CHECK (resolved_at IS NULL OR resolved_at >= raised_at) -- SQL only
);
CREATE INDEX claim_query_claim_id_idx ON claim_query (claim_id);

CREATE TABLE claim_query_message (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  claim_query_id    uuid NOT NULL REFERENCES claim_query (id),
  author_user_id    uuid NOT NULL REFERENCES app_user (id),
  body              text NOT NULL,
  sent_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_query_message_claim_query_id_sent_at_idx ON claim_query_message (claim_query_id, sent_at);

-- ───────────────────────────── money ─────────────────────────────

-- Commissioner → prime: a batch of approved claims paid together.
CREATE TABLE remittance (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  period_start      date NOT NULL,
  period_end        date NOT NULL,
  status            "RemittanceStatus" NOT NULL DEFAULT 'DRAFT',
  paid_reference    text,
  paid_on           date,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT remittance_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT remittance_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  CONSTRAINT remittance_dates_ordered CHECK (period_end >= period_start), -- SQL only
  CONSTRAINT remittance_paid_has_reference CHECK (status <> 'PAID' OR (paid_reference IS NOT NULL AND paid_on IS NOT NULL)) -- SQL only
);
CREATE INDEX remittance_prime_contract_id_status_idx ON remittance (prime_contract_id, status);

CREATE TABLE remittance_line (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  remittance_id     uuid NOT NULL,
  claim_id          uuid NOT NULL,
  amount_pence      bigint NOT NULL,
  CONSTRAINT remittance_line_remittance_fkey FOREIGN KEY (remittance_id, programme_id, prime_contract_id)
    REFERENCES remittance (id, programme_id, prime_contract_id),
  CONSTRAINT remittance_line_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  CONSTRAINT remittance_line_remittance_id_claim_id_key UNIQUE (remittance_id, claim_id),
  CONSTRAINT remittance_line_amount_pence_non_negative CHECK (amount_pence >= 0) -- SQL only
);
CREATE INDEX remittance_line_claim_id_idx ON remittance_line (claim_id);

-- Prime → subcontractor, computed from the subcontract terms, due by the SLA.
CREATE TABLE subcontractor_payment (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  subcontract_id    uuid NOT NULL,
  period_start      date NOT NULL,
  period_end        date NOT NULL,
  due_on            date NOT NULL,
  status            "SubcontractorPaymentStatus" NOT NULL DEFAULT 'DRAFT',
  paid_reference    text,
  paid_on           date,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT subcontractor_payment_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id)
    REFERENCES subcontract (id, programme_id, prime_contract_id),
  CONSTRAINT subcontractor_payment_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  CONSTRAINT subcontractor_payment_dates_ordered CHECK (period_end >= period_start), -- SQL only
  CONSTRAINT subcontractor_payment_paid_has_reference CHECK (status <> 'PAID' OR (paid_reference IS NOT NULL AND paid_on IS NOT NULL)) -- SQL only
);
CREATE INDEX subcontractor_payment_subcontract_id_status_idx ON subcontractor_payment (subcontract_id, status);

-- One line per claim passed down (or per scheduled fee, with no claim);
-- amount = gross − management fee, all in pence.
CREATE TABLE subcontractor_payment_line (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id             uuid NOT NULL,
  prime_contract_id        uuid NOT NULL,
  subcontractor_payment_id uuid NOT NULL,
  claim_id                 uuid,
  description              text NOT NULL,
  gross_pence              bigint NOT NULL,
  management_fee_pence     bigint NOT NULL DEFAULT 0,
  amount_pence             bigint NOT NULL,
  CONSTRAINT subcontractor_payment_line_payment_fkey FOREIGN KEY (subcontractor_payment_id, programme_id, prime_contract_id)
    REFERENCES subcontractor_payment (id, programme_id, prime_contract_id),
  CONSTRAINT subcontractor_payment_line_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT subcontractor_payment_line_pence_non_negative CHECK (gross_pence >= 0 AND management_fee_pence >= 0 AND amount_pence >= 0),
  CONSTRAINT subcontractor_payment_line_amount_is_net CHECK (amount_pence = gross_pence - management_fee_pence)
);
CREATE INDEX subcontractor_payment_line_subcontractor_payment_id_idx ON subcontractor_payment_line (subcontractor_payment_id);
CREATE INDEX subcontractor_payment_line_claim_id_idx ON subcontractor_payment_line (claim_id);

-- ───────────────────────────── ledger ─────────────────────────────

CREATE TABLE ledger_account (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  programme_id    uuid NOT NULL REFERENCES programme (id),
  code            text NOT NULL,   -- e.g. CASH, RECEIVABLE_FROM_COMMISSIONER, PAYABLE_TO_SUBCONTRACTORS
  name            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_account_organisation_id_programme_id_code_key UNIQUE (organisation_id, programme_id, code)
);

-- One transfer: its entries sum to zero (constraint trigger below).
CREATE TABLE ledger_transaction (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id             uuid NOT NULL,
  prime_contract_id        uuid NOT NULL,
  description              text NOT NULL,
  remittance_id            uuid,
  subcontractor_payment_id uuid,
  occurred_at              timestamptz NOT NULL DEFAULT now(),
  created_by_user_id       uuid REFERENCES app_user (id),
  CONSTRAINT ledger_transaction_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT ledger_transaction_remittance_fkey FOREIGN KEY (remittance_id, programme_id, prime_contract_id)
    REFERENCES remittance (id, programme_id, prime_contract_id),
  CONSTRAINT ledger_transaction_subcontractor_payment_fkey FOREIGN KEY (subcontractor_payment_id, programme_id, prime_contract_id)
    REFERENCES subcontractor_payment (id, programme_id, prime_contract_id),
  CONSTRAINT ledger_transaction_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id)
);
CREATE INDEX ledger_transaction_prime_contract_id_occurred_at_idx ON ledger_transaction (prime_contract_id, occurred_at);

CREATE TABLE ledger_entry (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  transaction_id    uuid NOT NULL,
  account_id        uuid NOT NULL REFERENCES ledger_account (id),
  amount_pence      bigint NOT NULL,   -- signed: debit positive, credit negative
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_entry_transaction_fkey FOREIGN KEY (transaction_id, programme_id, prime_contract_id)
    REFERENCES ledger_transaction (id, programme_id, prime_contract_id),
  CONSTRAINT ledger_entry_amount_pence_non_zero CHECK (amount_pence <> 0) -- SQL only
);
CREATE INDEX ledger_entry_transaction_id_idx ON ledger_entry (transaction_id);
CREATE INDEX ledger_entry_account_id_idx ON ledger_entry (account_id);

-- SQL only: every ledger transaction sums to zero, checked at COMMIT so its
-- entries can be inserted one by one inside the transaction.
CREATE FUNCTION ledger_transaction_must_balance() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  balance numeric;
BEGIN
  SELECT coalesce(sum(amount_pence), 0) INTO balance FROM ledger_entry WHERE transaction_id = NEW.transaction_id;
  IF balance <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance: entries sum to % pence', NEW.transaction_id, balance
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_transaction_balanced', TABLE = 'ledger_entry';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_entry_transaction_balanced
  AFTER INSERT ON ledger_entry
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_transaction_must_balance();

-- SQL only: posted entries are never changed; a correction is a reversing transaction.
CREATE FUNCTION reject_change_to_append_only_table() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', CONSTRAINT = TG_TABLE_NAME || '_append_only', TABLE = TG_TABLE_NAME;
END $$;

CREATE TRIGGER ledger_entry_append_only
  BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION reject_change_to_append_only_table();
CREATE TRIGGER ledger_entry_no_truncate
  BEFORE TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change_to_append_only_table();

-- ───────────────────────────── reconciliation ─────────────────────────────

CREATE TABLE reconciliation_run (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL,
  prime_contract_id   uuid NOT NULL,
  party_id            uuid NOT NULL REFERENCES organisation (id),  -- whose money is reconciled
  period_start        date NOT NULL,
  period_end          date NOT NULL,
  expected_pence      bigint NOT NULL,
  recorded_pence      bigint NOT NULL,
  run_by_user_id      uuid REFERENCES app_user (id),
  run_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reconciliation_run_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT reconciliation_run_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  CONSTRAINT reconciliation_run_dates_ordered CHECK (period_end >= period_start) -- SQL only
);
CREATE INDEX reconciliation_run_party_id_run_at_idx ON reconciliation_run (party_id, run_at);

CREATE TABLE reconciliation_result (
  id                            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id                  uuid NOT NULL,
  prime_contract_id             uuid NOT NULL,
  run_id                        uuid NOT NULL,
  claim_id                      uuid,
  subcontractor_payment_line_id uuid REFERENCES subcontractor_payment_line (id),
  outcome                       "ReconciliationOutcome" NOT NULL,
  expected_pence                bigint NOT NULL,
  recorded_pence                bigint NOT NULL,
  difference_pence              bigint NOT NULL,
  due_on                        date,
  paid_on                       date,
  note                          text,
  CONSTRAINT reconciliation_result_run_fkey FOREIGN KEY (run_id, programme_id, prime_contract_id)
    REFERENCES reconciliation_run (id, programme_id, prime_contract_id),
  CONSTRAINT reconciliation_result_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  -- SQL only from here.
  CONSTRAINT reconciliation_result_pence_non_negative CHECK (expected_pence >= 0 AND recorded_pence >= 0),
  CONSTRAINT reconciliation_result_difference CHECK (difference_pence = recorded_pence - expected_pence)
);
CREATE INDEX reconciliation_result_run_id_outcome_idx ON reconciliation_result (run_id, outcome);

-- ───────────────────────────── assurance: data matching and sampling ─────────────────────────────

-- An external data file (e.g. earnings from HMRC) matched against participants.
CREATE TABLE data_match_upload (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid NOT NULL REFERENCES programme (id),
  source              text NOT NULL,
  filename            text NOT NULL,
  sha256              bytea NOT NULL,
  row_count           integer NOT NULL,
  uploaded_by_user_id uuid NOT NULL REFERENCES app_user (id),
  uploaded_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT data_match_upload_programme_id_sha256_key UNIQUE (programme_id, sha256), -- the same file twice is a mistake
  CONSTRAINT data_match_upload_row_count_non_negative CHECK (row_count >= 0) -- SQL only
);

CREATE TABLE data_match_row (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  upload_id      uuid NOT NULL REFERENCES data_match_upload (id),
  line_number    integer NOT NULL,
  ni_number_hmac bytea NOT NULL,
  participant_id uuid REFERENCES participant (id),   -- null: no participant matched
  period_start   date NOT NULL,
  period_end     date NOT NULL,
  earnings_pence bigint NOT NULL,
  hours_worked   numeric(8,2),
  CONSTRAINT data_match_row_upload_id_line_number_key UNIQUE (upload_id, line_number),
  -- SQL only from here.
  CONSTRAINT data_match_row_line_number_positive CHECK (line_number >= 1),
  CONSTRAINT data_match_row_dates_ordered CHECK (period_end >= period_start),
  CONSTRAINT data_match_row_earnings_pence_non_negative CHECK (earnings_pence >= 0)
);
CREATE INDEX data_match_row_participant_id_idx ON data_match_row (participant_id);

-- The commissioner's random sample of claims for evidence checks; the failure
-- rate found is extrapolated to the population.
CREATE TABLE claim_sample (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  population_size   integer NOT NULL,
  sample_size       integer NOT NULL,
  seed              text NOT NULL,   -- so the draw can be repeated
  drawn_by_user_id  uuid NOT NULL REFERENCES app_user (id),
  drawn_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT claim_sample_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT claim_sample_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id),
  CONSTRAINT claim_sample_size_within_population CHECK (sample_size >= 0 AND sample_size <= population_size) -- SQL only
);

CREATE TABLE claim_sample_item (
  claim_sample_id    uuid NOT NULL,
  claim_id           uuid NOT NULL,
  programme_id       uuid NOT NULL,
  prime_contract_id  uuid NOT NULL,
  outcome            "SampleCheckOutcome" NOT NULL DEFAULT 'PENDING',
  checked_by_user_id uuid REFERENCES app_user (id),
  checked_at         timestamptz,
  note               text,
  PRIMARY KEY (claim_sample_id, claim_id),
  CONSTRAINT claim_sample_item_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id)
    REFERENCES claim_sample (id, programme_id, prime_contract_id),
  CONSTRAINT claim_sample_item_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id)
);

-- ───────────────────────────── audit ─────────────────────────────

-- Append-only and hash-chained: hash = SHA-256(prev_hash ‖ canonical row),
-- computed by the API. UNIQUE (prev_hash) stops two events claiming the same
-- predecessor, so the chain cannot fork under concurrency.
CREATE TABLE audit_event (
  seq                   bigserial PRIMARY KEY,
  occurred_at           timestamptz NOT NULL DEFAULT now(),
  actor_user_id         uuid REFERENCES app_user (id),
  actor_organisation_id uuid REFERENCES organisation (id),
  action                text NOT NULL,
  entity_type           text NOT NULL,
  entity_id             text NOT NULL,
  programme_id          uuid REFERENCES programme (id),
  data                  jsonb NOT NULL DEFAULT '{}',
  prev_hash             bytea,   -- null only for the first event
  hash                  bytea NOT NULL,
  CONSTRAINT audit_event_prev_hash_key UNIQUE (prev_hash),
  CONSTRAINT audit_event_hash_key UNIQUE (hash),
  CONSTRAINT audit_event_hash_length CHECK (octet_length(hash) = 32 AND (prev_hash IS NULL OR octet_length(prev_hash) = 32)) -- SQL only
);
CREATE INDEX audit_event_entity_type_entity_id_idx ON audit_event (entity_type, entity_id);
CREATE INDEX audit_event_actor_organisation_id_occurred_at_idx ON audit_event (actor_organisation_id, occurred_at);
-- SQL only (expression + partial): a single first event.
CREATE UNIQUE INDEX audit_event_one_genesis ON audit_event ((true)) WHERE prev_hash IS NULL;

-- SQL only: the audit trail is never rewritten.
CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION reject_change_to_append_only_table();
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change_to_append_only_table();
