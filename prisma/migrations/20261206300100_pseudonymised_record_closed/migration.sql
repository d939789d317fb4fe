-- W18: a pseudonymised (erased or retention-expired) participant's record is
-- closed. Pseudonymisation now ends the participant's live referrals (in the
-- API, audited); here the database refuses any new personal data about them,
-- whichever code path tries, and closes the referrals that earlier erasures
-- left live.
--
-- Refused once the participant has a participant_pseudonymisation row: new
-- referrals, needs assessments, special category data, activities, milestone
-- events, job spells and claims. A returning person is referred afresh: a new
-- participant record and a new start (docs/data-protection.md), so no milestone
-- of the closed record can be claimed again through it.
-- SECURITY DEFINER: the check must see every pseudonymisation, whatever the
-- writer's row-level security slice.

CREATE FUNCTION waymark_refuse_closed_participants(p_participant_ids uuid[]) RETURNS void
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
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

CREATE FUNCTION waymark_refuse_closed_by_participant() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  PERFORM waymark_refuse_closed_participants(ARRAY(SELECT DISTINCT participant_id FROM inserted));
  RETURN NULL;
END $$;

CREATE FUNCTION waymark_refuse_closed_by_referral() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  PERFORM waymark_refuse_closed_participants(ARRAY(SELECT DISTINCT r.participant_id FROM inserted i JOIN referral r ON r.id = i.referral_id));
  RETURN NULL;
END $$;

CREATE TRIGGER referral_participant_not_closed AFTER INSERT ON referral
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_refuse_closed_by_participant();
CREATE TRIGGER needs_assessment_participant_not_closed AFTER INSERT ON needs_assessment
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_refuse_closed_by_participant();
CREATE TRIGGER participant_special_category_participant_not_closed AFTER INSERT ON participant_special_category
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_refuse_closed_by_participant();
CREATE TRIGGER activity_participant_not_closed AFTER INSERT ON activity
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_refuse_closed_by_referral();
CREATE TRIGGER journey_event_participant_not_closed AFTER INSERT ON journey_event
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_refuse_closed_by_referral();
CREATE TRIGGER job_spell_participant_not_closed AFTER INSERT ON job_spell
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_refuse_closed_by_referral();
CREATE TRIGGER claim_participant_not_closed AFTER INSERT ON claim
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION waymark_refuse_closed_by_referral();

-- Referrals left live by erasures executed before this change: closed now, as
-- the system, with the same reason and a transition row each.
WITH closed AS (
  UPDATE referral r
     SET status = 'EXITED',
         exited_on = greatest((pp.pseudonymised_at AT TIME ZONE 'UTC')::date, r.attached_on),
         exit_reason = CASE pp.reason WHEN 'ERASURE' THEN 'Record closed: the participant''s personal data was erased at their request.'
                                      ELSE 'Record closed: the participant''s personal data was pseudonymised under the programme''s retention policy.' END,
         version = r.version + 1
    FROM participant_pseudonymisation pp, referral old
   WHERE pp.participant_id = r.participant_id AND old.id = r.id
     AND r.status IN ('RECEIVED', 'ACCEPTED', 'ALLOCATED', 'ATTACHED')
  RETURNING r.id, r.programme_id, r.prime_contract_id, old.status AS from_status, r.exit_reason
)
INSERT INTO referral_transition (programme_id, prime_contract_id, referral_id, from_status, to_status, by_user_id, reason)
SELECT programme_id, prime_contract_id, id, from_status, 'EXITED', NULL, exit_reason FROM closed;
