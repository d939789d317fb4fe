-- The contract value cap without summing every claim (issue 10, W8 load).
--
-- Pricing a claim (drafting one, or listing what a referral can claim) checks
-- the contract's value cap against the live value already claimed under the
-- contract. waymark_claimed_pence() summed it over every claim of the
-- contract, joined to referral with an OR that no index answers: 20+ s at 2M
-- referrals. Under load each draft held a pooled connection that long and the
-- API stalled (found by the load drill's claim submissions).
--
-- Now the live total per prime contract is kept in prime_contract_claim_total
-- by a row trigger on claim (an insert, a delete, or a change of status,
-- amount or contract that changes what is live), and the participant's total
-- is summed over its own referrals' claims through referral_participant_id_idx.
-- "Live" is unchanged: every status but PRIME_REJECTED, REJECTED, WITHDRAWN and
-- CLAWED_BACK.
CREATE TABLE prime_contract_claim_total (
  prime_contract_id uuid PRIMARY KEY REFERENCES prime_contract (id),
  live_pence        bigint NOT NULL
);
-- Read only through waymark_claimed_pence() and written only by the trigger (both SECURITY DEFINER).
ALTER TABLE prime_contract_claim_total ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION waymark_claim_is_live(p_status "ClaimStatus") RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT p_status NOT IN ('PRIME_REJECTED', 'REJECTED', 'WITHDRAWN', 'CLAWED_BACK') $$;

CREATE FUNCTION waymark_add_to_claim_total(p_prime_contract_id uuid, p_pence bigint) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$
    INSERT INTO prime_contract_claim_total (prime_contract_id, live_pence) VALUES (p_prime_contract_id, p_pence)
    ON CONFLICT (prime_contract_id) DO UPDATE SET live_pence = prime_contract_claim_total.live_pence + EXCLUDED.live_pence
  $$;

CREATE FUNCTION waymark_claim_total_refresh() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
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

CREATE TRIGGER claim_total_refresh
  AFTER INSERT OR DELETE OR UPDATE OF status, amount_pence, prime_contract_id ON claim
  FOR EACH ROW EXECUTE FUNCTION waymark_claim_total_refresh();

INSERT INTO prime_contract_claim_total (prime_contract_id, live_pence)
  SELECT prime_contract_id, sum(amount_pence) FROM claim WHERE waymark_claim_is_live(status) GROUP BY prime_contract_id;

CREATE OR REPLACE FUNCTION waymark_claimed_pence(p_prime_contract_id uuid, p_participant_id uuid)
  RETURNS TABLE (contract_pence bigint, participant_pence bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT
      COALESCE((SELECT t.live_pence FROM prime_contract_claim_total t WHERE t.prime_contract_id = p_prime_contract_id), 0)::bigint,
      COALESCE((SELECT sum(c.amount_pence) FROM referral r JOIN claim c ON c.referral_id = r.id
                 WHERE r.participant_id = p_participant_id AND waymark_claim_is_live(c.status)), 0)::bigint
  $$;
