-- W4 caseload: sort by state, payment group, subcontract, last contact and
-- days since last activity, each an index scan per prime contract and per
-- subcontract (apps/api/src/caseload).
--
-- Payment group, last activity and last contact are derived (the latest needs
-- assessment, the latest activity, the latest CONTACT activity); an index can
-- only order by them if the referral row carries them. Statement-level
-- triggers on activity and needs_assessment keep the three columns current,
-- set-based (one UPDATE per statement, also for a COPY). On referral only a
-- statement-level insert trigger fires (a re-referral inherits the payment
-- group): a bulk import pays one join for it, no per-row work.

ALTER TABLE referral
  ADD COLUMN payment_group_code text,   -- code of the participant's latest needs assessment; null: not assessed
  ADD COLUMN last_activity_on   date,   -- latest activity.occurred_on; null: none yet
  ADD COLUMN last_contact_on    date;   -- latest CONTACT activity.occurred_on; null: none yet

-- ───────── keeping them current ─────────

-- SECURITY DEFINER: derived columns are maintained for every writer, past row-level security.
-- Set-based joins, not per-row subqueries: a generator's COPY of millions of
-- activities (its indexes dropped while it loads) is one hash join.
CREATE FUNCTION waymark_referral_activity_refresh() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
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

-- A trigger with transition tables serves one event only: three triggers, one function.
CREATE TRIGGER activity_refresh_referral_after_insert AFTER INSERT ON activity
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_activity_refresh();
CREATE TRIGGER activity_refresh_referral_after_update AFTER UPDATE ON activity
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_activity_refresh();
CREATE TRIGGER activity_refresh_referral_after_delete AFTER DELETE ON activity
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_activity_refresh();

CREATE FUNCTION waymark_referral_payment_group_refresh() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
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

CREATE TRIGGER needs_assessment_refresh_referral_after_insert AFTER INSERT ON needs_assessment
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_payment_group_refresh();
CREATE TRIGGER needs_assessment_refresh_referral_after_update AFTER UPDATE ON needs_assessment
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_payment_group_refresh();
CREATE TRIGGER needs_assessment_refresh_referral_after_delete AFTER DELETE ON needs_assessment
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_payment_group_refresh();

-- A new referral of someone already assessed (a re-referral; a generator that
-- loads assessments before referrals) starts with that payment group: one
-- join per INSERT or COPY statement, which for a bulk import of new people
-- finds nothing to update.
CREATE FUNCTION waymark_referral_inherit_payment_group() RETURNS trigger
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

CREATE TRIGGER referral_inherit_payment_group_after_insert AFTER INSERT ON referral
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_inherit_payment_group();

-- Existing rows.
UPDATE referral r SET last_activity_on = a.last_activity_on, last_contact_on = a.last_contact_on
  FROM (SELECT referral_id, max(occurred_on) AS last_activity_on, max(occurred_on) FILTER (WHERE kind = 'CONTACT') AS last_contact_on
          FROM activity GROUP BY referral_id) a
 WHERE r.id = a.referral_id;
UPDATE referral r SET payment_group_code = latest.code
  FROM (SELECT DISTINCT ON (na.participant_id) na.participant_id, g.code
          FROM needs_assessment na JOIN payment_group g ON g.id = na.payment_group_id
         ORDER BY na.participant_id, na.assessed_at DESC, na.id DESC) latest
 WHERE r.participant_id = latest.participant_id;

-- ───────── sort indexes ─────────
-- Each is (slice column, sort key, id): the caseload's keyset order. NULLs
-- become a bound of the key's type, so the key is never null and a cursor is a
-- plain row comparison: not assessed sorts first (''), unallocated first
-- (the nil uuid), never contacted first (-infinity: longest without contact),
-- and days since last activity counts from the day received when there is
-- none. The caseload query repeats these expressions exactly.
-- SQL only: partial (`… IS NOT NULL`, implied by every `= slice.id` lookup),
-- like the received_at indexes of 20261125040000_referrals. The subcontract
-- ones cost a bulk import nothing: new referrals are unallocated.

-- (prime_contract_id, status) becomes (prime_contract_id, status, id): it
-- serves every query it did, and the import maintains one index, not two.
-- Not partial, so joined lookups (`r.prime_contract_id = pc.id`) still use it.
-- (subcontract_id, status) stays as it is for the same joined lookups
-- (supply-chain flow); its sort twin below is partial and costs an import nothing.
DROP INDEX referral_prime_contract_id_status_idx;
CREATE INDEX referral_prime_contract_id_status_id_idx ON referral (prime_contract_id, status, id);
CREATE INDEX referral_prime_contract_id_payment_group_id_idx ON referral (prime_contract_id, (COALESCE(payment_group_code, '')), id) WHERE prime_contract_id IS NOT NULL;
CREATE INDEX referral_prime_contract_id_subcontract_id_id_idx ON referral (prime_contract_id, (COALESCE(subcontract_id, '00000000-0000-0000-0000-000000000000'::uuid)), id) WHERE prime_contract_id IS NOT NULL;
CREATE INDEX referral_prime_contract_id_last_contact_id_idx ON referral (prime_contract_id, (COALESCE(last_contact_on, '-infinity'::date)), id) WHERE prime_contract_id IS NOT NULL;
CREATE INDEX referral_prime_contract_id_last_active_id_idx ON referral (prime_contract_id, (COALESCE(last_activity_on, (received_at AT TIME ZONE 'UTC')::date)), id) WHERE prime_contract_id IS NOT NULL;

CREATE INDEX referral_subcontract_id_status_id_idx ON referral (subcontract_id, status, id) WHERE subcontract_id IS NOT NULL;
CREATE INDEX referral_subcontract_id_payment_group_id_idx ON referral (subcontract_id, (COALESCE(payment_group_code, '')), id) WHERE subcontract_id IS NOT NULL;
CREATE INDEX referral_subcontract_id_subcontract_id_id_idx ON referral (subcontract_id, (COALESCE(subcontract_id, '00000000-0000-0000-0000-000000000000'::uuid)), id) WHERE subcontract_id IS NOT NULL;
CREATE INDEX referral_subcontract_id_last_contact_id_idx ON referral (subcontract_id, (COALESCE(last_contact_on, '-infinity'::date)), id) WHERE subcontract_id IS NOT NULL;
CREATE INDEX referral_subcontract_id_last_active_id_idx ON referral (subcontract_id, (COALESCE(last_activity_on, (received_at AT TIME ZONE 'UTC')::date)), id) WHERE subcontract_id IS NOT NULL;
