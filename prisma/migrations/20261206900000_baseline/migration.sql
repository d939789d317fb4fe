-- Baseline: the schema made by the 30 pre-release migrations
-- 20261125000000_init … 20261206300100_pseudonymised_record_closed, squashed into one (issue 19, W16).
-- Generated once by pg_dump --schema-only from a database those migrations built,
-- in pg_dump's dependency order; never edited or regenerated (it is checksummed
-- like every migration). Their text is in git history (before this commit).
--
-- replaces.txt lists them with their checksums. The runner
-- (packages/db/src/migrate/migrate.ts) applies this file to an empty database;
-- on a database that has all of them applied it records this baseline as
-- applied without running it. The readable current schema is prisma/schema.sql.

-- SQL-language function bodies name tables created further down.
SET LOCAL check_function_bodies = false;

-- Row-level security runs party-scoped work as this role (apps/api/src/common/db/party-scope.ts).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'waymark_app') THEN
    CREATE ROLE waymark_app NOLOGIN;
  END IF;
END
$$;
GRANT waymark_app TO CURRENT_USER;

-- Enum equality may be checked before row-level security, so status filters
-- can use an index under RLS (docs/operations.md). Built-in functions: only a
-- superuser may mark them; pg_dump does not carry the mark.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.enum_eq(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_ne(anyenum, anyenum) LEAKPROOF;
  ELSE
    RAISE NOTICE 'enum_eq / enum_ne left as they are: only a superuser can mark them LEAKPROOF (see docs/operations.md)';
  END IF;
END
$$;

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

CREATE TYPE public."ActivityKind" AS ENUM (
    'CONTACT',
    'APPOINTMENT',
    'TRAINING',
    'PLACEMENT',
    'REVIEW',
    'OTHER'
);

CREATE TYPE public."AlertKind" AS ENUM (
    'FLOW_DOWN_REFERRALS',
    'FLOW_DOWN_SPEND',
    'PARKING',
    'LATE_PAYMENT'
);

CREATE TYPE public."AlertStatus" AS ENUM (
    'RAISED',
    'ACKNOWLEDGED'
);

CREATE TYPE public."BidCommitmentStatus" AS ENUM (
    'PROPOSED',
    'CONFIRMED',
    'REJECTED',
    'WITHDRAWN'
);

CREATE TYPE public."ClaimStatus" AS ENUM (
    'DRAFT',
    'SUBMITTED',
    'PRIME_QUERIED',
    'PRIME_APPROVED',
    'PRIME_REJECTED',
    'SUBMITTED_TO_COMMISSIONER',
    'QUERIED',
    'APPROVED',
    'REJECTED',
    'PAID',
    'CLAWED_BACK',
    'WITHDRAWN'
);

CREATE TYPE public."DataMatchOutcome" AS ENUM (
    'VERIFIED',
    'FLAGGED'
);

CREATE TYPE public."DataSubjectRequestKind" AS ENUM (
    'ERASURE',
    'RECTIFICATION'
);

CREATE TYPE public."DataSubjectRequestStatus" AS ENUM (
    'REQUESTED',
    'APPROVED',
    'REFUSED',
    'EXECUTED'
);

CREATE TYPE public."DisputeStatus" AS ENUM (
    'OPEN',
    'ANSWERED',
    'RESOLVED'
);

CREATE TYPE public."DueDiligenceKind" AS ENUM (
    'REGISTRATION',
    'INSURANCE',
    'SAFEGUARDING',
    'QUALITY_CHECK',
    'OTHER'
);

CREATE TYPE public."MoneyFlow" AS ENUM (
    'REMITTED',
    'PASSED_DOWN'
);

CREATE TYPE public."OrganisationKind" AS ENUM (
    'COMMISSIONER',
    'PRIME',
    'SUBCONTRACTOR',
    'REFERRAL_PARTNER',
    'PLATFORM'
);

CREATE TYPE public."PaymentModelVersionStatus" AS ENUM (
    'DRAFT',
    'AWAITING_APPROVAL',
    'PUBLISHED'
);

CREATE TYPE public."PseudonymisationReason" AS ENUM (
    'RETENTION',
    'ERASURE'
);

CREATE TYPE public."ReconciliationOutcome" AS ENUM (
    'MATCHED',
    'SHORT',
    'OVER',
    'LATE',
    'UNMATCHED'
);

CREATE TYPE public."ReferralImportFormat" AS ENUM (
    'CSV',
    'XLSX'
);

CREATE TYPE public."ReferralImportMode" AS ENUM (
    'ALL_OR_NOTHING',
    'VALID_ROWS'
);

CREATE TYPE public."ReferralImportStatus" AS ENUM (
    'QUEUED',
    'RUNNING',
    'COMPLETED',
    'FAILED'
);

CREATE TYPE public."ReferralStatus" AS ENUM (
    'RECEIVED',
    'ACCEPTED',
    'REJECTED',
    'ALLOCATED',
    'ATTACHED',
    'EXITED'
);

CREATE TYPE public."RemittanceStatus" AS ENUM (
    'DRAFT',
    'EXPORTED',
    'PAID'
);

CREATE TYPE public."RetentionRunTrigger" AS ENUM (
    'SCHEDULE',
    'MANUAL'
);

CREATE TYPE public."Role" AS ENUM (
    'ADMIN',
    'CASEWORKER',
    'FINANCE',
    'AUDITOR'
);

CREATE TYPE public."SampleCheckOutcome" AS ENUM (
    'PENDING',
    'PASSED',
    'FAILED'
);

CREATE TYPE public."SectorType" AS ENUM (
    'VOLUNTARY',
    'PUBLIC',
    'PRIVATE'
);

CREATE TYPE public."SubcontractStatus" AS ENUM (
    'DRAFT',
    'OFFERED',
    'ACCEPTED',
    'ACTIVE',
    'SUSPENDED',
    'ENDED'
);

CREATE TYPE public."SubcontractTier" AS ENUM (
    'END_TO_END',
    'SPECIALIST',
    'SPOT'
);

CREATE TYPE public."SubcontractorPaymentStatus" AS ENUM (
    'DRAFT',
    'APPROVED',
    'PAID'
);

CREATE TYPE public."TermsKind" AS ENUM (
    'PBR_SHARE',
    'MILESTONE_TARIFF',
    'SERVICE_FEE',
    'GRANT',
    'HYBRID'
);

CREATE TYPE public."TermsVersionStatus" AS ENUM (
    'PROPOSED',
    'ACCEPTED',
    'REJECTED',
    'WITHDRAWN'
);

CREATE TYPE public."TurnoverBand" AS ENUM (
    'MICRO',
    'SMALL',
    'MEDIUM',
    'LARGE'
);

CREATE FUNCTION public.ledger_transaction_must_balance() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.referral_import_make_date(year integer, month integer, day integer) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
      WHEN year < 1900 OR month < 1 OR month > 12 OR day < 1 THEN NULL
      WHEN day <= extract(day FROM make_date(year, month, 1) + interval '1 month - 1 day') THEN make_date(year, month, day)
    END
  $$;

CREATE FUNCTION public.referral_import_parse_date(value text) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT CASE
      WHEN value ~ '^\d{4}-\d{2}-\d{2}$' THEN referral_import_make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int)
      WHEN value ~ '^\d{1,2}/\d{1,2}/\d{4}$' THEN referral_import_make_date(split_part(value, '/', 3)::int, split_part(value, '/', 2)::int, split_part(value, '/', 1)::int)
    END
  $_$;

CREATE FUNCTION public.reject_change_to_append_only_table() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', CONSTRAINT = TG_TABLE_NAME || '_append_only', TABLE = TG_TABLE_NAME;
END $$;

CREATE FUNCTION public.waymark_add_to_claim_total(p_prime_contract_id uuid, p_pence bigint) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    INSERT INTO prime_contract_claim_total (prime_contract_id, live_pence) VALUES (p_prime_contract_id, p_pence)
    ON CONFLICT (prime_contract_id) DO UPDATE SET live_pence = prime_contract_claim_total.live_pence + EXCLUDED.live_pence
  $$;

CREATE FUNCTION public.waymark_area_open_to_partner(p_contract_area_id uuid, p_referral_partner_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT NOT EXISTS (SELECT 1 FROM referral_partner_area WHERE contract_area_id = p_contract_area_id)
        OR EXISTS (SELECT 1 FROM referral_partner_area WHERE contract_area_id = p_contract_area_id AND referral_partner_id = p_referral_partner_id)
  $$;

CREATE FUNCTION public.waymark_backfill_subcontract_entitlements() RETURNS void
    LANGUAGE sql
    AS $$
  INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, prime_fee_pence, prime_received_on, due_on, gross_pence, management_fee_pence, expected_pence)
  SELECT c.id, c.programme_id, c.prime_contract_id, c.subcontract_id, r.id, rl.amount_pence, r.paid_on, r.paid_on + t.payment_sla_days,
         g.gross_pence, (g.gross_pence * t.management_fee_bp + 5000) / 10000, g.gross_pence - (g.gross_pence * t.management_fee_bp + 5000) / 10000
  FROM claim c
  JOIN remittance_line rl ON rl.claim_id = c.id
  JOIN remittance r ON r.id = rl.remittance_id AND r.status = 'PAID'
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  CROSS JOIN LATERAL waymark_subcontract_terms_on(c.subcontract_id, c.milestone_on) t
  CROSS JOIN LATERAL (
    SELECT CASE t.terms_kind
      WHEN 'PBR_SHARE' THEN (rl.amount_pence * coalesce(t.terms->>'shareBasisPoints', t.terms->>'shareBp', '0')::bigint + 5000) / 10000
      WHEN 'MILESTONE_TARIFF' THEN coalesce((t.terms->'ratesPence'->>(mt.code::text))::bigint, 0)
      WHEN 'HYBRID' THEN coalesce((t.terms->'ratesPence'->>(mt.code::text))::bigint, 0)
      ELSE 0
    END AS gross_pence
  ) g
  WHERE c.subcontract_id IS NOT NULL AND g.gross_pence > 0
  ON CONFLICT (claim_id) DO NOTHING;

  INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id)
  SELECT l.claim_id, l.programme_id, l.prime_contract_id, sp.subcontract_id
  FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
  WHERE sp.status = 'PAID' AND l.claim_id IS NOT NULL
  ON CONFLICT (claim_id) DO NOTHING;

  UPDATE subcontract_entitlement e SET paid_pence = l.amount_pence, paid_on = sp.paid_on, paid_at = now(), subcontractor_payment_line_id = l.id
  FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
  WHERE l.claim_id = e.claim_id AND sp.status = 'PAID' AND e.subcontractor_payment_line_id IS NULL;
$$;

CREATE FUNCTION public.waymark_bid_commitment_first_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  BEGIN
    INSERT INTO bid_commitment_version (programme_id, prime_contract_id, subcontractor_id, version, status, planned_referral_share_bp, planned_spend_share_bp,
                                        specialist_provision, decided_at)
    SELECT pc.programme_id, NEW.prime_contract_id, NEW.subcontractor_id, NEW.version, 'CONFIRMED', NEW.planned_referral_share_bp, NEW.planned_spend_share_bp,
           NEW.specialist_provision, now()
      FROM prime_contract pc WHERE pc.id = NEW.prime_contract_id
    ON CONFLICT (prime_contract_id, subcontractor_id, version) DO NOTHING;
    RETURN NULL;
  END
  $$;

CREATE FUNCTION public.waymark_bid_commitment_shares_within_whole() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  DECLARE
    referral_total bigint;
    spend_total bigint;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('bid_commitment:' || NEW.prime_contract_id, 0));
    SELECT coalesce(sum(planned_referral_share_bp), 0), coalesce(sum(planned_spend_share_bp), 0) INTO referral_total, spend_total
      FROM bid_commitment WHERE prime_contract_id = NEW.prime_contract_id;
    IF referral_total > 10000 OR spend_total > 10000 THEN
      RAISE EXCEPTION 'bid commitments of prime contract % add up to more than 100 %% (referrals % bp, spend % bp)', NEW.prime_contract_id, referral_total, spend_total
        USING ERRCODE = 'check_violation', CONSTRAINT = 'bid_commitment_shares_within_whole', TABLE = 'bid_commitment';
    END IF;
    RETURN NULL;
  END
  $$;

CREATE FUNCTION public.waymark_claim_is_live(p_status public."ClaimStatus") RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT p_status NOT IN ('PRIME_REJECTED', 'REJECTED', 'WITHDRAWN', 'CLAWED_BACK') $$;

CREATE FUNCTION public.waymark_claim_total_refresh() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  DECLARE
    was bigint := CASE WHEN TG_OP <> 'INSERT' AND waymark_claim_is_live(OLD.status) THEN OLD.amount_pence ELSE 0 END;
    now_live bigint := CASE WHEN TG_OP <> 'DELETE' AND waymark_claim_is_live(NEW.status) THEN NEW.amount_pence ELSE 0 END;
  BEGIN
    IF TG_OP = 'UPDATE' AND OLD.prime_contract_id = NEW.prime_contract_id THEN
      -- Most updates (approve, submit, pay) leave the live value alone: no write, no lock on the total.
      IF now_live <> was THEN PERFORM waymark_add_to_claim_total(NEW.prime_contract_id, now_live - was); END IF;
    ELSE
      IF was <> 0 THEN PERFORM waymark_add_to_claim_total(OLD.prime_contract_id, -was); END IF;
      IF now_live <> 0 THEN PERFORM waymark_add_to_claim_total(NEW.prime_contract_id, now_live); END IF;
    END IF;
    RETURN NULL;
  END
  $$;

CREATE FUNCTION public.waymark_claimed_pence(p_prime_contract_id uuid, p_participant_id uuid) RETURNS TABLE(contract_pence bigint, participant_pence bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT
      COALESCE((SELECT t.live_pence FROM prime_contract_claim_total t WHERE t.prime_contract_id = p_prime_contract_id), 0)::bigint,
      COALESCE((SELECT sum(c.amount_pence) FROM referral r JOIN claim c ON c.referral_id = r.id
                 WHERE r.participant_id = p_participant_id AND waymark_claim_is_live(c.status)), 0)::bigint
  $$;

CREATE FUNCTION public.waymark_commissioned_programmes() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$ SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation() $$;

CREATE FUNCTION public.waymark_counterparty_ledger_accounts() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT DISTINCT e.account_id FROM ledger_entry e JOIN ledger_transaction t ON t.id = e.transaction_id
    LEFT JOIN subcontractor_payment p ON p.id = t.subcontractor_payment_id
    WHERE t.prime_contract_id IN (SELECT waymark_scoped_prime_contracts())
       OR p.subcontract_id IN (SELECT waymark_scoped_subcontracts())
  $$;

CREATE FUNCTION public.waymark_current_organisation() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('waymark.organisation_id', true), '')::uuid $$;

CREATE FUNCTION public.waymark_ensure_ledger_account(p_organisation_id uuid, p_programme_id uuid, p_code text, p_name text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
DECLARE
  account uuid;
  caller uuid := waymark_current_organisation();
BEGIN
  IF caller IS NULL OR NOT (
    p_organisation_id = caller
    OR EXISTS (SELECT 1 FROM programme p WHERE p.id = p_programme_id AND p.commissioner_id = caller)
    OR EXISTS (
      SELECT 1 FROM prime_contract pc
      WHERE pc.programme_id = p_programme_id AND pc.prime_id = caller
        AND (p_organisation_id IN (SELECT s.subcontractor_id FROM subcontract s WHERE s.prime_contract_id = pc.id))
    )
  ) THEN
    RAISE EXCEPTION 'organisation % may not open a ledger account for %', caller, p_organisation_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO ledger_account (organisation_id, programme_id, code, name) VALUES (p_organisation_id, p_programme_id, p_code, p_name)
    ON CONFLICT (organisation_id, programme_id, code) DO NOTHING;
  SELECT id INTO account FROM ledger_account WHERE organisation_id = p_organisation_id AND programme_id = p_programme_id AND code = p_code;
  RETURN account;
END $$;

CREATE FUNCTION public.waymark_guard_published_tariff() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF EXISTS (SELECT FROM payment_model_version v WHERE v.id = OLD.payment_model_version_id AND v.status = 'PUBLISHED') THEN
    RAISE EXCEPTION 'the tariffs of a published payment model version cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE FUNCTION public.waymark_guard_published_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'PUBLISHED' THEN
      RAISE EXCEPTION 'payment model version % is published and cannot be deleted', OLD.version USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'PUBLISHED' THEN
    RETURN NEW;
  END IF;
  IF NEW.definition IS DISTINCT FROM OLD.definition OR NEW.effective_from <> OLD.effective_from OR NEW.version <> OLD.version
     OR NEW.status <> OLD.status OR NEW.payment_model_id <> OLD.payment_model_id THEN
    RAISE EXCEPTION 'payment model version % is published and cannot change: publish a new version from a date', OLD.version USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.effective_to IS DISTINCT FROM OLD.effective_to AND (
       (OLD.effective_to IS NOT NULL AND (NEW.effective_to IS NULL OR NEW.effective_to > OLD.effective_to))
       OR EXISTS (SELECT FROM claim c JOIN tariff t ON t.id = c.tariff_id
                  WHERE t.payment_model_version_id = OLD.id AND c.milestone_on > NEW.effective_to)) THEN
    RAISE EXCEPTION 'payment model version % can only be closed, and not before a milestone it has priced', OLD.version USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION public.waymark_is_delegated_referral(p_referral uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT EXISTS (
      SELECT 1 FROM referral r
       WHERE r.id = p_referral
         AND ((r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts())))
              OR (r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation())))
  $$;

CREATE FUNCTION public.waymark_is_visible_participant(p_participant uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT EXISTS (
      SELECT 1 FROM referral r
       WHERE r.participant_id = p_participant
         AND ((r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts())))
              OR (r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation())))
  $$;

CREATE FUNCTION public.waymark_lock_claim_total(p_prime_contract_id uuid) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    INSERT INTO prime_contract_claim_total (prime_contract_id, live_pence) VALUES (p_prime_contract_id, 0)
      ON CONFLICT (prime_contract_id) DO NOTHING;
    SELECT 1 FROM prime_contract_claim_total WHERE prime_contract_id = p_prime_contract_id FOR UPDATE;
  $$;

CREATE PROCEDURE public.waymark_open_scope(IN p_organisation uuid, IN p_session uuid, IN p_user uuid, IN p_api_key uuid, IN p_roles text[])
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF p_session IS NOT NULL THEN
    PERFORM 1
      FROM auth_session s JOIN app_user u ON u.id = s.user_id
     WHERE s.id = p_session AND s.user_id = p_user
       AND s.revoked_at IS NULL AND s.expires_at > now()
       AND u.is_active AND u.organisation_id = p_organisation
       AND u.roles::text[] @> p_roles AND p_roles @> u.roles::text[];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the session has ended, or its user''s organisation or roles changed' USING ERRCODE = 'WMS01';
    END IF;
  ELSIF p_api_key IS NOT NULL THEN
    PERFORM 1
      FROM api_key k
     WHERE k.id = p_api_key AND k.revoked_at IS NULL AND k.organisation_id = p_organisation
       AND k.roles::text[] @> p_roles AND p_roles @> k.roles::text[];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the API key has been revoked or changed' USING ERRCODE = 'WMS01';
    END IF;
  END IF;
  PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
  PERFORM set_config('waymark.organisation_id', p_organisation::text, true);
  PERFORM set_config('role', 'waymark_app', true);
END
$$;

CREATE FUNCTION public.waymark_participant_earnings(target uuid) RETURNS TABLE(period_end date, earnings_pence bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT DISTINCT ON (r.period_start, r.period_end) r.period_end, r.earnings_pence
    FROM data_match_row r JOIN data_match_upload u ON u.id = r.upload_id
    JOIN participant p ON p.id = r.participant_id
    WHERE r.participant_id = target
      AND (p.prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts()))
           OR waymark_is_visible_participant(p.id))
    ORDER BY r.period_start, r.period_end, u.uploaded_at DESC
  $$;

CREATE FUNCTION public.waymark_programme_parties_include_current(p_programme_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT EXISTS (SELECT 1 FROM programme p WHERE p.id = p_programme_id AND p.commissioner_id = waymark_current_organisation())
        OR EXISTS (SELECT 1 FROM prime_contract pc WHERE pc.programme_id = p_programme_id AND pc.prime_id = waymark_current_organisation())
        OR EXISTS (SELECT 1 FROM subcontract s WHERE s.programme_id = p_programme_id AND s.subcontractor_id = waymark_current_organisation())
        OR EXISTS (SELECT 1 FROM referral r WHERE r.programme_id = p_programme_id AND r.referral_partner_id = waymark_current_organisation())
  $$;

CREATE FUNCTION public.waymark_referral_activity_refresh() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  BEGIN
    UPDATE referral r
       SET last_activity_on = latest.last_activity_on, last_contact_on = latest.last_contact_on
      FROM (
        SELECT touched.referral_id, max(a.occurred_on) AS last_activity_on, max(a.occurred_on) FILTER (WHERE a.kind = 'CONTACT') AS last_contact_on
          FROM (SELECT DISTINCT referral_id FROM changed) touched
          LEFT JOIN activity a ON a.referral_id = touched.referral_id
         GROUP BY touched.referral_id
      ) latest
     WHERE r.id = latest.referral_id
       AND (r.last_activity_on IS DISTINCT FROM latest.last_activity_on OR r.last_contact_on IS DISTINCT FROM latest.last_contact_on);
    RETURN NULL;
  END
  $$;

CREATE FUNCTION public.waymark_referral_inherit_payment_group() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
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

CREATE FUNCTION public.waymark_referral_payment_group_refresh() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  BEGIN
    UPDATE referral r
       SET payment_group_code = latest.code
      FROM (
        SELECT DISTINCT ON (touched.participant_id) touched.participant_id, g.code
          FROM (SELECT DISTINCT participant_id FROM changed) touched
          LEFT JOIN needs_assessment na ON na.participant_id = touched.participant_id
          LEFT JOIN payment_group g ON g.id = na.payment_group_id
         ORDER BY touched.participant_id, na.assessed_at DESC NULLS LAST, na.id DESC NULLS LAST
      ) latest
     WHERE r.participant_id = latest.participant_id
       AND r.payment_group_code IS DISTINCT FROM latest.code;
    RETURN NULL;
  END
  $$;

CREATE FUNCTION public.waymark_refuse_closed_by_participant() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  PERFORM waymark_refuse_closed_participants(ARRAY(SELECT DISTINCT participant_id FROM inserted));
  RETURN NULL;
END $$;

CREATE FUNCTION public.waymark_refuse_closed_by_referral() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  PERFORM waymark_refuse_closed_participants(ARRAY(SELECT DISTINCT r.participant_id FROM inserted i JOIN referral r ON r.id = i.referral_id));
  RETURN NULL;
END $$;

CREATE FUNCTION public.waymark_refuse_closed_participants(p_participant_ids uuid[]) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
DECLARE
  closed uuid;
BEGIN
  SELECT pp.participant_id INTO closed FROM participant_pseudonymisation pp WHERE pp.participant_id = ANY(p_participant_ids) LIMIT 1;
  IF closed IS NOT NULL THEN
    RAISE EXCEPTION 'participant % has been pseudonymised: its record is closed to new personal data and claims', closed
      USING ERRCODE = 'check_violation', CONSTRAINT = 'participant_pseudonymised_record_closed';
  END IF;
END $$;

CREATE FUNCTION public.waymark_scoped_prime_contracts() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id
    WHERE pc.prime_id = waymark_current_organisation() OR p.commissioner_id = waymark_current_organisation()
  $$;

CREATE FUNCTION public.waymark_scoped_subcontracts() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$ SELECT s.id FROM subcontract s WHERE s.subcontractor_id = waymark_current_organisation() $$;

CREATE FUNCTION public.waymark_subcontract_first_terms() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  BEGIN
    INSERT INTO subcontract_terms_version (programme_id, prime_contract_id, subcontract_id, version, status, effective_from, effective_to,
                                           terms_kind, terms, management_fee_bp, payment_sla_days, capacity, specialisms, decided_at)
    VALUES (NEW.programme_id, NEW.prime_contract_id, NEW.id, 1,
            CASE WHEN NEW.status IN ('DRAFT', 'OFFERED') THEN 'PROPOSED' ELSE 'ACCEPTED' END::"TermsVersionStatus",
            NEW.starts_on, NULL, NEW.terms_kind, NEW.terms, NEW.management_fee_bp, NEW.payment_sla_days, NEW.capacity, NEW.specialisms,
            CASE WHEN NEW.status IN ('DRAFT', 'OFFERED') THEN NULL ELSE NEW.created_at END);
    RETURN NULL;
  END
  $$;

CREATE FUNCTION public.waymark_subcontract_mirror_terms() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  BEGIN
    UPDATE subcontract s
       SET terms_kind = v.terms_kind, terms = v.terms, management_fee_bp = v.management_fee_bp, payment_sla_days = v.payment_sla_days,
           capacity = v.capacity, specialisms = v.specialisms
      FROM (SELECT * FROM subcontract_terms_version
             WHERE subcontract_id = NEW.subcontract_id AND status = 'ACCEPTED' ORDER BY effective_from DESC LIMIT 1) v
     WHERE s.id = NEW.subcontract_id
       AND (s.terms_kind, s.terms, s.management_fee_bp, s.payment_sla_days, s.capacity, s.specialisms)
           IS DISTINCT FROM (v.terms_kind, v.terms, v.management_fee_bp, v.payment_sla_days, v.capacity, v.specialisms);
    RETURN NULL;
  END
  $$;




CREATE TABLE public.subcontract_terms_version (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid NOT NULL,
    version integer NOT NULL,
    status public."TermsVersionStatus" NOT NULL,
    effective_from date NOT NULL,
    effective_to date,
    terms_kind public."TermsKind" NOT NULL,
    terms jsonb DEFAULT '{}'::jsonb NOT NULL,
    management_fee_bp integer NOT NULL,
    payment_sla_days integer NOT NULL,
    capacity integer,
    specialisms text[] DEFAULT '{}'::text[] NOT NULL,
    reason text,
    proposed_by_user_id uuid,
    proposed_at timestamp with time zone DEFAULT now() NOT NULL,
    decided_by_user_id uuid,
    decided_at timestamp with time zone,
    CONSTRAINT subcontract_terms_version_capacity_non_negative CHECK ((capacity >= 0)),
    CONSTRAINT subcontract_terms_version_dates_ordered CHECK (((effective_to IS NULL) OR (effective_to >= effective_from))),
    CONSTRAINT subcontract_terms_version_decided CHECK (((status = 'PROPOSED'::public."TermsVersionStatus") = (decided_at IS NULL))),
    CONSTRAINT subcontract_terms_version_management_fee_bp_range CHECK (((management_fee_bp >= 0) AND (management_fee_bp <= 10000))),
    CONSTRAINT subcontract_terms_version_payment_sla_days_non_negative CHECK ((payment_sla_days >= 0)),
    CONSTRAINT subcontract_terms_version_version_positive CHECK ((version >= 1))
);

CREATE FUNCTION public.waymark_subcontract_terms_on(p_subcontract_id uuid, p_on date) RETURNS SETOF public.subcontract_terms_version
    LANGUAGE sql STABLE
    AS $$
    SELECT * FROM subcontract_terms_version v
     WHERE v.subcontract_id = p_subcontract_id AND v.status = 'ACCEPTED'
     ORDER BY (v.effective_from <= p_on) DESC, CASE WHEN v.effective_from <= p_on THEN v.effective_from END DESC, v.effective_from
     LIMIT 1
  $$;

CREATE FUNCTION public.waymark_subcontracted_claims() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT c.id FROM claim c
    WHERE c.subcontract_id IS NOT NULL AND c.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts()))
  $$;

CREATE FUNCTION public.waymark_subcontracted_remittances() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
    SELECT DISTINCT rl.remittance_id FROM remittance_line rl
    WHERE rl.claim_id = ANY(ARRAY(SELECT waymark_subcontracted_claims()))
  $$;

CREATE TABLE public.activity (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referral_id uuid NOT NULL,
    kind public."ActivityKind" NOT NULL,
    occurred_on date NOT NULL,
    notes text,
    recorded_by_user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.alert (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid,
    kind public."AlertKind" NOT NULL,
    status public."AlertStatus" DEFAULT 'RAISED'::public."AlertStatus" NOT NULL,
    measured_bp integer NOT NULL,
    threshold_bp integer NOT NULL,
    detail text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    raised_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    acknowledged_at timestamp with time zone,
    acknowledged_by_user_id uuid,
    acknowledgement_note text,
    CONSTRAINT alert_acknowledged_has_who CHECK (((status <> 'ACKNOWLEDGED'::public."AlertStatus") OR ((acknowledged_at IS NOT NULL) AND (acknowledged_by_user_id IS NOT NULL))))
);

CREATE TABLE public.alert_threshold (
    programme_id uuid NOT NULL,
    flow_down_min_bp integer DEFAULT 7500 NOT NULL,
    parking_inactive_days integer DEFAULT 30 NOT NULL,
    parking_max_share_bp integer DEFAULT 2000 NOT NULL,
    late_payment_max_share_bp integer DEFAULT 1000 NOT NULL,
    set_by_user_id uuid,
    set_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT alert_threshold_bp_range CHECK ((((flow_down_min_bp >= 0) AND (flow_down_min_bp <= 10000)) AND ((parking_max_share_bp >= 0) AND (parking_max_share_bp <= 10000)) AND ((late_payment_max_share_bp >= 0) AND (late_payment_max_share_bp <= 10000)))),
    CONSTRAINT alert_threshold_parking_inactive_days_range CHECK (((parking_inactive_days >= 1) AND (parking_inactive_days <= 3650)))
);

CREATE TABLE public.allocation_policy (
    prime_contract_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    policy text NOT NULL,
    declared_by_user_id uuid NOT NULL,
    declared_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT allocation_policy_policy_known CHECK ((policy = ANY (ARRAY['BID_SHARE'::text, 'ROUND_ROBIN'::text, 'SPECIALISM_FIRST'::text])))
);

CREATE TABLE public.analytics_money_month (
    id bigint NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    month date NOT NULL,
    flow public."MoneyFlow" NOT NULL,
    subcontract_id uuid,
    payment_group_id uuid,
    milestone_type_id uuid,
    gross_pence bigint NOT NULL,
    management_fee_pence bigint NOT NULL,
    amount_pence bigint NOT NULL,
    line_count integer NOT NULL,
    CONSTRAINT analytics_money_month_month_is_first CHECK ((EXTRACT(day FROM month) = (1)::numeric))
);

CREATE SEQUENCE public.analytics_money_month_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.analytics_money_month_id_seq OWNED BY public.analytics_money_month.id;

CREATE TABLE public.analytics_payment_fact (
    subcontractor_payment_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid NOT NULL,
    status public."SubcontractorPaymentStatus" NOT NULL,
    period_start date NOT NULL,
    due_on date NOT NULL,
    received_on date,
    paid_on date,
    sla_days integer NOT NULL,
    net_pence bigint NOT NULL
);

CREATE TABLE public.analytics_referral_fact (
    referral_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid,
    payment_group_id uuid,
    status public."ReferralStatus" NOT NULL,
    received_on date NOT NULL,
    allocated_on date,
    attached_on date,
    first_contact_on date,
    last_activity_on date,
    exited_on date,
    job_outcome_on date,
    refreshed_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.analytics_referral_month (
    subcontract_id uuid NOT NULL,
    month date NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referrals integer NOT NULL
);

CREATE TABLE public.analytics_refresh (
    id bigint NOT NULL,
    mode text NOT NULL,
    since timestamp with time zone,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    duration_ms integer NOT NULL,
    rows_written integer NOT NULL,
    CONSTRAINT analytics_refresh_mode_known CHECK ((mode = ANY (ARRAY['FULL'::text, 'INCREMENTAL'::text, 'PRIME_CONTRACT'::text])))
);

CREATE SEQUENCE public.analytics_refresh_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.analytics_refresh_id_seq OWNED BY public.analytics_refresh.id;

CREATE TABLE public.api_key (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    name text NOT NULL,
    key_prefix text NOT NULL,
    key_hash bytea NOT NULL,
    roles public."Role"[] NOT NULL,
    created_by_user_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT api_key_has_roles CHECK ((cardinality(roles) > 0)),
    CONSTRAINT api_key_hash_is_sha256 CHECK ((octet_length(key_hash) = 32))
);

CREATE TABLE public.app_user (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    email public.citext NOT NULL,
    display_name text NOT NULL,
    password_hash text NOT NULL,
    roles public."Role"[] DEFAULT '{}'::public."Role"[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    last_signed_in_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.audit_event (
    seq bigint NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    actor_organisation_id uuid,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    programme_id uuid,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    prev_hash bytea,
    hash bytea NOT NULL,
    CONSTRAINT audit_event_hash_length CHECK (((octet_length(hash) = 32) AND ((prev_hash IS NULL) OR (octet_length(prev_hash) = 32))))
);

CREATE SEQUENCE public.audit_event_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.audit_event_seq_seq OWNED BY public.audit_event.seq;

CREATE TABLE public.auth_session (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    revoked_reason text,
    user_agent text,
    ip_address text NOT NULL,
    CONSTRAINT auth_session_expiry_after_creation CHECK ((expires_at > created_at)),
    CONSTRAINT auth_session_revocation_has_reason CHECK (((revoked_at IS NULL) = (revoked_reason IS NULL)))
);

CREATE TABLE public.bank_statement_import (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    filename text NOT NULL,
    sha256 bytea NOT NULL,
    row_count integer NOT NULL,
    matched_count integer NOT NULL,
    uploaded_by_user_id uuid,
    uploaded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT bank_statement_import_counts CHECK (((row_count >= 0) AND ((matched_count >= 0) AND (matched_count <= row_count)))),
    CONSTRAINT bank_statement_import_sha256_length CHECK ((octet_length(sha256) = 32))
);

CREATE TABLE public.bank_statement_line (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    import_id uuid NOT NULL,
    line_number integer NOT NULL,
    paid_on date NOT NULL,
    reference text NOT NULL,
    amount_pence bigint NOT NULL,
    outcome public."ReconciliationOutcome" NOT NULL,
    remittance_id uuid,
    subcontractor_payment_id uuid,
    expected_pence bigint,
    CONSTRAINT bank_statement_line_line_number_positive CHECK ((line_number >= 1)),
    CONSTRAINT bank_statement_line_one_match CHECK (((remittance_id IS NULL) OR (subcontractor_payment_id IS NULL)))
);

CREATE TABLE public.bid_commitment (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontractor_id uuid NOT NULL,
    planned_spend_share_bp integer NOT NULL,
    planned_referral_share_bp integer NOT NULL,
    specialist_provision boolean DEFAULT false NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    CONSTRAINT bid_commitment_planned_referral_share_bp_range CHECK (((planned_referral_share_bp >= 0) AND (planned_referral_share_bp <= 10000))),
    CONSTRAINT bid_commitment_planned_spend_share_bp_range CHECK (((planned_spend_share_bp >= 0) AND (planned_spend_share_bp <= 10000)))
);

CREATE TABLE public.bid_commitment_version (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontractor_id uuid NOT NULL,
    version integer NOT NULL,
    status public."BidCommitmentStatus" NOT NULL,
    planned_referral_share_bp integer NOT NULL,
    planned_spend_share_bp integer NOT NULL,
    specialist_provision boolean DEFAULT false NOT NULL,
    reason text,
    proposed_by_user_id uuid,
    proposed_by_organisation_id uuid,
    proposed_at timestamp with time zone DEFAULT now() NOT NULL,
    decided_by_user_id uuid,
    decided_at timestamp with time zone,
    CONSTRAINT bid_commitment_version_decided CHECK (((status = 'PROPOSED'::public."BidCommitmentStatus") = (decided_at IS NULL))),
    CONSTRAINT bid_commitment_version_planned_referral_share_bp_range CHECK (((planned_referral_share_bp >= 0) AND (planned_referral_share_bp <= 10000))),
    CONSTRAINT bid_commitment_version_planned_spend_share_bp_range CHECK (((planned_spend_share_bp >= 0) AND (planned_spend_share_bp <= 10000))),
    CONSTRAINT bid_commitment_version_version_positive CHECK ((version >= 1))
);

CREATE TABLE public.claim (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referral_id uuid NOT NULL,
    subcontract_id uuid,
    milestone_type_id uuid NOT NULL,
    occurrence integer DEFAULT 1 NOT NULL,
    milestone_on date NOT NULL,
    tariff_id uuid NOT NULL,
    amount_pence bigint NOT NULL,
    status public."ClaimStatus" DEFAULT 'DRAFT'::public."ClaimStatus" NOT NULL,
    submission_id uuid,
    created_by_user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    submitted_at timestamp with time zone,
    decided_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    CONSTRAINT claim_amount_pence_non_negative CHECK ((amount_pence >= 0)),
    CONSTRAINT claim_occurrence_positive CHECK ((occurrence >= 1)),
    CONSTRAINT claim_version_positive CHECK ((version >= 1))
);

CREATE TABLE public.claim_clawback (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    claim_sample_id uuid,
    amount_pence bigint NOT NULL,
    reason text NOT NULL,
    decided_by_user_id uuid NOT NULL,
    decided_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_clawback_amount_pence_positive CHECK ((amount_pence > 0)),
    CONSTRAINT claim_clawback_reason_present CHECK ((length(btrim(reason)) > 0))
);

CREATE TABLE public.claim_query (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    subject text NOT NULL,
    raised_by_user_id uuid NOT NULL,
    raised_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    CONSTRAINT claim_query_resolved_after_raised CHECK (((resolved_at IS NULL) OR (resolved_at >= raised_at)))
);

CREATE TABLE public.claim_query_message (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    claim_query_id uuid NOT NULL,
    author_user_id uuid NOT NULL,
    body text NOT NULL,
    sent_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.claim_sample (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    population_size integer NOT NULL,
    sample_size integer NOT NULL,
    seed text NOT NULL,
    drawn_by_user_id uuid NOT NULL,
    drawn_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_sample_size_within_population CHECK (((sample_size >= 0) AND (sample_size <= population_size)))
);

CREATE TABLE public.claim_sample_item (
    claim_sample_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    outcome public."SampleCheckOutcome" DEFAULT 'PENDING'::public."SampleCheckOutcome" NOT NULL,
    checked_by_user_id uuid,
    checked_at timestamp with time zone,
    note text
);

CREATE TABLE public.claim_sample_period (
    claim_sample_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    population_value_pence bigint NOT NULL,
    CONSTRAINT claim_sample_period_dates_ordered CHECK ((period_end >= period_start)),
    CONSTRAINT claim_sample_period_population_value_pence_non_negative CHECK ((population_value_pence >= 0))
);

CREATE TABLE public.claim_sample_population (
    claim_sample_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    amount_pence bigint NOT NULL,
    CONSTRAINT claim_sample_population_amount_pence_non_negative CHECK ((amount_pence >= 0))
);

CREATE TABLE public.claim_sample_recovery (
    claim_sample_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    sampled_value_pence bigint NOT NULL,
    failed_value_pence bigint NOT NULL,
    population_value_pence bigint NOT NULL,
    recovery_pence bigint NOT NULL,
    explanation text NOT NULL,
    closed_by_user_id uuid NOT NULL,
    closed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_sample_recovery_values_ordered CHECK (((failed_value_pence >= 0) AND (failed_value_pence <= sampled_value_pence) AND (sampled_value_pence <= population_value_pence))),
    CONSTRAINT claim_sample_recovery_within_population CHECK (((recovery_pence >= 0) AND (recovery_pence <= population_value_pence)))
);

CREATE TABLE public.claim_submission (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    reference text NOT NULL,
    submitted_by_user_id uuid NOT NULL,
    submitted_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.claim_transition (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    from_status public."ClaimStatus",
    to_status public."ClaimStatus" NOT NULL,
    by_user_id uuid,
    at timestamp with time zone DEFAULT now() NOT NULL,
    reason text
);

CREATE TABLE public.contract_area (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    name text NOT NULL,
    region text
);

CREATE TABLE public.data_match_result (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    upload_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    outcome public."DataMatchOutcome" NOT NULL,
    earnings_pence bigint NOT NULL,
    threshold_pence bigint NOT NULL,
    window_start date NOT NULL,
    window_end date NOT NULL,
    reason text NOT NULL,
    checked_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT data_match_result_dates_ordered CHECK ((window_end >= window_start)),
    CONSTRAINT data_match_result_pence_non_negative CHECK (((earnings_pence >= 0) AND (threshold_pence >= 0)))
);

CREATE TABLE public.data_match_row (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    upload_id uuid NOT NULL,
    line_number integer NOT NULL,
    ni_number_hmac bytea NOT NULL,
    participant_id uuid,
    period_start date NOT NULL,
    period_end date NOT NULL,
    earnings_pence bigint NOT NULL,
    hours_worked numeric(8,2),
    CONSTRAINT data_match_row_dates_ordered CHECK ((period_end >= period_start)),
    CONSTRAINT data_match_row_earnings_pence_non_negative CHECK ((earnings_pence >= 0)),
    CONSTRAINT data_match_row_line_number_positive CHECK ((line_number >= 1))
);

CREATE TABLE public.data_match_upload (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    source text NOT NULL,
    filename text NOT NULL,
    sha256 bytea NOT NULL,
    row_count integer NOT NULL,
    uploaded_by_user_id uuid NOT NULL,
    uploaded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT data_match_upload_row_count_non_negative CHECK ((row_count >= 0))
);

CREATE TABLE public.data_subject_request (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    participant_id uuid NOT NULL,
    kind public."DataSubjectRequestKind" NOT NULL,
    status public."DataSubjectRequestStatus" DEFAULT 'REQUESTED'::public."DataSubjectRequestStatus" NOT NULL,
    received_on date NOT NULL,
    description text NOT NULL,
    lawful_basis_notes text,
    rectification jsonb,
    requested_by_user_id uuid NOT NULL,
    requested_by_organisation_id uuid NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    decided_by_user_id uuid,
    decided_at timestamp with time zone,
    decision_reason text,
    executed_by_user_id uuid,
    executed_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    CONSTRAINT data_subject_request_decided_has_facts CHECK (((status = 'REQUESTED'::public."DataSubjectRequestStatus") OR ((decided_by_user_id IS NOT NULL) AND (decided_at IS NOT NULL) AND (decision_reason IS NOT NULL)))),
    CONSTRAINT data_subject_request_executed_has_facts CHECK (((status <> 'EXECUTED'::public."DataSubjectRequestStatus") OR ((executed_by_user_id IS NOT NULL) AND (executed_at IS NOT NULL)))),
    CONSTRAINT data_subject_request_maker_is_not_checker CHECK (((decided_by_user_id IS NULL) OR (decided_by_user_id <> requested_by_user_id))),
    CONSTRAINT data_subject_request_rectification_matches_kind CHECK (((kind = 'RECTIFICATION'::public."DataSubjectRequestKind") = (rectification IS NOT NULL))),
    CONSTRAINT data_subject_request_version_positive CHECK ((version >= 1))
);

CREATE TABLE public.data_subject_request_transition (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    request_id uuid NOT NULL,
    from_status public."DataSubjectRequestStatus",
    to_status public."DataSubjectRequestStatus" NOT NULL,
    by_user_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    reason text
);

CREATE TABLE public.due_diligence_record (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    prime_id uuid NOT NULL,
    subcontractor_id uuid NOT NULL,
    kind public."DueDiligenceKind" NOT NULL,
    title text NOT NULL,
    reference text,
    checked_on date NOT NULL,
    expires_on date,
    notes text,
    recorded_by_user_id uuid,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT due_diligence_record_dates_ordered CHECK (((expires_on IS NULL) OR (expires_on >= checked_on)))
);

CREATE TABLE public.evidence (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    filename text NOT NULL,
    content_type text NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 bytea NOT NULL,
    storage_key text NOT NULL,
    uploaded_by_user_id uuid NOT NULL,
    uploaded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT evidence_sha256_length CHECK ((octet_length(sha256) = 32)),
    CONSTRAINT evidence_size_bytes_non_negative CHECK ((size_bytes >= 0))
);

CREATE TABLE public.evidence_purge (
    evidence_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    retention_run_id uuid NOT NULL,
    purged_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.idempotency_key (
    organisation_id uuid NOT NULL,
    key text NOT NULL,
    route text NOT NULL,
    request_hash bytea NOT NULL,
    response_status integer NOT NULL,
    response_body jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT idempotency_key_key_length CHECK (((length(key) >= 1) AND (length(key) <= 255))),
    CONSTRAINT idempotency_key_request_hash_length CHECK ((octet_length(request_hash) = 32))
);

CREATE TABLE public.invitation (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    email public.citext NOT NULL,
    display_name text NOT NULL,
    roles public."Role"[] NOT NULL,
    token_hash bytea NOT NULL,
    invited_by_user_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT invitation_has_roles CHECK ((cardinality(roles) > 0)),
    CONSTRAINT invitation_hash_is_sha256 CHECK ((octet_length(token_hash) = 32))
);

CREATE TABLE public.job_spell (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referral_id uuid NOT NULL,
    employer text NOT NULL,
    started_on date NOT NULL,
    ended_on date,
    hours_per_week numeric(5,2),
    hourly_pay_pence bigint,
    is_self_employment boolean DEFAULT false NOT NULL,
    recorded_by_user_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT job_spell_dates_ordered CHECK (((ended_on IS NULL) OR (ended_on >= started_on))),
    CONSTRAINT job_spell_hourly_pay_pence_non_negative CHECK (((hourly_pay_pence IS NULL) OR (hourly_pay_pence >= 0))),
    CONSTRAINT job_spell_hours_range CHECK (((hours_per_week IS NULL) OR ((hours_per_week > (0)::numeric) AND (hours_per_week <= (168)::numeric))))
);

CREATE TABLE public.journey_event (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referral_id uuid NOT NULL,
    milestone_code text NOT NULL,
    occurrence integer DEFAULT 1 NOT NULL,
    achieved_on date NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    recorded_by_user_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT journey_event_milestone_code_format CHECK ((milestone_code ~ '^[A-Z][A-Z0-9_]{0,39}$'::text)),
    CONSTRAINT journey_event_occurrence_positive CHECK ((occurrence >= 1))
);

CREATE TABLE public.ledger_account (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.ledger_entry (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    transaction_id uuid NOT NULL,
    account_id uuid NOT NULL,
    amount_pence bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ledger_entry_amount_pence_non_zero CHECK ((amount_pence <> 0))
);

CREATE TABLE public.ledger_transaction (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    description text NOT NULL,
    remittance_id uuid,
    subcontractor_payment_id uuid,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by_user_id uuid
);

CREATE TABLE public.milestone_type (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    CONSTRAINT milestone_type_code_format CHECK ((code ~ '^[A-Z][A-Z0-9_]{0,39}$'::text))
);

CREATE TABLE public.needs_assessment (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    participant_id uuid NOT NULL,
    barriers jsonb NOT NULL,
    payment_group_id uuid NOT NULL,
    rule_id text NOT NULL,
    explanation text NOT NULL,
    assessed_by_user_id uuid NOT NULL,
    assessed_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.ocds_publication (
    programme_id uuid NOT NULL,
    is_published boolean NOT NULL,
    changed_by_user_id uuid NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.ocds_release (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    ocid text NOT NULL,
    sequence integer NOT NULL,
    release_id text NOT NULL,
    released_at timestamp with time zone NOT NULL,
    content_sha256 text NOT NULL,
    release json NOT NULL,
    CONSTRAINT ocds_release_content_sha256_hex CHECK ((content_sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT ocds_release_sequence_positive CHECK ((sequence >= 1))
);

CREATE TABLE public.organisation (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    kind public."OrganisationKind" NOT NULL,
    company_number text,
    charity_number text,
    turnover_band public."TurnoverBand",
    sector_type public."SectorType",
    specialisms text[] DEFAULT '{}'::text[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.participant (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    reference text NOT NULL,
    ni_number_hmac bytea NOT NULL,
    ni_number_ciphertext bytea NOT NULL,
    benefit_type text,
    date_of_birth date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT participant_ni_number_hmac_length CHECK ((octet_length(ni_number_hmac) = 32))
);

CREATE TABLE public.participant_pseudonymisation (
    participant_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    reason public."PseudonymisationReason" NOT NULL,
    retention_run_id uuid,
    data_subject_request_id uuid,
    pseudonymised_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT participant_pseudonymisation_has_cause CHECK ((((reason = 'RETENTION'::public."PseudonymisationReason") AND (retention_run_id IS NOT NULL)) OR ((reason = 'ERASURE'::public."PseudonymisationReason") AND (data_subject_request_id IS NOT NULL))))
);

CREATE TABLE public.participant_special_category (
    participant_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    data jsonb NOT NULL,
    recorded_by_user_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.payment_group (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    description text
);

CREATE TABLE public.payment_model (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    name text NOT NULL,
    description text,
    created_by_user_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.payment_model_version (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    payment_model_id uuid NOT NULL,
    version integer NOT NULL,
    effective_from date NOT NULL,
    effective_to date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    definition jsonb NOT NULL,
    status public."PaymentModelVersionStatus" DEFAULT 'DRAFT'::public."PaymentModelVersionStatus" NOT NULL,
    change_note text,
    created_by_user_id uuid,
    submitted_by_user_id uuid,
    submitted_at timestamp with time zone,
    published_by_user_id uuid,
    published_at timestamp with time zone,
    CONSTRAINT payment_model_version_checker_differs CHECK (((published_by_user_id IS NULL) OR (submitted_by_user_id IS NULL) OR (published_by_user_id <> submitted_by_user_id))),
    CONSTRAINT payment_model_version_dates_ordered CHECK (((effective_to IS NULL) OR (effective_to >= effective_from))),
    CONSTRAINT payment_model_version_definition_is_object CHECK ((jsonb_typeof(definition) = 'object'::text)),
    CONSTRAINT payment_model_version_published_has_who_and_when CHECK (((status <> 'PUBLISHED'::public."PaymentModelVersionStatus") OR (published_at IS NOT NULL))),
    CONSTRAINT payment_model_version_version_positive CHECK ((version >= 1))
);

CREATE TABLE public.prime_contract (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    contract_area_id uuid NOT NULL,
    prime_id uuid NOT NULL,
    payment_model_id uuid NOT NULL,
    reference text NOT NULL,
    value_cap_pence bigint NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    minimum_performance_level_bp integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT prime_contract_dates_ordered CHECK ((ends_on >= starts_on)),
    CONSTRAINT prime_contract_minimum_performance_level_bp_range CHECK (((minimum_performance_level_bp >= 0) AND (minimum_performance_level_bp <= 10000))),
    CONSTRAINT prime_contract_value_cap_pence_non_negative CHECK ((value_cap_pence >= 0))
);

CREATE TABLE public.prime_contract_claim_total (
    prime_contract_id uuid NOT NULL,
    live_pence bigint NOT NULL
);

CREATE TABLE public.programme (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    commissioner_id uuid NOT NULL,
    name text NOT NULL,
    starts_on date NOT NULL,
    ends_on date,
    eligibility jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    support_period_weeks integer DEFAULT 104 NOT NULL,
    created_by_user_id uuid,
    CONSTRAINT programme_dates_ordered CHECK (((ends_on IS NULL) OR (ends_on >= starts_on))),
    CONSTRAINT programme_support_period_weeks_range CHECK (((support_period_weeks >= 1) AND (support_period_weeks <= 520)))
);

CREATE TABLE public.reconciliation_dispute (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    result_id uuid NOT NULL,
    status public."DisputeStatus" DEFAULT 'OPEN'::public."DisputeStatus" NOT NULL,
    raised_by_user_id uuid NOT NULL,
    raised_by_organisation_id uuid NOT NULL,
    reason text NOT NULL,
    raised_at timestamp with time zone DEFAULT now() NOT NULL,
    answer text,
    answered_by_user_id uuid,
    answered_at timestamp with time zone,
    resolution text,
    resolved_by_user_id uuid,
    resolved_at timestamp with time zone,
    CONSTRAINT reconciliation_dispute_answered_has_answer CHECK (((status = 'OPEN'::public."DisputeStatus") OR ((answer IS NOT NULL) AND (answered_at IS NOT NULL)))),
    CONSTRAINT reconciliation_dispute_resolved_has_resolution CHECK (((status <> 'RESOLVED'::public."DisputeStatus") OR ((resolution IS NOT NULL) AND (resolved_at IS NOT NULL))))
);

CREATE TABLE public.reconciliation_result (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    run_id uuid NOT NULL,
    claim_id uuid,
    subcontractor_payment_line_id uuid,
    outcome public."ReconciliationOutcome" NOT NULL,
    expected_pence bigint NOT NULL,
    recorded_pence bigint NOT NULL,
    difference_pence bigint NOT NULL,
    due_on date,
    paid_on date,
    note text,
    CONSTRAINT reconciliation_result_difference CHECK ((difference_pence = (recorded_pence - expected_pence))),
    CONSTRAINT reconciliation_result_pence_non_negative CHECK (((expected_pence >= 0) AND (recorded_pence >= 0)))
);

CREATE TABLE public.reconciliation_run (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    party_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    expected_pence bigint NOT NULL,
    recorded_pence bigint NOT NULL,
    run_by_user_id uuid,
    run_at timestamp with time zone DEFAULT now() NOT NULL,
    subcontract_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    as_of date,
    outcome_totals jsonb,
    CONSTRAINT reconciliation_run_dates_ordered CHECK ((period_end >= period_start))
);

CREATE TABLE public.referral (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referral_partner_id uuid NOT NULL,
    participant_id uuid NOT NULL,
    external_reference text,
    status public."ReferralStatus" DEFAULT 'RECEIVED'::public."ReferralStatus" NOT NULL,
    subcontract_id uuid,
    allocation_rule text,
    allocation_reason text,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    accepted_at timestamp with time zone,
    allocated_at timestamp with time zone,
    attached_on date,
    exited_on date,
    exit_reason text,
    version integer DEFAULT 1 NOT NULL,
    payment_group_code text,
    last_activity_on date,
    last_contact_on date,
    CONSTRAINT referral_allocated_has_subcontract CHECK (((status <> ALL (ARRAY['ALLOCATED'::public."ReferralStatus", 'ATTACHED'::public."ReferralStatus"])) OR (subcontract_id IS NOT NULL))),
    CONSTRAINT referral_attached_has_date CHECK (((status <> 'ATTACHED'::public."ReferralStatus") OR (attached_on IS NOT NULL))),
    CONSTRAINT referral_dates_ordered CHECK (((exited_on IS NULL) OR (attached_on IS NULL) OR (exited_on >= attached_on))),
    CONSTRAINT referral_exited_has_date_and_reason CHECK (((status <> 'EXITED'::public."ReferralStatus") OR ((exited_on IS NOT NULL) AND (exit_reason IS NOT NULL)))),
    CONSTRAINT referral_version_positive CHECK ((version >= 1))
);

CREATE TABLE public.referral_import (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referral_partner_id uuid NOT NULL,
    uploaded_by_organisation_id uuid NOT NULL,
    uploaded_by_user_id uuid,
    mode public."ReferralImportMode" NOT NULL,
    format public."ReferralImportFormat",
    status public."ReferralImportStatus" DEFAULT 'QUEUED'::public."ReferralImportStatus" NOT NULL,
    file_name text,
    file_storage_key text NOT NULL,
    file_sha256 bytea NOT NULL,
    file_size_bytes bigint NOT NULL,
    rows_done integer DEFAULT 0 NOT NULL,
    rows_total integer,
    imported_count integer,
    rejected_count integer,
    failure_reason text,
    attempts integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT referral_import_completed_has_counts CHECK (((status <> 'COMPLETED'::public."ReferralImportStatus") OR ((imported_count IS NOT NULL) AND (rejected_count IS NOT NULL) AND (rows_total IS NOT NULL)))),
    CONSTRAINT referral_import_counts_non_negative CHECK (((rows_done >= 0) AND (rows_total >= 0) AND (imported_count >= 0) AND (rejected_count >= 0))),
    CONSTRAINT referral_import_failed_has_reason CHECK (((status <> 'FAILED'::public."ReferralImportStatus") OR (failure_reason IS NOT NULL))),
    CONSTRAINT referral_import_file_sha256_length CHECK ((octet_length(file_sha256) = 32))
);

CREATE TABLE public.referral_import_error (
    import_id uuid NOT NULL,
    seq integer NOT NULL,
    line integer NOT NULL,
    column_name text NOT NULL,
    value text,
    reason text NOT NULL
);

CREATE TABLE public.referral_partner_area (
    contract_area_id uuid NOT NULL,
    referral_partner_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    added_by_user_id uuid,
    added_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.referral_transition (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referral_id uuid NOT NULL,
    from_status public."ReferralStatus",
    to_status public."ReferralStatus" NOT NULL,
    by_user_id uuid,
    at timestamp with time zone DEFAULT now() NOT NULL,
    reason text
);

CREATE TABLE public.refresh_token (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    session_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    issued_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT refresh_token_hash_is_sha256 CHECK ((octet_length(token_hash) = 32))
);

CREATE TABLE public.remittance (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    status public."RemittanceStatus" DEFAULT 'DRAFT'::public."RemittanceStatus" NOT NULL,
    paid_reference text,
    paid_on date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT remittance_dates_ordered CHECK ((period_end >= period_start)),
    CONSTRAINT remittance_paid_has_reference CHECK (((status <> 'PAID'::public."RemittanceStatus") OR ((paid_reference IS NOT NULL) AND (paid_on IS NOT NULL))))
);

CREATE TABLE public.remittance_clawback (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    remittance_id uuid NOT NULL,
    clawback_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    amount_pence bigint NOT NULL,
    CONSTRAINT remittance_clawback_amount_pence_positive CHECK ((amount_pence > 0))
);

CREATE TABLE public.remittance_line (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    remittance_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    amount_pence bigint NOT NULL,
    CONSTRAINT remittance_line_amount_pence_non_negative CHECK ((amount_pence >= 0))
);

CREATE TABLE public.retention_policy (
    programme_id uuid NOT NULL,
    personal_data_years_after_exit integer NOT NULL,
    evidence_years_after_contract_end integer NOT NULL,
    notes text,
    set_by_user_id uuid NOT NULL,
    set_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT retention_policy_evidence_years_range CHECK (((evidence_years_after_contract_end >= 1) AND (evidence_years_after_contract_end <= 50))),
    CONSTRAINT retention_policy_personal_data_years_range CHECK (((personal_data_years_after_exit >= 1) AND (personal_data_years_after_exit <= 50)))
);

CREATE TABLE public.retention_run (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    trigger public."RetentionRunTrigger" NOT NULL,
    is_dry_run boolean NOT NULL,
    as_of date NOT NULL,
    personal_data_years integer NOT NULL,
    evidence_years integer NOT NULL,
    participants_pseudonymised integer DEFAULT 0 NOT NULL,
    evidence_files_purged integer DEFAULT 0 NOT NULL,
    triggered_by_user_id uuid,
    triggered_by_organisation_id uuid,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    CONSTRAINT retention_run_counts_non_negative CHECK (((participants_pseudonymised >= 0) AND (evidence_files_purged >= 0))),
    CONSTRAINT retention_run_manual_has_user CHECK (((trigger <> 'MANUAL'::public."RetentionRunTrigger") OR (triggered_by_organisation_id IS NOT NULL)))
);

CREATE TABLE public.sign_in_attempt (
    id bigint NOT NULL,
    email public.citext NOT NULL,
    ip_address text NOT NULL,
    succeeded boolean NOT NULL,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.sign_in_attempt_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.sign_in_attempt_id_seq OWNED BY public.sign_in_attempt.id;

CREATE TABLE public.specialist_share_minimum (
    prime_contract_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    minimum_bp integer NOT NULL,
    set_by_user_id uuid,
    set_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT specialist_share_minimum_minimum_bp_range CHECK (((minimum_bp >= 0) AND (minimum_bp <= 10000)))
);

CREATE TABLE public.subcontract (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontractor_id uuid NOT NULL,
    tier public."SubcontractTier" NOT NULL,
    specialisms text[] DEFAULT '{}'::text[] NOT NULL,
    terms_kind public."TermsKind" NOT NULL,
    terms jsonb DEFAULT '{}'::jsonb NOT NULL,
    management_fee_bp integer DEFAULT 0 NOT NULL,
    payment_sla_days integer NOT NULL,
    expected_referral_volume integer,
    capacity integer,
    starts_on date NOT NULL,
    ends_on date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    status public."SubcontractStatus" DEFAULT 'ACTIVE'::public."SubcontractStatus" NOT NULL,
    CONSTRAINT subcontract_capacity_non_negative CHECK ((capacity >= 0)),
    CONSTRAINT subcontract_dates_ordered CHECK (((ends_on IS NULL) OR (ends_on >= starts_on))),
    CONSTRAINT subcontract_expected_referral_volume_non_negative CHECK ((expected_referral_volume >= 0)),
    CONSTRAINT subcontract_management_fee_bp_range CHECK (((management_fee_bp >= 0) AND (management_fee_bp <= 10000))),
    CONSTRAINT subcontract_payment_sla_days_non_negative CHECK ((payment_sla_days >= 0))
);

CREATE TABLE public.subcontract_entitlement (
    claim_id uuid NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid NOT NULL,
    remittance_id uuid,
    prime_fee_pence bigint,
    prime_received_on date,
    due_on date,
    gross_pence bigint,
    management_fee_pence bigint,
    expected_pence bigint,
    paid_pence bigint DEFAULT 0 NOT NULL,
    paid_on date,
    paid_at timestamp with time zone,
    subcontractor_payment_line_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT subcontract_entitlement_expected_complete CHECK ((((expected_pence IS NULL) AND (remittance_id IS NULL) AND (prime_received_on IS NULL) AND (due_on IS NULL)) OR ((expected_pence IS NOT NULL) AND (remittance_id IS NOT NULL) AND (prime_received_on IS NOT NULL) AND (due_on IS NOT NULL) AND (gross_pence IS NOT NULL) AND (management_fee_pence IS NOT NULL) AND (prime_fee_pence IS NOT NULL)))),
    CONSTRAINT subcontract_entitlement_paid_complete CHECK ((((paid_on IS NULL) = (subcontractor_payment_line_id IS NULL)) AND ((paid_on IS NULL) = (paid_at IS NULL))))
)
WITH (fillfactor='80');

CREATE TABLE public.subcontract_payment_group (
    subcontract_id uuid NOT NULL,
    payment_group_id uuid NOT NULL
);

CREATE TABLE public.subcontract_transition (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid NOT NULL,
    from_status public."SubcontractStatus",
    to_status public."SubcontractStatus" NOT NULL,
    effective_on date NOT NULL,
    reason text,
    by_user_id uuid,
    by_organisation_id uuid,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

CREATE TABLE public.subcontractor_payment (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontract_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    due_on date NOT NULL,
    status public."SubcontractorPaymentStatus" DEFAULT 'DRAFT'::public."SubcontractorPaymentStatus" NOT NULL,
    paid_reference text,
    paid_on date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    run_by_user_id uuid,
    approved_by_user_id uuid,
    approved_at timestamp with time zone,
    CONSTRAINT subcontractor_payment_dates_ordered CHECK ((period_end >= period_start)),
    CONSTRAINT subcontractor_payment_maker_checker CHECK (((approved_by_user_id IS NULL) OR (run_by_user_id IS NULL) OR (approved_by_user_id <> run_by_user_id))),
    CONSTRAINT subcontractor_payment_paid_has_reference CHECK (((status <> 'PAID'::public."SubcontractorPaymentStatus") OR ((paid_reference IS NOT NULL) AND (paid_on IS NOT NULL))))
);

CREATE TABLE public.subcontractor_payment_line (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    subcontractor_payment_id uuid NOT NULL,
    claim_id uuid,
    description text NOT NULL,
    gross_pence bigint NOT NULL,
    management_fee_pence bigint DEFAULT 0 NOT NULL,
    amount_pence bigint NOT NULL,
    CONSTRAINT subcontractor_payment_line_amount_is_net CHECK ((amount_pence = (gross_pence - management_fee_pence))),
    CONSTRAINT subcontractor_payment_line_pence_non_negative CHECK (((gross_pence >= 0) AND (management_fee_pence >= 0) AND (amount_pence >= 0)))
);

CREATE TABLE public.tariff (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    payment_model_version_id uuid NOT NULL,
    payment_group_id uuid NOT NULL,
    milestone_type_id uuid NOT NULL,
    amount_pence bigint NOT NULL,
    CONSTRAINT tariff_amount_pence_non_negative CHECK ((amount_pence >= 0))
);

ALTER TABLE ONLY public.analytics_money_month ALTER COLUMN id SET DEFAULT nextval('public.analytics_money_month_id_seq'::regclass);

ALTER TABLE ONLY public.analytics_refresh ALTER COLUMN id SET DEFAULT nextval('public.analytics_refresh_id_seq'::regclass);

ALTER TABLE ONLY public.audit_event ALTER COLUMN seq SET DEFAULT nextval('public.audit_event_seq_seq'::regclass);

ALTER TABLE ONLY public.sign_in_attempt ALTER COLUMN id SET DEFAULT nextval('public.sign_in_attempt_id_seq'::regclass);

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alert
    ADD CONSTRAINT alert_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alert_threshold
    ADD CONSTRAINT alert_threshold_pkey PRIMARY KEY (programme_id);

ALTER TABLE ONLY public.allocation_policy
    ADD CONSTRAINT allocation_policy_pkey PRIMARY KEY (prime_contract_id);

ALTER TABLE ONLY public.analytics_money_month
    ADD CONSTRAINT analytics_money_month_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.analytics_payment_fact
    ADD CONSTRAINT analytics_payment_fact_pkey PRIMARY KEY (subcontractor_payment_id);

ALTER TABLE ONLY public.analytics_referral_fact
    ADD CONSTRAINT analytics_referral_fact_pkey PRIMARY KEY (referral_id);

ALTER TABLE ONLY public.analytics_referral_month
    ADD CONSTRAINT analytics_referral_month_pkey PRIMARY KEY (subcontract_id, month);

ALTER TABLE ONLY public.analytics_refresh
    ADD CONSTRAINT analytics_refresh_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_key
    ADD CONSTRAINT api_key_key_hash_key UNIQUE (key_hash);

ALTER TABLE ONLY public.api_key
    ADD CONSTRAINT api_key_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_email_key UNIQUE (email);

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_hash_key UNIQUE (hash);

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_pkey PRIMARY KEY (seq);

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_prev_hash_key UNIQUE (prev_hash);

ALTER TABLE ONLY public.auth_session
    ADD CONSTRAINT auth_session_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.bank_statement_import
    ADD CONSTRAINT bank_statement_import_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.bank_statement_line
    ADD CONSTRAINT bank_statement_line_import_id_line_number_key UNIQUE (import_id, line_number);

ALTER TABLE ONLY public.bank_statement_line
    ADD CONSTRAINT bank_statement_line_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.bid_commitment
    ADD CONSTRAINT bid_commitment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.bid_commitment
    ADD CONSTRAINT bid_commitment_prime_contract_id_subcontractor_id_key UNIQUE (prime_contract_id, subcontractor_id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_prime_contract_id_subcontractor_id_versi UNIQUE (prime_contract_id, subcontractor_id, version);

ALTER TABLE ONLY public.claim_clawback
    ADD CONSTRAINT claim_clawback_claim_sample_id_claim_id_key UNIQUE (claim_sample_id, claim_id);

ALTER TABLE ONLY public.claim_clawback
    ADD CONSTRAINT claim_clawback_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.claim_query_message
    ADD CONSTRAINT claim_query_message_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.claim_query
    ADD CONSTRAINT claim_query_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.claim_sample
    ADD CONSTRAINT claim_sample_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_sample_item
    ADD CONSTRAINT claim_sample_item_pkey PRIMARY KEY (claim_sample_id, claim_id);

ALTER TABLE ONLY public.claim_sample_period
    ADD CONSTRAINT claim_sample_period_pkey PRIMARY KEY (claim_sample_id);

ALTER TABLE ONLY public.claim_sample
    ADD CONSTRAINT claim_sample_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.claim_sample_population
    ADD CONSTRAINT claim_sample_population_pkey PRIMARY KEY (claim_sample_id, claim_id);

ALTER TABLE ONLY public.claim_sample_recovery
    ADD CONSTRAINT claim_sample_recovery_pkey PRIMARY KEY (claim_sample_id);

ALTER TABLE ONLY public.claim_submission
    ADD CONSTRAINT claim_submission_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_submission
    ADD CONSTRAINT claim_submission_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.claim_submission
    ADD CONSTRAINT claim_submission_prime_contract_id_reference_key UNIQUE (prime_contract_id, reference);

ALTER TABLE ONLY public.claim_transition
    ADD CONSTRAINT claim_transition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.contract_area
    ADD CONSTRAINT contract_area_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.contract_area
    ADD CONSTRAINT contract_area_programme_id_name_key UNIQUE (programme_id, name);

ALTER TABLE ONLY public.data_match_result
    ADD CONSTRAINT data_match_result_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.data_match_result
    ADD CONSTRAINT data_match_result_upload_id_claim_id_key UNIQUE (upload_id, claim_id);

ALTER TABLE ONLY public.data_match_row
    ADD CONSTRAINT data_match_row_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.data_match_row
    ADD CONSTRAINT data_match_row_upload_id_line_number_key UNIQUE (upload_id, line_number);

ALTER TABLE ONLY public.data_match_upload
    ADD CONSTRAINT data_match_upload_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.data_match_upload
    ADD CONSTRAINT data_match_upload_programme_id_sha256_key UNIQUE (programme_id, sha256);

ALTER TABLE ONLY public.data_subject_request
    ADD CONSTRAINT data_subject_request_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.data_subject_request_transition
    ADD CONSTRAINT data_subject_request_transition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.due_diligence_record
    ADD CONSTRAINT due_diligence_record_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT evidence_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.evidence_purge
    ADD CONSTRAINT evidence_purge_pkey PRIMARY KEY (evidence_id);

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT evidence_storage_key_key UNIQUE (storage_key);

ALTER TABLE ONLY public.idempotency_key
    ADD CONSTRAINT idempotency_key_pkey PRIMARY KEY (organisation_id, key);

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.job_spell
    ADD CONSTRAINT job_spell_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_referral_id_milestone_code_occurrence_key UNIQUE (referral_id, milestone_code, occurrence);

ALTER TABLE ONLY public.ledger_account
    ADD CONSTRAINT ledger_account_organisation_id_programme_id_code_key UNIQUE (organisation_id, programme_id, code);

ALTER TABLE ONLY public.ledger_account
    ADD CONSTRAINT ledger_account_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.milestone_type
    ADD CONSTRAINT milestone_type_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.milestone_type
    ADD CONSTRAINT milestone_type_programme_id_code_key UNIQUE (programme_id, code);

ALTER TABLE ONLY public.needs_assessment
    ADD CONSTRAINT needs_assessment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ocds_publication
    ADD CONSTRAINT ocds_publication_pkey PRIMARY KEY (programme_id);

ALTER TABLE ONLY public.ocds_release
    ADD CONSTRAINT ocds_release_ocid_sequence_unique UNIQUE (ocid, sequence);

ALTER TABLE ONLY public.ocds_release
    ADD CONSTRAINT ocds_release_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ocds_release
    ADD CONSTRAINT ocds_release_release_id_unique UNIQUE (release_id);

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_charity_number_key UNIQUE (charity_number);

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_company_number_key UNIQUE (company_number);

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_name_key UNIQUE (name);

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.participant
    ADD CONSTRAINT participant_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.participant
    ADD CONSTRAINT participant_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.participant
    ADD CONSTRAINT participant_programme_id_ni_number_hmac_key UNIQUE (programme_id, ni_number_hmac);

ALTER TABLE ONLY public.participant
    ADD CONSTRAINT participant_programme_id_reference_key UNIQUE (programme_id, reference);

ALTER TABLE ONLY public.participant_pseudonymisation
    ADD CONSTRAINT participant_pseudonymisation_pkey PRIMARY KEY (participant_id);

ALTER TABLE ONLY public.participant_special_category
    ADD CONSTRAINT participant_special_category_pkey PRIMARY KEY (participant_id);

ALTER TABLE ONLY public.payment_group
    ADD CONSTRAINT payment_group_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.payment_group
    ADD CONSTRAINT payment_group_programme_id_code_key UNIQUE (programme_id, code);

ALTER TABLE ONLY public.payment_model
    ADD CONSTRAINT payment_model_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.payment_model
    ADD CONSTRAINT payment_model_programme_id_name_key UNIQUE (programme_id, name);

ALTER TABLE ONLY public.payment_model_version
    ADD CONSTRAINT payment_model_version_no_overlap EXCLUDE USING gist (payment_model_id WITH =, daterange(effective_from, effective_to, '[]'::text) WITH &&) WHERE ((status = 'PUBLISHED'::public."PaymentModelVersionStatus"));

ALTER TABLE ONLY public.payment_model_version
    ADD CONSTRAINT payment_model_version_payment_model_id_version_key UNIQUE (payment_model_id, version);

ALTER TABLE ONLY public.payment_model_version
    ADD CONSTRAINT payment_model_version_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.prime_contract_claim_total
    ADD CONSTRAINT prime_contract_claim_total_pkey PRIMARY KEY (prime_contract_id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_id_programme_id_key UNIQUE (id, programme_id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_programme_id_contract_area_id_prime_id_key UNIQUE (programme_id, contract_area_id, prime_id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_reference_key UNIQUE (reference);

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_commissioner_id_name_key UNIQUE (commissioner_id, name);

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.reconciliation_dispute
    ADD CONSTRAINT reconciliation_dispute_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.reconciliation_result
    ADD CONSTRAINT reconciliation_result_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.reconciliation_run
    ADD CONSTRAINT reconciliation_run_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.reconciliation_run
    ADD CONSTRAINT reconciliation_run_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.referral_import_error
    ADD CONSTRAINT referral_import_error_pkey PRIMARY KEY (import_id, seq);

ALTER TABLE ONLY public.referral_import
    ADD CONSTRAINT referral_import_file_storage_key_key UNIQUE (file_storage_key);

ALTER TABLE ONLY public.referral_import
    ADD CONSTRAINT referral_import_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.referral_partner_area
    ADD CONSTRAINT referral_partner_area_pkey PRIMARY KEY (contract_area_id, referral_partner_id);

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_referral_partner_id_external_reference_key UNIQUE (referral_partner_id, external_reference);

ALTER TABLE ONLY public.referral_transition
    ADD CONSTRAINT referral_transition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.refresh_token
    ADD CONSTRAINT refresh_token_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.refresh_token
    ADD CONSTRAINT refresh_token_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.remittance_clawback
    ADD CONSTRAINT remittance_clawback_clawback_id_key UNIQUE (clawback_id);

ALTER TABLE ONLY public.remittance_clawback
    ADD CONSTRAINT remittance_clawback_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.remittance
    ADD CONSTRAINT remittance_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.remittance_line
    ADD CONSTRAINT remittance_line_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.remittance_line
    ADD CONSTRAINT remittance_line_remittance_id_claim_id_key UNIQUE (remittance_id, claim_id);

ALTER TABLE ONLY public.remittance
    ADD CONSTRAINT remittance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.retention_policy
    ADD CONSTRAINT retention_policy_pkey PRIMARY KEY (programme_id);

ALTER TABLE ONLY public.retention_run
    ADD CONSTRAINT retention_run_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.sign_in_attempt
    ADD CONSTRAINT sign_in_attempt_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.specialist_share_minimum
    ADD CONSTRAINT specialist_share_minimum_pkey PRIMARY KEY (prime_contract_id);

ALTER TABLE ONLY public.subcontract_entitlement
    ADD CONSTRAINT subcontract_entitlement_pkey PRIMARY KEY (claim_id);

ALTER TABLE ONLY public.subcontract
    ADD CONSTRAINT subcontract_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.subcontract_payment_group
    ADD CONSTRAINT subcontract_payment_group_pkey PRIMARY KEY (subcontract_id, payment_group_id);

ALTER TABLE ONLY public.subcontract
    ADD CONSTRAINT subcontract_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subcontract_terms_version
    ADD CONSTRAINT subcontract_terms_version_no_overlap EXCLUDE USING gist (subcontract_id WITH =, daterange(effective_from, effective_to, '[]'::text) WITH &&) WHERE ((status = 'ACCEPTED'::public."TermsVersionStatus"));

ALTER TABLE ONLY public.subcontract_terms_version
    ADD CONSTRAINT subcontract_terms_version_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subcontract_terms_version
    ADD CONSTRAINT subcontract_terms_version_subcontract_id_version_key UNIQUE (subcontract_id, version);

ALTER TABLE ONLY public.subcontract_transition
    ADD CONSTRAINT subcontract_transition_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subcontractor_payment
    ADD CONSTRAINT subcontractor_payment_id_programme_id_prime_contract_id_key UNIQUE (id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.subcontractor_payment_line
    ADD CONSTRAINT subcontractor_payment_line_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subcontractor_payment
    ADD CONSTRAINT subcontractor_payment_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.tariff
    ADD CONSTRAINT tariff_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.tariff
    ADD CONSTRAINT tariff_version_group_milestone_key UNIQUE (payment_model_version_id, payment_group_id, milestone_type_id);

CREATE INDEX activity_prime_contract_id_occurred_on_idx ON public.activity USING btree (prime_contract_id, occurred_on);

CREATE INDEX activity_referral_id_occurred_on_idx ON public.activity USING btree (referral_id, occurred_on);

CREATE UNIQUE INDEX alert_one_open_per_subject ON public.alert USING btree (kind, prime_contract_id, COALESCE(subcontract_id, prime_contract_id)) WHERE (status = 'RAISED'::public."AlertStatus");

CREATE INDEX alert_prime_contract_id_status_idx ON public.alert USING btree (prime_contract_id, status);

CREATE INDEX alert_programme_id_raised_at_id_idx ON public.alert USING btree (programme_id, raised_at, id);

CREATE INDEX analytics_money_month_prime_contract_id_month_idx ON public.analytics_money_month USING btree (prime_contract_id, month);

CREATE INDEX analytics_payment_fact_prime_contract_id_subcontract_id_idx ON public.analytics_payment_fact USING btree (prime_contract_id, subcontract_id);

CREATE INDEX analytics_referral_fact_prime_contract_id_subcontract_id_idx ON public.analytics_referral_fact USING btree (prime_contract_id, subcontract_id);

CREATE INDEX analytics_referral_month_prime_contract_id_month_idx ON public.analytics_referral_month USING btree (prime_contract_id, month);

CREATE INDEX analytics_refresh_started_at_idx ON public.analytics_refresh USING btree (started_at);

CREATE INDEX api_key_organisation_id_idx ON public.api_key USING btree (organisation_id);

CREATE INDEX app_user_organisation_id_idx ON public.app_user USING btree (organisation_id);

CREATE INDEX audit_event_actor_organisation_id_occurred_at_idx ON public.audit_event USING btree (actor_organisation_id, occurred_at);

CREATE INDEX audit_event_entity_type_entity_id_idx ON public.audit_event USING btree (entity_type, entity_id);

CREATE UNIQUE INDEX audit_event_one_genesis ON public.audit_event USING btree ((true)) WHERE (prev_hash IS NULL);

CREATE INDEX audit_event_special_category_reads_idx ON public.audit_event USING btree (programme_id, seq) WHERE (action = 'participant.read-special-category'::text);

CREATE INDEX auth_session_user_id_idx ON public.auth_session USING btree (user_id);

CREATE INDEX bank_statement_import_organisation_id_uploaded_at_idx ON public.bank_statement_import USING btree (organisation_id, uploaded_at);

CREATE UNIQUE INDEX bid_commitment_version_one_proposed ON public.bid_commitment_version USING btree (prime_contract_id, subcontractor_id) WHERE (status = 'PROPOSED'::public."BidCommitmentStatus");

CREATE INDEX claim_clawback_claim_id_idx ON public.claim_clawback USING btree (claim_id);

CREATE INDEX claim_clawback_prime_contract_id_decided_at_idx ON public.claim_clawback USING btree (prime_contract_id, decided_at);

CREATE UNIQUE INDEX claim_one_live_per_occurrence ON public.claim USING btree (referral_id, milestone_type_id, occurrence) WHERE (status <> ALL (ARRAY['PRIME_REJECTED'::public."ClaimStatus", 'REJECTED'::public."ClaimStatus", 'WITHDRAWN'::public."ClaimStatus"]));

CREATE INDEX claim_prime_contract_id_status_idx ON public.claim USING btree (prime_contract_id, status);

CREATE INDEX claim_query_claim_id_idx ON public.claim_query USING btree (claim_id);

CREATE INDEX claim_query_message_claim_query_id_sent_at_idx ON public.claim_query_message USING btree (claim_query_id, sent_at);

CREATE INDEX claim_referral_id_idx ON public.claim USING btree (referral_id);

CREATE INDEX claim_subcontract_id_status_idx ON public.claim USING btree (subcontract_id, status);

CREATE INDEX claim_submission_id_idx ON public.claim USING btree (submission_id);

CREATE INDEX claim_transition_claim_id_at_idx ON public.claim_transition USING btree (claim_id, at);

CREATE INDEX data_match_result_claim_id_checked_at_idx ON public.data_match_result USING btree (claim_id, checked_at);

CREATE INDEX data_match_row_participant_id_idx ON public.data_match_row USING btree (participant_id);

CREATE INDEX data_subject_request_participant_id_idx ON public.data_subject_request USING btree (participant_id);

CREATE INDEX data_subject_request_programme_id_status_idx ON public.data_subject_request USING btree (programme_id, status);

CREATE INDEX data_subject_request_transition_request_id_at_idx ON public.data_subject_request_transition USING btree (request_id, at);

CREATE INDEX due_diligence_record_prime_id_subcontractor_id_idx ON public.due_diligence_record USING btree (prime_id, subcontractor_id);

CREATE INDEX due_diligence_record_subcontractor_id_idx ON public.due_diligence_record USING btree (subcontractor_id);

CREATE INDEX evidence_claim_id_idx ON public.evidence USING btree (claim_id);

CREATE INDEX evidence_purge_retention_run_id_idx ON public.evidence_purge USING btree (retention_run_id);

CREATE INDEX invitation_organisation_id_idx ON public.invitation USING btree (organisation_id);

CREATE INDEX job_spell_referral_id_started_on_idx ON public.job_spell USING btree (referral_id, started_on);

CREATE INDEX journey_event_prime_contract_id_achieved_on_idx ON public.journey_event USING btree (prime_contract_id, achieved_on);

CREATE INDEX ledger_entry_account_id_idx ON public.ledger_entry USING btree (account_id);

CREATE INDEX ledger_entry_transaction_id_idx ON public.ledger_entry USING btree (transaction_id);

CREATE INDEX ledger_transaction_prime_contract_id_occurred_at_idx ON public.ledger_transaction USING btree (prime_contract_id, occurred_at);

CREATE INDEX needs_assessment_participant_id_assessed_at_idx ON public.needs_assessment USING btree (participant_id, assessed_at);

CREATE INDEX ocds_release_programme_id_ocid_sequence_idx ON public.ocds_release USING btree (programme_id, ocid, sequence);

CREATE INDEX participant_prime_contract_id_idx ON public.participant USING btree (prime_contract_id);

CREATE INDEX prime_contract_prime_id_idx ON public.prime_contract USING btree (prime_id);

CREATE INDEX reconciliation_dispute_result_id_idx ON public.reconciliation_dispute USING btree (result_id);

CREATE INDEX reconciliation_result_run_id_outcome_idx ON public.reconciliation_result USING btree (run_id, outcome);

CREATE INDEX reconciliation_run_party_id_run_at_idx ON public.reconciliation_run USING btree (party_id, run_at);

CREATE UNIQUE INDEX referral_import_one_live_per_file ON public.referral_import USING btree (referral_partner_id, prime_contract_id, file_sha256) WHERE ((status = ANY (ARRAY['QUEUED'::public."ReferralImportStatus", 'RUNNING'::public."ReferralImportStatus"])) OR (imported_count > 0));

CREATE INDEX referral_import_referral_partner_id_created_at_idx ON public.referral_import USING btree (referral_partner_id, created_at);

CREATE INDEX referral_import_uploaded_by_organisation_id_created_at_idx ON public.referral_import USING btree (uploaded_by_organisation_id, created_at);

CREATE INDEX referral_participant_id_idx ON public.referral USING btree (participant_id);

CREATE INDEX referral_partner_area_referral_partner_id_idx ON public.referral_partner_area USING btree (referral_partner_id);

CREATE INDEX referral_prime_contract_id_last_active_id_idx ON public.referral USING btree (prime_contract_id, COALESCE(last_activity_on, ((received_at AT TIME ZONE 'UTC'::text))::date), id) WHERE (prime_contract_id IS NOT NULL);

CREATE INDEX referral_prime_contract_id_last_contact_id_idx ON public.referral USING btree (prime_contract_id, COALESCE(last_contact_on, '-infinity'::date), id) WHERE (prime_contract_id IS NOT NULL);

CREATE INDEX referral_prime_contract_id_payment_group_id_idx ON public.referral USING btree (prime_contract_id, COALESCE(payment_group_code, ''::text), id) WHERE (prime_contract_id IS NOT NULL);

CREATE INDEX referral_prime_contract_id_received_at_id_idx ON public.referral USING btree (prime_contract_id, received_at, id) WHERE (prime_contract_id IS NOT NULL);

CREATE INDEX referral_prime_contract_id_status_id_idx ON public.referral USING btree (prime_contract_id, status, id);

CREATE INDEX referral_prime_contract_id_subcontract_id_id_idx ON public.referral USING btree (prime_contract_id, COALESCE(subcontract_id, '00000000-0000-0000-0000-000000000000'::uuid), id) WHERE (prime_contract_id IS NOT NULL);

CREATE INDEX referral_referral_partner_id_received_at_id_idx ON public.referral USING btree (referral_partner_id, received_at, id) WHERE (referral_partner_id IS NOT NULL);

CREATE INDEX referral_subcontract_id_last_active_id_idx ON public.referral USING btree (subcontract_id, COALESCE(last_activity_on, ((received_at AT TIME ZONE 'UTC'::text))::date), id) WHERE (subcontract_id IS NOT NULL);

CREATE INDEX referral_subcontract_id_last_contact_id_idx ON public.referral USING btree (subcontract_id, COALESCE(last_contact_on, '-infinity'::date), id) WHERE (subcontract_id IS NOT NULL);

CREATE INDEX referral_subcontract_id_payment_group_id_idx ON public.referral USING btree (subcontract_id, COALESCE(payment_group_code, ''::text), id) WHERE (subcontract_id IS NOT NULL);

CREATE INDEX referral_subcontract_id_received_at_id_idx ON public.referral USING btree (subcontract_id, received_at, id) WHERE (subcontract_id IS NOT NULL);

CREATE INDEX referral_subcontract_id_status_id_idx ON public.referral USING btree (subcontract_id, status, id) WHERE (subcontract_id IS NOT NULL);

CREATE INDEX referral_subcontract_id_status_idx ON public.referral USING btree (subcontract_id, status);

CREATE INDEX referral_subcontract_id_subcontract_id_id_idx ON public.referral USING btree (subcontract_id, COALESCE(subcontract_id, '00000000-0000-0000-0000-000000000000'::uuid), id) WHERE (subcontract_id IS NOT NULL);

CREATE INDEX referral_transition_referral_id_at_idx ON public.referral_transition USING btree (referral_id, at);

CREATE INDEX refresh_token_session_id_idx ON public.refresh_token USING btree (session_id);

CREATE INDEX remittance_clawback_remittance_id_idx ON public.remittance_clawback USING btree (remittance_id);

CREATE INDEX remittance_line_claim_id_idx ON public.remittance_line USING btree (claim_id);

CREATE UNIQUE INDEX remittance_line_claim_once ON public.remittance_line USING btree (claim_id) WHERE (claim_id IS NOT NULL);

CREATE INDEX remittance_prime_contract_id_status_idx ON public.remittance USING btree (prime_contract_id, status);

CREATE INDEX retention_run_programme_id_started_at_idx ON public.retention_run USING btree (programme_id, started_at);

CREATE INDEX sign_in_attempt_email_attempted_at_idx ON public.sign_in_attempt USING btree (email, attempted_at);

CREATE INDEX sign_in_attempt_ip_address_attempted_at_idx ON public.sign_in_attempt USING btree (ip_address, attempted_at);

CREATE INDEX subcontract_entitlement_subcontract_id_prime_received_on_idx ON public.subcontract_entitlement USING btree (subcontract_id, prime_received_on);

CREATE INDEX subcontract_entitlement_unexpected_idx ON public.subcontract_entitlement USING btree (subcontract_id) WHERE (expected_pence IS NULL);

CREATE INDEX subcontract_prime_contract_id_idx ON public.subcontract USING btree (prime_contract_id);

CREATE INDEX subcontract_prime_contract_id_status_idx ON public.subcontract USING btree (prime_contract_id, status);

CREATE INDEX subcontract_subcontractor_id_idx ON public.subcontract USING btree (subcontractor_id);

CREATE UNIQUE INDEX subcontract_terms_version_one_proposed ON public.subcontract_terms_version USING btree (subcontract_id) WHERE (status = 'PROPOSED'::public."TermsVersionStatus");

CREATE INDEX subcontract_transition_subcontract_id_at_idx ON public.subcontract_transition USING btree (subcontract_id, at);

CREATE INDEX subcontractor_payment_line_claim_id_idx ON public.subcontractor_payment_line USING btree (claim_id);

CREATE UNIQUE INDEX subcontractor_payment_line_claim_once ON public.subcontractor_payment_line USING btree (claim_id) WHERE (claim_id IS NOT NULL);

CREATE INDEX subcontractor_payment_line_fee_idx ON public.subcontractor_payment_line USING btree (subcontractor_payment_id) WHERE (claim_id IS NULL);

CREATE INDEX subcontractor_payment_line_scheduled_idx ON public.subcontractor_payment_line USING btree (description) WHERE (claim_id IS NULL);

CREATE INDEX subcontractor_payment_line_subcontractor_payment_id_idx ON public.subcontractor_payment_line USING btree (subcontractor_payment_id);

CREATE INDEX subcontractor_payment_subcontract_id_status_idx ON public.subcontractor_payment USING btree (subcontract_id, status);

CREATE TRIGGER activity_participant_not_closed AFTER INSERT ON public.activity REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_refuse_closed_by_referral();

CREATE TRIGGER activity_refresh_referral_after_delete AFTER DELETE ON public.activity REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_referral_activity_refresh();

CREATE TRIGGER activity_refresh_referral_after_insert AFTER INSERT ON public.activity REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_referral_activity_refresh();

CREATE TRIGGER activity_refresh_referral_after_update AFTER UPDATE ON public.activity REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_referral_activity_refresh();

CREATE TRIGGER audit_event_append_only BEFORE DELETE OR UPDATE ON public.audit_event FOR EACH ROW EXECUTE FUNCTION public.reject_change_to_append_only_table();

CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON public.audit_event FOR EACH STATEMENT EXECUTE FUNCTION public.reject_change_to_append_only_table();

CREATE TRIGGER bid_commitment_first_version AFTER INSERT ON public.bid_commitment FOR EACH ROW EXECUTE FUNCTION public.waymark_bid_commitment_first_version();

CREATE CONSTRAINT TRIGGER bid_commitment_shares_within_whole AFTER INSERT OR UPDATE OF prime_contract_id, planned_referral_share_bp, planned_spend_share_bp ON public.bid_commitment DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.waymark_bid_commitment_shares_within_whole();

CREATE TRIGGER claim_participant_not_closed AFTER INSERT ON public.claim REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_refuse_closed_by_referral();

CREATE TRIGGER claim_total_refresh AFTER INSERT OR DELETE OR UPDATE OF status, amount_pence, prime_contract_id ON public.claim FOR EACH ROW EXECUTE FUNCTION public.waymark_claim_total_refresh();

CREATE TRIGGER job_spell_participant_not_closed AFTER INSERT ON public.job_spell REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_refuse_closed_by_referral();

CREATE TRIGGER journey_event_participant_not_closed AFTER INSERT ON public.journey_event REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_refuse_closed_by_referral();

CREATE TRIGGER ledger_entry_append_only BEFORE DELETE OR UPDATE ON public.ledger_entry FOR EACH ROW EXECUTE FUNCTION public.reject_change_to_append_only_table();

CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON public.ledger_entry FOR EACH STATEMENT EXECUTE FUNCTION public.reject_change_to_append_only_table();

CREATE CONSTRAINT TRIGGER ledger_entry_transaction_balanced AFTER INSERT ON public.ledger_entry DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ledger_transaction_must_balance();

CREATE TRIGGER needs_assessment_participant_not_closed AFTER INSERT ON public.needs_assessment REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_refuse_closed_by_participant();

CREATE TRIGGER needs_assessment_refresh_referral_after_delete AFTER DELETE ON public.needs_assessment REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_referral_payment_group_refresh();

CREATE TRIGGER needs_assessment_refresh_referral_after_insert AFTER INSERT ON public.needs_assessment REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_referral_payment_group_refresh();

CREATE TRIGGER needs_assessment_refresh_referral_after_update AFTER UPDATE ON public.needs_assessment REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_referral_payment_group_refresh();

CREATE TRIGGER ocds_release_append_only BEFORE DELETE OR UPDATE ON public.ocds_release FOR EACH ROW EXECUTE FUNCTION public.reject_change_to_append_only_table();

CREATE TRIGGER participant_special_category_participant_not_closed AFTER INSERT ON public.participant_special_category REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_refuse_closed_by_participant();

CREATE TRIGGER payment_model_version_published_is_immutable BEFORE DELETE OR UPDATE ON public.payment_model_version FOR EACH ROW EXECUTE FUNCTION public.waymark_guard_published_version();

CREATE TRIGGER referral_inherit_payment_group_after_insert AFTER INSERT ON public.referral REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_referral_inherit_payment_group();

CREATE TRIGGER referral_participant_not_closed AFTER INSERT ON public.referral REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.waymark_refuse_closed_by_participant();

CREATE TRIGGER subcontract_first_terms AFTER INSERT ON public.subcontract FOR EACH ROW EXECUTE FUNCTION public.waymark_subcontract_first_terms();

CREATE TRIGGER subcontract_terms_version_mirror AFTER INSERT OR UPDATE ON public.subcontract_terms_version FOR EACH ROW WHEN ((new.status = 'ACCEPTED'::public."TermsVersionStatus")) EXECUTE FUNCTION public.waymark_subcontract_mirror_terms();

CREATE TRIGGER tariff_of_published_version_is_immutable BEFORE DELETE OR UPDATE ON public.tariff FOR EACH ROW EXECUTE FUNCTION public.waymark_guard_published_tariff();

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_recorded_by_user_id_fkey FOREIGN KEY (recorded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.activity
    ADD CONSTRAINT activity_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id) REFERENCES public.referral(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.alert
    ADD CONSTRAINT alert_acknowledged_by_user_id_fkey FOREIGN KEY (acknowledged_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.alert
    ADD CONSTRAINT alert_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.alert
    ADD CONSTRAINT alert_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES public.subcontract(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.alert_threshold
    ADD CONSTRAINT alert_threshold_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.alert_threshold
    ADD CONSTRAINT alert_threshold_set_by_user_id_fkey FOREIGN KEY (set_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.allocation_policy
    ADD CONSTRAINT allocation_policy_declared_by_user_id_fkey FOREIGN KEY (declared_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.allocation_policy
    ADD CONSTRAINT allocation_policy_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.api_key
    ADD CONSTRAINT api_key_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.api_key
    ADD CONSTRAINT api_key_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_actor_organisation_id_fkey FOREIGN KEY (actor_organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.auth_session
    ADD CONSTRAINT auth_session_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.bank_statement_import
    ADD CONSTRAINT bank_statement_import_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.bank_statement_import
    ADD CONSTRAINT bank_statement_import_uploaded_by_user_id_fkey FOREIGN KEY (uploaded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.bank_statement_line
    ADD CONSTRAINT bank_statement_line_import_id_fkey FOREIGN KEY (import_id) REFERENCES public.bank_statement_import(id);

ALTER TABLE ONLY public.bank_statement_line
    ADD CONSTRAINT bank_statement_line_remittance_id_fkey FOREIGN KEY (remittance_id) REFERENCES public.remittance(id);

ALTER TABLE ONLY public.bank_statement_line
    ADD CONSTRAINT bank_statement_line_subcontractor_payment_id_fkey FOREIGN KEY (subcontractor_payment_id) REFERENCES public.subcontractor_payment(id);

ALTER TABLE ONLY public.bid_commitment
    ADD CONSTRAINT bid_commitment_prime_contract_id_fkey FOREIGN KEY (prime_contract_id) REFERENCES public.prime_contract(id);

ALTER TABLE ONLY public.bid_commitment
    ADD CONSTRAINT bid_commitment_subcontractor_id_fkey FOREIGN KEY (subcontractor_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_decided_by_user_id_fkey FOREIGN KEY (decided_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_proposed_by_organisation_id_fkey FOREIGN KEY (proposed_by_organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_proposed_by_user_id_fkey FOREIGN KEY (proposed_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.bid_commitment_version
    ADD CONSTRAINT bid_commitment_version_subcontractor_id_fkey FOREIGN KEY (subcontractor_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.claim_clawback
    ADD CONSTRAINT claim_clawback_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_clawback
    ADD CONSTRAINT claim_clawback_decided_by_user_id_fkey FOREIGN KEY (decided_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim_clawback
    ADD CONSTRAINT claim_clawback_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id) REFERENCES public.claim_sample(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_milestone_type_id_fkey FOREIGN KEY (milestone_type_id) REFERENCES public.milestone_type(id);

ALTER TABLE ONLY public.claim_query
    ADD CONSTRAINT claim_query_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_query_message
    ADD CONSTRAINT claim_query_message_author_user_id_fkey FOREIGN KEY (author_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim_query_message
    ADD CONSTRAINT claim_query_message_claim_query_id_fkey FOREIGN KEY (claim_query_id) REFERENCES public.claim_query(id);

ALTER TABLE ONLY public.claim_query
    ADD CONSTRAINT claim_query_raised_by_user_id_fkey FOREIGN KEY (raised_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id) REFERENCES public.referral(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_sample
    ADD CONSTRAINT claim_sample_drawn_by_user_id_fkey FOREIGN KEY (drawn_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim_sample_item
    ADD CONSTRAINT claim_sample_item_checked_by_user_id_fkey FOREIGN KEY (checked_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim_sample_item
    ADD CONSTRAINT claim_sample_item_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_sample_item
    ADD CONSTRAINT claim_sample_item_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id) REFERENCES public.claim_sample(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_sample_period
    ADD CONSTRAINT claim_sample_period_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id) REFERENCES public.claim_sample(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_sample_population
    ADD CONSTRAINT claim_sample_population_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_sample_population
    ADD CONSTRAINT claim_sample_population_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id) REFERENCES public.claim_sample(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_sample
    ADD CONSTRAINT claim_sample_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.claim_sample_recovery
    ADD CONSTRAINT claim_sample_recovery_closed_by_user_id_fkey FOREIGN KEY (closed_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim_sample_recovery
    ADD CONSTRAINT claim_sample_recovery_sample_fkey FOREIGN KEY (claim_sample_id, programme_id, prime_contract_id) REFERENCES public.claim_sample(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES public.subcontract(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_submission_fkey FOREIGN KEY (submission_id, programme_id, prime_contract_id) REFERENCES public.claim_submission(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.claim_submission
    ADD CONSTRAINT claim_submission_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.claim_submission
    ADD CONSTRAINT claim_submission_submitted_by_user_id_fkey FOREIGN KEY (submitted_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT claim_tariff_id_fkey FOREIGN KEY (tariff_id) REFERENCES public.tariff(id);

ALTER TABLE ONLY public.claim_transition
    ADD CONSTRAINT claim_transition_by_user_id_fkey FOREIGN KEY (by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.claim_transition
    ADD CONSTRAINT claim_transition_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.contract_area
    ADD CONSTRAINT contract_area_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.data_match_result
    ADD CONSTRAINT data_match_result_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.data_match_result
    ADD CONSTRAINT data_match_result_upload_id_fkey FOREIGN KEY (upload_id) REFERENCES public.data_match_upload(id);

ALTER TABLE ONLY public.data_match_row
    ADD CONSTRAINT data_match_row_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participant(id);

ALTER TABLE ONLY public.data_match_row
    ADD CONSTRAINT data_match_row_upload_id_fkey FOREIGN KEY (upload_id) REFERENCES public.data_match_upload(id);

ALTER TABLE ONLY public.data_match_upload
    ADD CONSTRAINT data_match_upload_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.data_match_upload
    ADD CONSTRAINT data_match_upload_uploaded_by_user_id_fkey FOREIGN KEY (uploaded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.data_subject_request
    ADD CONSTRAINT data_subject_request_decided_by_user_id_fkey FOREIGN KEY (decided_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.data_subject_request
    ADD CONSTRAINT data_subject_request_executed_by_user_id_fkey FOREIGN KEY (executed_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.data_subject_request
    ADD CONSTRAINT data_subject_request_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id) REFERENCES public.participant(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.data_subject_request
    ADD CONSTRAINT data_subject_request_requested_by_organisation_id_fkey FOREIGN KEY (requested_by_organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.data_subject_request
    ADD CONSTRAINT data_subject_request_requested_by_user_id_fkey FOREIGN KEY (requested_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.data_subject_request_transition
    ADD CONSTRAINT data_subject_request_transition_by_user_id_fkey FOREIGN KEY (by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.data_subject_request_transition
    ADD CONSTRAINT data_subject_request_transition_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.data_subject_request(id);

ALTER TABLE ONLY public.due_diligence_record
    ADD CONSTRAINT due_diligence_record_prime_id_fkey FOREIGN KEY (prime_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.due_diligence_record
    ADD CONSTRAINT due_diligence_record_recorded_by_user_id_fkey FOREIGN KEY (recorded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.due_diligence_record
    ADD CONSTRAINT due_diligence_record_subcontractor_id_fkey FOREIGN KEY (subcontractor_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT evidence_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.evidence_purge
    ADD CONSTRAINT evidence_purge_evidence_id_fkey FOREIGN KEY (evidence_id) REFERENCES public.evidence(id);

ALTER TABLE ONLY public.evidence_purge
    ADD CONSTRAINT evidence_purge_retention_run_id_fkey FOREIGN KEY (retention_run_id) REFERENCES public.retention_run(id);

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT evidence_uploaded_by_user_id_fkey FOREIGN KEY (uploaded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.idempotency_key
    ADD CONSTRAINT idempotency_key_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_invited_by_user_id_fkey FOREIGN KEY (invited_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.job_spell
    ADD CONSTRAINT job_spell_recorded_by_user_id_fkey FOREIGN KEY (recorded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.job_spell
    ADD CONSTRAINT job_spell_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id) REFERENCES public.referral(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_recorded_by_user_id_fkey FOREIGN KEY (recorded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.journey_event
    ADD CONSTRAINT journey_event_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id) REFERENCES public.referral(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.ledger_account
    ADD CONSTRAINT ledger_account_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.ledger_account
    ADD CONSTRAINT ledger_account_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.ledger_account(id);

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_transaction_fkey FOREIGN KEY (transaction_id, programme_id, prime_contract_id) REFERENCES public.ledger_transaction(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_remittance_fkey FOREIGN KEY (remittance_id, programme_id, prime_contract_id) REFERENCES public.remittance(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_subcontractor_payment_fkey FOREIGN KEY (subcontractor_payment_id, programme_id, prime_contract_id) REFERENCES public.subcontractor_payment(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.milestone_type
    ADD CONSTRAINT milestone_type_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.needs_assessment
    ADD CONSTRAINT needs_assessment_assessed_by_user_id_fkey FOREIGN KEY (assessed_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.needs_assessment
    ADD CONSTRAINT needs_assessment_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id) REFERENCES public.participant(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.needs_assessment
    ADD CONSTRAINT needs_assessment_payment_group_id_fkey FOREIGN KEY (payment_group_id) REFERENCES public.payment_group(id);

ALTER TABLE ONLY public.ocds_publication
    ADD CONSTRAINT ocds_publication_changed_by_user_id_fkey FOREIGN KEY (changed_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.ocds_publication
    ADD CONSTRAINT ocds_publication_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.ocds_release
    ADD CONSTRAINT ocds_release_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.participant
    ADD CONSTRAINT participant_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.participant_pseudonymisation
    ADD CONSTRAINT participant_pseudonymisation_data_subject_request_id_fkey FOREIGN KEY (data_subject_request_id) REFERENCES public.data_subject_request(id);

ALTER TABLE ONLY public.participant_pseudonymisation
    ADD CONSTRAINT participant_pseudonymisation_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id) REFERENCES public.participant(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.participant_pseudonymisation
    ADD CONSTRAINT participant_pseudonymisation_retention_run_id_fkey FOREIGN KEY (retention_run_id) REFERENCES public.retention_run(id);

ALTER TABLE ONLY public.participant_special_category
    ADD CONSTRAINT participant_special_category_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id) REFERENCES public.participant(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.participant_special_category
    ADD CONSTRAINT participant_special_category_recorded_by_user_id_fkey FOREIGN KEY (recorded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.payment_group
    ADD CONSTRAINT payment_group_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.payment_model
    ADD CONSTRAINT payment_model_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.payment_model
    ADD CONSTRAINT payment_model_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.payment_model_version
    ADD CONSTRAINT payment_model_version_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.payment_model_version
    ADD CONSTRAINT payment_model_version_payment_model_id_fkey FOREIGN KEY (payment_model_id) REFERENCES public.payment_model(id);

ALTER TABLE ONLY public.payment_model_version
    ADD CONSTRAINT payment_model_version_published_by_user_id_fkey FOREIGN KEY (published_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.payment_model_version
    ADD CONSTRAINT payment_model_version_submitted_by_user_id_fkey FOREIGN KEY (submitted_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.prime_contract_claim_total
    ADD CONSTRAINT prime_contract_claim_total_prime_contract_id_fkey FOREIGN KEY (prime_contract_id) REFERENCES public.prime_contract(id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_contract_area_id_fkey FOREIGN KEY (contract_area_id) REFERENCES public.contract_area(id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_payment_model_id_fkey FOREIGN KEY (payment_model_id) REFERENCES public.payment_model(id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_prime_id_fkey FOREIGN KEY (prime_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.prime_contract
    ADD CONSTRAINT prime_contract_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_commissioner_id_fkey FOREIGN KEY (commissioner_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.reconciliation_dispute
    ADD CONSTRAINT reconciliation_dispute_answered_by_user_id_fkey FOREIGN KEY (answered_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.reconciliation_dispute
    ADD CONSTRAINT reconciliation_dispute_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.reconciliation_dispute
    ADD CONSTRAINT reconciliation_dispute_raised_by_organisation_id_fkey FOREIGN KEY (raised_by_organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.reconciliation_dispute
    ADD CONSTRAINT reconciliation_dispute_raised_by_user_id_fkey FOREIGN KEY (raised_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.reconciliation_dispute
    ADD CONSTRAINT reconciliation_dispute_resolved_by_user_id_fkey FOREIGN KEY (resolved_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.reconciliation_dispute
    ADD CONSTRAINT reconciliation_dispute_result_id_fkey FOREIGN KEY (result_id) REFERENCES public.reconciliation_result(id);

ALTER TABLE ONLY public.reconciliation_result
    ADD CONSTRAINT reconciliation_result_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.reconciliation_result
    ADD CONSTRAINT reconciliation_result_run_fkey FOREIGN KEY (run_id, programme_id, prime_contract_id) REFERENCES public.reconciliation_run(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.reconciliation_result
    ADD CONSTRAINT reconciliation_result_subcontractor_payment_line_id_fkey FOREIGN KEY (subcontractor_payment_line_id) REFERENCES public.subcontractor_payment_line(id);

ALTER TABLE ONLY public.reconciliation_run
    ADD CONSTRAINT reconciliation_run_party_id_fkey FOREIGN KEY (party_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.reconciliation_run
    ADD CONSTRAINT reconciliation_run_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.reconciliation_run
    ADD CONSTRAINT reconciliation_run_run_by_user_id_fkey FOREIGN KEY (run_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.referral_import_error
    ADD CONSTRAINT referral_import_error_import_id_fkey FOREIGN KEY (import_id) REFERENCES public.referral_import(id);

ALTER TABLE ONLY public.referral_import
    ADD CONSTRAINT referral_import_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.referral_import
    ADD CONSTRAINT referral_import_referral_partner_id_fkey FOREIGN KEY (referral_partner_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.referral_import
    ADD CONSTRAINT referral_import_uploaded_by_organisation_id_fkey FOREIGN KEY (uploaded_by_organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.referral_import
    ADD CONSTRAINT referral_import_uploaded_by_user_id_fkey FOREIGN KEY (uploaded_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_participant_fkey FOREIGN KEY (participant_id, programme_id, prime_contract_id) REFERENCES public.participant(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.referral_partner_area
    ADD CONSTRAINT referral_partner_area_added_by_user_id_fkey FOREIGN KEY (added_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.referral_partner_area
    ADD CONSTRAINT referral_partner_area_contract_area_id_fkey FOREIGN KEY (contract_area_id) REFERENCES public.contract_area(id);

ALTER TABLE ONLY public.referral_partner_area
    ADD CONSTRAINT referral_partner_area_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.referral_partner_area
    ADD CONSTRAINT referral_partner_area_referral_partner_id_fkey FOREIGN KEY (referral_partner_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_referral_partner_id_fkey FOREIGN KEY (referral_partner_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES public.subcontract(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.referral_transition
    ADD CONSTRAINT referral_transition_by_user_id_fkey FOREIGN KEY (by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.referral_transition
    ADD CONSTRAINT referral_transition_referral_fkey FOREIGN KEY (referral_id, programme_id, prime_contract_id) REFERENCES public.referral(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.refresh_token
    ADD CONSTRAINT refresh_token_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.auth_session(id);

ALTER TABLE ONLY public.remittance_clawback
    ADD CONSTRAINT remittance_clawback_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.remittance_clawback
    ADD CONSTRAINT remittance_clawback_clawback_fkey FOREIGN KEY (clawback_id) REFERENCES public.claim_clawback(id);

ALTER TABLE ONLY public.remittance_clawback
    ADD CONSTRAINT remittance_clawback_remittance_fkey FOREIGN KEY (remittance_id, programme_id, prime_contract_id) REFERENCES public.remittance(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.remittance_line
    ADD CONSTRAINT remittance_line_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.remittance_line
    ADD CONSTRAINT remittance_line_remittance_fkey FOREIGN KEY (remittance_id, programme_id, prime_contract_id) REFERENCES public.remittance(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.remittance
    ADD CONSTRAINT remittance_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.retention_policy
    ADD CONSTRAINT retention_policy_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.retention_policy
    ADD CONSTRAINT retention_policy_set_by_user_id_fkey FOREIGN KEY (set_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.retention_run
    ADD CONSTRAINT retention_run_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.retention_run
    ADD CONSTRAINT retention_run_triggered_by_organisation_id_fkey FOREIGN KEY (triggered_by_organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.retention_run
    ADD CONSTRAINT retention_run_triggered_by_user_id_fkey FOREIGN KEY (triggered_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.specialist_share_minimum
    ADD CONSTRAINT specialist_share_minimum_prime_contract_id_fkey FOREIGN KEY (prime_contract_id) REFERENCES public.prime_contract(id);

ALTER TABLE ONLY public.specialist_share_minimum
    ADD CONSTRAINT specialist_share_minimum_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programme(id);

ALTER TABLE ONLY public.specialist_share_minimum
    ADD CONSTRAINT specialist_share_minimum_set_by_user_id_fkey FOREIGN KEY (set_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.subcontract_entitlement
    ADD CONSTRAINT subcontract_entitlement_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.subcontract_entitlement
    ADD CONSTRAINT subcontract_entitlement_remittance_id_fkey FOREIGN KEY (remittance_id) REFERENCES public.remittance(id);

ALTER TABLE ONLY public.subcontract_entitlement
    ADD CONSTRAINT subcontract_entitlement_subcontract_id_fkey FOREIGN KEY (subcontract_id) REFERENCES public.subcontract(id);

ALTER TABLE ONLY public.subcontract_entitlement
    ADD CONSTRAINT subcontract_entitlement_subcontractor_payment_line_id_fkey FOREIGN KEY (subcontractor_payment_line_id) REFERENCES public.subcontractor_payment_line(id);

ALTER TABLE ONLY public.subcontract_payment_group
    ADD CONSTRAINT subcontract_payment_group_payment_group_id_fkey FOREIGN KEY (payment_group_id) REFERENCES public.payment_group(id);

ALTER TABLE ONLY public.subcontract_payment_group
    ADD CONSTRAINT subcontract_payment_group_subcontract_id_fkey FOREIGN KEY (subcontract_id) REFERENCES public.subcontract(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.subcontract
    ADD CONSTRAINT subcontract_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES public.prime_contract(id, programme_id);

ALTER TABLE ONLY public.subcontract
    ADD CONSTRAINT subcontract_subcontractor_id_fkey FOREIGN KEY (subcontractor_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.subcontract_terms_version
    ADD CONSTRAINT subcontract_terms_version_decided_by_user_id_fkey FOREIGN KEY (decided_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.subcontract_terms_version
    ADD CONSTRAINT subcontract_terms_version_proposed_by_user_id_fkey FOREIGN KEY (proposed_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.subcontract_terms_version
    ADD CONSTRAINT subcontract_terms_version_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES public.subcontract(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.subcontract_transition
    ADD CONSTRAINT subcontract_transition_by_organisation_id_fkey FOREIGN KEY (by_organisation_id) REFERENCES public.organisation(id);

ALTER TABLE ONLY public.subcontract_transition
    ADD CONSTRAINT subcontract_transition_by_user_id_fkey FOREIGN KEY (by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.subcontract_transition
    ADD CONSTRAINT subcontract_transition_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES public.subcontract(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.subcontractor_payment
    ADD CONSTRAINT subcontractor_payment_approved_by_user_id_fkey FOREIGN KEY (approved_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.subcontractor_payment_line
    ADD CONSTRAINT subcontractor_payment_line_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id) REFERENCES public.claim(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.subcontractor_payment_line
    ADD CONSTRAINT subcontractor_payment_line_payment_fkey FOREIGN KEY (subcontractor_payment_id, programme_id, prime_contract_id) REFERENCES public.subcontractor_payment(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.subcontractor_payment
    ADD CONSTRAINT subcontractor_payment_run_by_user_id_fkey FOREIGN KEY (run_by_user_id) REFERENCES public.app_user(id);

ALTER TABLE ONLY public.subcontractor_payment
    ADD CONSTRAINT subcontractor_payment_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id) REFERENCES public.subcontract(id, programme_id, prime_contract_id);

ALTER TABLE ONLY public.tariff
    ADD CONSTRAINT tariff_milestone_type_id_fkey FOREIGN KEY (milestone_type_id) REFERENCES public.milestone_type(id);

ALTER TABLE ONLY public.tariff
    ADD CONSTRAINT tariff_payment_group_id_fkey FOREIGN KEY (payment_group_id) REFERENCES public.payment_group(id);

ALTER TABLE ONLY public.tariff
    ADD CONSTRAINT tariff_payment_model_version_id_fkey FOREIGN KEY (payment_model_version_id) REFERENCES public.payment_model_version(id);

ALTER TABLE public.activity ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.alert ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.alert_threshold ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.allocation_policy ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.analytics_money_month ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.analytics_payment_fact ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.analytics_referral_fact ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.analytics_referral_month ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.analytics_refresh ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.api_key ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.bank_statement_import ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.bank_statement_line ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.bid_commitment ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.bid_commitment_version ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_clawback ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_query ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_query_message ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_sample ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_sample_item ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_sample_period ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_sample_population ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_sample_recovery ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_submission ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.claim_transition ENABLE ROW LEVEL SECURITY;

CREATE POLICY commissioner_creates ON public.prime_contract FOR INSERT WITH CHECK ((programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))));

CREATE POLICY commissioner_updates ON public.milestone_type FOR UPDATE USING ((programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))));

CREATE POLICY commissioner_updates ON public.payment_group FOR UPDATE USING ((programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))));

CREATE POLICY commissioner_updates ON public.programme FOR UPDATE USING ((commissioner_id = public.waymark_current_organisation()));

CREATE POLICY commissioner_writes ON public.contract_area FOR INSERT WITH CHECK ((programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))));

CREATE POLICY commissioner_writes ON public.milestone_type FOR INSERT WITH CHECK ((programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))));

CREATE POLICY commissioner_writes ON public.payment_group FOR INSERT WITH CHECK ((programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))));

CREATE POLICY commissioner_writes ON public.payment_model FOR INSERT WITH CHECK ((programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))));

CREATE POLICY commissioner_writes ON public.payment_model_version USING ((payment_model_id IN ( SELECT m.id
   FROM public.payment_model m
  WHERE (m.programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))))));

CREATE POLICY commissioner_writes ON public.programme FOR INSERT WITH CHECK ((commissioner_id = public.waymark_current_organisation()));

CREATE POLICY commissioner_writes ON public.tariff FOR INSERT WITH CHECK ((payment_model_version_id IN ( SELECT v.id
   FROM (public.payment_model_version v
     JOIN public.payment_model m ON ((m.id = v.payment_model_id)))
  WHERE (m.programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes))))));

ALTER TABLE public.contract_area ENABLE ROW LEVEL SECURITY;

CREATE POLICY counterparty ON public.ledger_account FOR SELECT USING ((id = ANY (ARRAY( SELECT public.waymark_counterparty_ledger_accounts() AS waymark_counterparty_ledger_accounts))));

CREATE POLICY counterparty ON public.ledger_entry FOR SELECT USING ((transaction_id IN ( SELECT ledger_transaction.id
   FROM public.ledger_transaction)));

ALTER TABLE public.data_match_result ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.data_match_row ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.data_match_upload ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.data_subject_request ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.data_subject_request_transition ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.due_diligence_record ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.evidence ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.evidence_purge ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.idempotency_key ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.invitation ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.job_spell ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.journey_event ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.ledger_account ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.ledger_entry ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.ledger_transaction ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.milestone_type ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.needs_assessment ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.ocds_publication ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.ocds_release ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.participant ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.participant_pseudonymisation ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.participant_special_category ENABLE ROW LEVEL SECURITY;

CREATE POLICY party_scope ON public.activity USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id))) WITH CHECK (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id)));

CREATE POLICY party_scope ON public.alert USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.alert_threshold USING ((programme_id IN ( SELECT pc.programme_id
   FROM public.prime_contract pc
  WHERE (pc.id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts)))))) WITH CHECK ((programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation()))));

CREATE POLICY party_scope ON public.allocation_policy USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.analytics_money_month USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.analytics_payment_fact USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.analytics_referral_fact USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.analytics_referral_month USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.analytics_refresh FOR SELECT USING (true);

CREATE POLICY party_scope ON public.api_key USING ((organisation_id = public.waymark_current_organisation()));

CREATE POLICY party_scope ON public.bank_statement_import USING ((organisation_id = public.waymark_current_organisation()));

CREATE POLICY party_scope ON public.bank_statement_line USING ((import_id IN ( SELECT bank_statement_import.id
   FROM public.bank_statement_import)));

CREATE POLICY party_scope ON public.bid_commitment USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontractor_id = public.waymark_current_organisation())));

CREATE POLICY party_scope ON public.bid_commitment_version USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontractor_id = public.waymark_current_organisation())));

CREATE POLICY party_scope ON public.claim USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.claim_clawback USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (claim_id IN ( SELECT claim.id
   FROM public.claim)))) WITH CHECK ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.claim_query USING ((claim_id IN ( SELECT claim.id
   FROM public.claim)));

CREATE POLICY party_scope ON public.claim_query_message USING ((claim_query_id IN ( SELECT claim_query.id
   FROM public.claim_query)));

CREATE POLICY party_scope ON public.claim_sample USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.claim_sample_item USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.claim_sample_period USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.claim_sample_population USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.claim_sample_recovery USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.claim_submission USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.claim_transition USING ((claim_id IN ( SELECT claim.id
   FROM public.claim)));

CREATE POLICY party_scope ON public.data_match_result USING ((claim_id IN ( SELECT claim.id
   FROM public.claim))) WITH CHECK ((upload_id IN ( SELECT data_match_upload.id
   FROM public.data_match_upload)));

CREATE POLICY party_scope ON public.data_match_row USING ((upload_id IN ( SELECT data_match_upload.id
   FROM public.data_match_upload)));

CREATE POLICY party_scope ON public.data_match_upload USING ((programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation()))));

CREATE POLICY party_scope ON public.data_subject_request USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.data_subject_request_transition USING ((request_id IN ( SELECT data_subject_request.id
   FROM public.data_subject_request)));

CREATE POLICY party_scope ON public.due_diligence_record USING (((prime_id = public.waymark_current_organisation()) OR (subcontractor_id = public.waymark_current_organisation())));

CREATE POLICY party_scope ON public.evidence USING ((claim_id IN ( SELECT claim.id
   FROM public.claim)));

CREATE POLICY party_scope ON public.evidence_purge USING ((evidence_id IN ( SELECT evidence.id
   FROM public.evidence))) WITH CHECK ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.idempotency_key USING ((organisation_id = public.waymark_current_organisation()));

CREATE POLICY party_scope ON public.invitation USING ((organisation_id = public.waymark_current_organisation()));

CREATE POLICY party_scope ON public.job_spell USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id))) WITH CHECK (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id)));

CREATE POLICY party_scope ON public.journey_event USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id))) WITH CHECK (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id)));

CREATE POLICY party_scope ON public.ledger_account USING (((organisation_id = public.waymark_current_organisation()) OR (programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation())))));

CREATE POLICY party_scope ON public.ledger_entry USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (account_id IN ( SELECT ledger_account.id
   FROM public.ledger_account))));

CREATE POLICY party_scope ON public.ledger_transaction USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontractor_payment_id IN ( SELECT subcontractor_payment.id
   FROM public.subcontractor_payment))));

CREATE POLICY party_scope ON public.needs_assessment USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_visible_participant(participant_id))) WITH CHECK (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_visible_participant(participant_id)));

CREATE POLICY party_scope ON public.ocds_publication USING ((programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation()))));

CREATE POLICY party_scope ON public.ocds_release USING ((programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation()))));

CREATE POLICY party_scope ON public.participant USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_visible_participant(id))) WITH CHECK (true);

CREATE POLICY party_scope ON public.participant_pseudonymisation USING ((participant_id IN ( SELECT participant.id
   FROM public.participant))) WITH CHECK ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.participant_special_category USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_visible_participant(participant_id))) WITH CHECK (true);

CREATE POLICY party_scope ON public.prime_contract USING (((id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (id IN ( SELECT s.prime_contract_id
   FROM public.subcontract s
  WHERE (s.id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))))));

CREATE POLICY party_scope ON public.reconciliation_dispute USING ((result_id IN ( SELECT reconciliation_result.id
   FROM public.reconciliation_result)));

CREATE POLICY party_scope ON public.reconciliation_result USING ((run_id IN ( SELECT reconciliation_run.id
   FROM public.reconciliation_run)));

CREATE POLICY party_scope ON public.reconciliation_run USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (party_id = public.waymark_current_organisation())));

CREATE POLICY party_scope ON public.referral USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR ((subcontract_id IS NOT NULL) AND (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))) OR ((referral_partner_id IS NOT NULL) AND (referral_partner_id = public.waymark_current_organisation())))) WITH CHECK (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (referral_partner_id = public.waymark_current_organisation()) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.referral_import USING (((referral_partner_id = public.waymark_current_organisation()) OR (uploaded_by_organisation_id = public.waymark_current_organisation())));

CREATE POLICY party_scope ON public.referral_import_error USING ((import_id IN ( SELECT referral_import.id
   FROM public.referral_import)));

CREATE POLICY party_scope ON public.referral_partner_area USING (((referral_partner_id = public.waymark_current_organisation()) OR (programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation())))));

CREATE POLICY party_scope ON public.referral_transition USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id))) WITH CHECK (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR public.waymark_is_delegated_referral(referral_id)));

CREATE POLICY party_scope ON public.remittance USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.remittance_clawback USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.remittance_line USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.retention_policy USING (public.waymark_programme_parties_include_current(programme_id)) WITH CHECK ((programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation()))));

CREATE POLICY party_scope ON public.retention_run USING ((programme_id IN ( SELECT p.id
   FROM public.programme p
  WHERE (p.commissioner_id = public.waymark_current_organisation()))));

CREATE POLICY party_scope ON public.specialist_share_minimum USING ((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))));

CREATE POLICY party_scope ON public.subcontract USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontractor_id = public.waymark_current_organisation())));

CREATE POLICY party_scope ON public.subcontract_entitlement USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.subcontract_payment_group USING ((subcontract_id IN ( SELECT subcontract.id
   FROM public.subcontract)));

CREATE POLICY party_scope ON public.subcontract_terms_version USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.subcontract_transition USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.subcontractor_payment USING (((prime_contract_id = ANY (ARRAY( SELECT public.waymark_scoped_prime_contracts() AS waymark_scoped_prime_contracts))) OR (subcontract_id = ANY (ARRAY( SELECT public.waymark_scoped_subcontracts() AS waymark_scoped_subcontracts)))));

CREATE POLICY party_scope ON public.subcontractor_payment_line USING ((subcontractor_payment_id IN ( SELECT subcontractor_payment.id
   FROM public.subcontractor_payment)));

ALTER TABLE public.payment_group ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.payment_model ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.payment_model_version ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.prime_contract ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.prime_contract_claim_total ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.programme ENABLE ROW LEVEL SECURITY;

CREATE POLICY readable ON public.contract_area FOR SELECT USING (true);

CREATE POLICY readable ON public.milestone_type FOR SELECT USING (true);

CREATE POLICY readable ON public.payment_group FOR SELECT USING (true);

CREATE POLICY readable ON public.payment_model FOR SELECT USING (true);

CREATE POLICY readable ON public.payment_model_version FOR SELECT USING (((status = 'PUBLISHED'::public."PaymentModelVersionStatus") OR (payment_model_id IN ( SELECT m.id
   FROM public.payment_model m
  WHERE (m.programme_id = ANY (ARRAY( SELECT public.waymark_commissioned_programmes() AS waymark_commissioned_programmes)))))));

CREATE POLICY readable ON public.programme FOR SELECT USING (true);

CREATE POLICY readable ON public.tariff FOR SELECT USING (true);

ALTER TABLE public.reconciliation_dispute ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.reconciliation_result ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.reconciliation_run ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.referral ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.referral_import ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.referral_import_error ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.referral_partner_area ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.referral_transition ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.remittance ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.remittance_clawback ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.remittance_line ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.retention_policy ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.retention_run ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.specialist_share_minimum ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.subcontract ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.subcontract_entitlement ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.subcontract_payment_group ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.subcontract_terms_version ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.subcontract_transition ENABLE ROW LEVEL SECURITY;

CREATE POLICY subcontracted_claims ON public.remittance FOR SELECT USING ((id = ANY (ARRAY( SELECT public.waymark_subcontracted_remittances() AS waymark_subcontracted_remittances))));

CREATE POLICY subcontracted_claims ON public.remittance_line FOR SELECT USING ((claim_id = ANY (ARRAY( SELECT public.waymark_subcontracted_claims() AS waymark_subcontracted_claims))));

ALTER TABLE public.subcontractor_payment ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.subcontractor_payment_line ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.tariff ENABLE ROW LEVEL SECURITY;

GRANT USAGE ON SCHEMA public TO waymark_app;

GRANT ALL ON FUNCTION public.referral_import_make_date(year integer, month integer, day integer) TO waymark_app;

GRANT ALL ON FUNCTION public.referral_import_parse_date(value text) TO waymark_app;

REVOKE ALL ON FUNCTION public.waymark_area_open_to_partner(p_contract_area_id uuid, p_referral_partner_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.waymark_area_open_to_partner(p_contract_area_id uuid, p_referral_partner_id uuid) TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_claimed_pence(p_prime_contract_id uuid, p_participant_id uuid) TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_commissioned_programmes() TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_counterparty_ledger_accounts() TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_current_organisation() TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_ensure_ledger_account(p_organisation_id uuid, p_programme_id uuid, p_code text, p_name text) TO waymark_app;

REVOKE ALL ON FUNCTION public.waymark_is_delegated_referral(p_referral uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.waymark_is_delegated_referral(p_referral uuid) TO waymark_app;

REVOKE ALL ON FUNCTION public.waymark_is_visible_participant(p_participant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.waymark_is_visible_participant(p_participant uuid) TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_lock_claim_total(p_prime_contract_id uuid) TO waymark_app;

REVOKE ALL ON PROCEDURE public.waymark_open_scope(IN p_organisation uuid, IN p_session uuid, IN p_user uuid, IN p_api_key uuid, IN p_roles text[]) FROM PUBLIC;

GRANT ALL ON FUNCTION public.waymark_participant_earnings(target uuid) TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_programme_parties_include_current(p_programme_id uuid) TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_scoped_prime_contracts() TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_scoped_subcontracts() TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.subcontract_terms_version TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_subcontract_terms_on(p_subcontract_id uuid, p_on date) TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_subcontracted_claims() TO waymark_app;

GRANT ALL ON FUNCTION public.waymark_subcontracted_remittances() TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.activity TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alert TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alert_threshold TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.allocation_policy TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.analytics_money_month TO waymark_app;

GRANT SELECT,USAGE ON SEQUENCE public.analytics_money_month_id_seq TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.analytics_payment_fact TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.analytics_referral_fact TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.analytics_referral_month TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.analytics_refresh TO waymark_app;

GRANT SELECT,USAGE ON SEQUENCE public.analytics_refresh_id_seq TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.api_key TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.app_user TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.audit_event TO waymark_app;

GRANT SELECT,USAGE ON SEQUENCE public.audit_event_seq_seq TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.auth_session TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.bank_statement_import TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.bank_statement_line TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.bid_commitment TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.bid_commitment_version TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_clawback TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_query TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_query_message TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_sample TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_sample_item TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_sample_period TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_sample_population TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_sample_recovery TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_submission TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.claim_transition TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.contract_area TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.data_match_result TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.data_match_row TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.data_match_upload TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.data_subject_request TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.data_subject_request_transition TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.due_diligence_record TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.evidence TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.evidence_purge TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.idempotency_key TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.invitation TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.job_spell TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.journey_event TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.ledger_account TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.ledger_entry TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.ledger_transaction TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.milestone_type TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.needs_assessment TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.ocds_publication TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.ocds_release TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.organisation TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.participant TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.participant_pseudonymisation TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.participant_special_category TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.payment_group TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.payment_model TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.payment_model_version TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.prime_contract TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.prime_contract_claim_total TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.programme TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.reconciliation_dispute TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.reconciliation_result TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.reconciliation_run TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.referral TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.referral_import TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.referral_import_error TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.referral_partner_area TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.referral_transition TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.refresh_token TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.remittance TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.remittance_clawback TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.remittance_line TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.retention_policy TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.retention_run TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.sign_in_attempt TO waymark_app;

GRANT SELECT,USAGE ON SEQUENCE public.sign_in_attempt_id_seq TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.specialist_share_minimum TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.subcontract TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.subcontract_entitlement TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.subcontract_payment_group TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.subcontract_transition TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.subcontractor_payment TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.subcontractor_payment_line TO waymark_app;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.tariff TO waymark_app;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT,USAGE ON SEQUENCES  TO waymark_app;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT,INSERT,DELETE,UPDATE ON TABLES  TO waymark_app;
