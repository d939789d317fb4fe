-- Programme rules as data (W10). A payment model version now carries its whole definition
-- (packages/domain PaymentModelDefinitionSchema: groups, grouping rules, milestones and their
-- triggers, amounts, tapers, caps) and every path reads it; the copies of the rules that lived in
-- milestone_type's and payment_model_version's own columns are gone.
--
--   payment_group, milestone_type   the programme's catalogue of codes and names, written when a
--                                   version that uses them is published; claims and needs
--                                   assessments point at them.
--   tariff                          one row per (version, group, milestone), written once when the
--                                   version is published, so a claim names the version that
--                                   priced it; the amounts themselves come from the definition.
--
-- Versions are drafted, submitted and published by a different commissioner admin (maker-checker).
-- Published versions of one model never overlap; a published version never changes, except that
-- its open end may be closed to make way for a successor, and never before a claim it priced.

DO $$
BEGIN
  IF EXISTS (SELECT FROM payment_model_version) THEN
    RAISE EXCEPTION 'payment model versions from before stored definitions exist: this database holds demo data from an older build; run npm run db:reset';
  END IF;
END
$$;

CREATE TYPE "PaymentModelVersionStatus" AS ENUM ('DRAFT', 'AWAITING_APPROVAL', 'PUBLISHED');

ALTER TABLE programme ADD COLUMN support_period_weeks integer NOT NULL DEFAULT 104;
ALTER TABLE programme ADD CONSTRAINT programme_support_period_weeks_range CHECK (support_period_weeks BETWEEN 1 AND 520);
ALTER TABLE programme ADD COLUMN created_by_user_id uuid REFERENCES app_user (id);

ALTER TABLE payment_model ADD COLUMN description text;
ALTER TABLE payment_model ADD COLUMN created_by_user_id uuid REFERENCES app_user (id);
ALTER TABLE payment_model ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE payment_model_version DROP CONSTRAINT payment_model_version_no_overlap;
ALTER TABLE payment_model_version DROP CONSTRAINT payment_model_version_caps_non_negative;
ALTER TABLE payment_model_version
  DROP COLUMN taper,
  DROP COLUMN cap_per_participant_pence,
  DROP COLUMN cap_total_pence,
  ADD COLUMN definition jsonb NOT NULL,
  ADD COLUMN status "PaymentModelVersionStatus" NOT NULL DEFAULT 'DRAFT',
  ADD COLUMN change_note text,
  ADD COLUMN created_by_user_id uuid REFERENCES app_user (id),
  ADD COLUMN submitted_by_user_id uuid REFERENCES app_user (id),
  ADD COLUMN submitted_at timestamptz,
  ADD COLUMN published_by_user_id uuid REFERENCES app_user (id),
  ADD COLUMN published_at timestamptz;
ALTER TABLE payment_model_version
  ADD CONSTRAINT payment_model_version_definition_is_object CHECK (jsonb_typeof(definition) = 'object'),
  -- Maker-checker: whoever submitted a version is not who publishes it.
  ADD CONSTRAINT payment_model_version_checker_differs CHECK (published_by_user_id IS NULL OR submitted_by_user_id IS NULL OR published_by_user_id <> submitted_by_user_id),
  ADD CONSTRAINT payment_model_version_published_has_who_and_when CHECK (status <> 'PUBLISHED' OR (published_at IS NOT NULL)),
  -- Two published versions of one model never overlap, so "the version in force" is a single row. Drafts may.
  ADD CONSTRAINT payment_model_version_no_overlap EXCLUDE USING gist (
    payment_model_id WITH =,
    daterange(effective_from, effective_to, '[]') WITH &&
  ) WHERE (status = 'PUBLISHED');

-- Milestone and group codes are each programme's own now, not a fixed list.
ALTER TABLE milestone_type
  DROP COLUMN prerequisite_codes,
  DROP COLUMN earliest_date_rule,
  DROP COLUMN max_occurrences,
  DROP COLUMN claim_deadline_days,
  DROP COLUMN evidence_required;
ALTER TABLE milestone_type ALTER COLUMN code TYPE text USING code::text;
ALTER TABLE journey_event ALTER COLUMN milestone_code TYPE text USING milestone_code::text;
DROP TYPE "MilestoneCode";
ALTER TABLE milestone_type ADD CONSTRAINT milestone_type_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]{0,39}$');
ALTER TABLE journey_event ADD CONSTRAINT journey_event_milestone_code_format CHECK (milestone_code ~ '^[A-Z][A-Z0-9_]{0,39}$');

CREATE FUNCTION waymark_guard_published_version() RETURNS trigger
  LANGUAGE plpgsql AS $$
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
CREATE TRIGGER payment_model_version_published_is_immutable BEFORE UPDATE OR DELETE ON payment_model_version
  FOR EACH ROW EXECUTE FUNCTION waymark_guard_published_version();

-- Tariff rows are written in the publishing transaction; once the version is published they never
-- change. (New rows are not refused: pricing reads the definition, and a restore or the seed writes
-- a published version before its tariff rows.)
CREATE FUNCTION waymark_guard_published_tariff() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM payment_model_version v WHERE v.id = OLD.payment_model_version_id AND v.status = 'PUBLISHED') THEN
    RAISE EXCEPTION 'the tariffs of a published payment model version cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER tariff_of_published_version_is_immutable BEFORE UPDATE OR DELETE ON tariff
  FOR EACH ROW EXECUTE FUNCTION waymark_guard_published_tariff();

-- Row-level security for set-up data. Published rules stay readable by every party (they price
-- everyone's claims and carry no personal data); drafts are the commissioner's own. Only the
-- programme's commissioner writes its programme, areas, models, versions and prime contracts.
CREATE FUNCTION waymark_commissioned_programmes() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation() $$;
GRANT EXECUTE ON FUNCTION waymark_commissioned_programmes() TO waymark_app;

ALTER TABLE programme ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON programme FOR SELECT USING (true);
CREATE POLICY commissioner_writes ON programme FOR INSERT WITH CHECK (commissioner_id = waymark_current_organisation());
CREATE POLICY commissioner_updates ON programme FOR UPDATE USING (commissioner_id = waymark_current_organisation());

ALTER TABLE contract_area ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON contract_area FOR SELECT USING (true);
CREATE POLICY commissioner_writes ON contract_area FOR INSERT WITH CHECK (programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())));

ALTER TABLE payment_model ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON payment_model FOR SELECT USING (true);
CREATE POLICY commissioner_writes ON payment_model FOR INSERT WITH CHECK (programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())));

ALTER TABLE payment_group ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON payment_group FOR SELECT USING (true);
CREATE POLICY commissioner_writes ON payment_group FOR INSERT WITH CHECK (programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())));
CREATE POLICY commissioner_updates ON payment_group FOR UPDATE USING (programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())));

ALTER TABLE milestone_type ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON milestone_type FOR SELECT USING (true);
CREATE POLICY commissioner_writes ON milestone_type FOR INSERT WITH CHECK (programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())));
CREATE POLICY commissioner_updates ON milestone_type FOR UPDATE USING (programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())));

ALTER TABLE payment_model_version ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON payment_model_version FOR SELECT USING (
  status = 'PUBLISHED'
  OR payment_model_id IN (SELECT m.id FROM payment_model m WHERE m.programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())))
);
CREATE POLICY commissioner_writes ON payment_model_version FOR ALL USING (
  payment_model_id IN (SELECT m.id FROM payment_model m WHERE m.programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())))
);

ALTER TABLE tariff ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON tariff FOR SELECT USING (true);
CREATE POLICY commissioner_writes ON tariff FOR INSERT WITH CHECK (
  payment_model_version_id IN (SELECT v.id FROM payment_model_version v JOIN payment_model m ON m.id = v.payment_model_id
                               WHERE m.programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())))
);

-- A commissioner contracts a prime on its own programme (the row is not yet in
-- waymark_scoped_prime_contracts() while it is being inserted).
CREATE POLICY commissioner_creates ON prime_contract FOR INSERT WITH CHECK (programme_id = ANY (ARRAY(SELECT waymark_commissioned_programmes())));

-- Earnings-threshold milestones (EARNINGS_REACHED) are assessed by whoever delivers or oversees the
-- participant, but the data-match rows are the commissioner's (row-level security). This hands out
-- only one visible participant's earnings per period, latest upload first for a repeated period.
CREATE FUNCTION waymark_participant_earnings(target uuid) RETURNS TABLE (period_end date, earnings_pence bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT ON (r.period_start, r.period_end) r.period_end, r.earnings_pence
    FROM data_match_row r JOIN data_match_upload u ON u.id = r.upload_id
    JOIN participant p ON p.id = r.participant_id
    WHERE r.participant_id = target
      AND (p.prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts()))
           OR waymark_is_visible_participant(p.id))
    ORDER BY r.period_start, r.period_end, u.uploaded_at DESC
  $$;
GRANT EXECUTE ON FUNCTION waymark_participant_earnings(uuid) TO waymark_app;
