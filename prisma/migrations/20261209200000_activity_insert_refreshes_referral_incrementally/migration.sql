-- Logging an activity moved the referral's last activity and last contact
-- days by re-reading every activity of the referral (max over all of them),
-- inside the write's transaction while the referral row is locked: O(the
-- referral's activities) per write — 0.45 ms at 562 activities, against
-- 0.04 ms for this update (bench/results/audit-writes-20000-after-final.md),
-- and growing with every activity logged. New rows can only move those
-- days forward, so on INSERT the referral takes the later of what it holds and
-- the newest of the rows added; the days stay the maximum over all its
-- activities as long as they were before (which the triggers keep on every
-- insert, update and delete). Updates and deletes can move a day back, so
-- they still recompute from every activity (waymark_referral_activity_refresh).
CREATE FUNCTION waymark_referral_activity_insert_refresh() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
  BEGIN
    UPDATE referral r
       SET last_activity_on = greatest(r.last_activity_on, added.last_activity_on),
           last_contact_on = greatest(r.last_contact_on, added.last_contact_on)
      FROM (
        SELECT referral_id, max(occurred_on) AS last_activity_on, max(occurred_on) FILTER (WHERE kind = 'CONTACT') AS last_contact_on
          FROM changed
         GROUP BY referral_id
      ) added
     WHERE r.id = added.referral_id
       AND (r.last_activity_on IS DISTINCT FROM greatest(r.last_activity_on, added.last_activity_on)
            OR r.last_contact_on IS DISTINCT FROM greatest(r.last_contact_on, added.last_contact_on));
    RETURN NULL;
  END
  $$;

DROP TRIGGER activity_refresh_referral_after_insert ON activity;
CREATE TRIGGER activity_refresh_referral_after_insert AFTER INSERT ON activity
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION waymark_referral_activity_insert_refresh();
