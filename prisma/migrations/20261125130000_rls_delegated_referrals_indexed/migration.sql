-- Row-level security for subcontractors and referral partners, at 2M referrals.
--
-- waymark_delegated_referrals() asked `subcontract_id IN (…) OR
-- referral_partner_id = …`: an OR across two columns that no index answers,
-- so every call scanned the whole referral table (~0.9 s warm, 6 s cold at
-- 2,003,000 referrals) — and a subcontractor's referral read calls it twice
-- (referral and participant policies). An activity write took 6 s and held
-- its pooled connection meanwhile (bench/results/load-2003000.md).
--
-- Same sets, each half now an index range: referral_subcontract_id_* and
-- referral_referral_partner_id_* (the IS NOT NULL lets the planner use those
-- partial indexes). An organisation is either a subcontractor or a referral
-- partner, and the sets are only used with IN / = ANY, so UNION ALL's
-- possible duplicates change nothing. waymark_visible_participants() reads the
-- same two ranges directly instead of re-joining through referral ids.
CREATE OR REPLACE FUNCTION waymark_delegated_referrals() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT r.id FROM referral r
    WHERE r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts()))
    UNION ALL
    SELECT r.id FROM referral r
    WHERE r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation()
  $$;

CREATE OR REPLACE FUNCTION waymark_visible_participants() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT r.participant_id FROM referral r
    WHERE r.subcontract_id IS NOT NULL AND r.subcontract_id = ANY(ARRAY(SELECT waymark_scoped_subcontracts()))
    UNION ALL
    SELECT r.participant_id FROM referral r
    WHERE r.referral_partner_id IS NOT NULL AND r.referral_partner_id = waymark_current_organisation()
  $$;
