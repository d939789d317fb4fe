-- Updates that move no referral between subcontracts or statuses no longer run the counts' trigger.
--
-- subcontract_referral_count followed every UPDATE statement on referral through a
-- statement-level trigger with transition tables, which PostgreSQL cannot limit to some
-- columns. Most referral updates move neither: every logged activity moves the referral's
-- last-activity day. Each paid for capturing the transition tables and a join that found
-- nothing: the activity insert went from 0.98 to 1.11 ms, and audited writes at 16
-- connections from 356 to 317/s (bench/results/audit-writes-20000-quiet.md).
-- A row-level trigger on the two columns, guarded by WHEN, is not even called for those.
-- A referral that moves still changes its two counts in the same transaction; rows are
-- locked in (subcontract, status) order within a row's change (old before new, the lower
-- key first), as the statement-level form did per statement.

DROP TRIGGER referral_counts_after_update ON referral;

CREATE FUNCTION waymark_subcontract_referral_count_move() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  INSERT INTO subcontract_referral_count AS k (subcontract_id, status, programme_id, prime_contract_id, referrals)
  SELECT moved.subcontract_id, moved.status, moved.programme_id, moved.prime_contract_id, moved.delta
    FROM (VALUES (OLD.subcontract_id, OLD.status, OLD.programme_id, OLD.prime_contract_id, -1),
                 (NEW.subcontract_id, NEW.status, NEW.programme_id, NEW.prime_contract_id, 1))
         AS moved(subcontract_id, status, programme_id, prime_contract_id, delta)
   WHERE moved.subcontract_id IS NOT NULL
   ORDER BY moved.subcontract_id, moved.status
  ON CONFLICT (subcontract_id, status) DO UPDATE SET referrals = k.referrals + EXCLUDED.referrals;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION waymark_subcontract_referral_count_move() FROM PUBLIC;

CREATE TRIGGER referral_counts_after_move AFTER UPDATE OF status, subcontract_id ON referral
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.subcontract_id IS DISTINCT FROM NEW.subcontract_id)
  EXECUTE FUNCTION waymark_subcontract_referral_count_move();
