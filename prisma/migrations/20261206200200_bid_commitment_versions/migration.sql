-- Bid commitments: shares within the whole contract, and versioned (issue 16, W11).
--
-- What a prime promised in its bid per subcontractor — its share of
-- referrals, of money, and whether it is specialist provision — is recorded
-- by the commissioner, or proposed by the prime and confirmed by the
-- commissioner. Every change is a bid_commitment_version; bid_commitment
-- holds the version in force (flow-down analytics and allocation read it).
--
-- The shares of one prime contract add up to at most 100 %, whoever writes
-- them and however (API, seed, generator, raw SQL):
-- bid_commitment_shares_within_whole is a constraint trigger checked at
-- COMMIT (so a move of share from one subcontractor to another can be written
-- in either order), serialised per contract by an advisory lock so two
-- transactions cannot each add a share that only together pass 100 %.
-- packages/domain checkBidCommitmentShares is the same rule, answered first.

CREATE TYPE "BidCommitmentStatus" AS ENUM ('PROPOSED', 'CONFIRMED', 'REJECTED', 'WITHDRAWN');

ALTER TABLE bid_commitment
  ADD COLUMN specialist_provision boolean NOT NULL DEFAULT false,
  ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE FUNCTION waymark_bid_commitment_shares_within_whole() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
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
CREATE CONSTRAINT TRIGGER bid_commitment_shares_within_whole
  AFTER INSERT OR UPDATE OF prime_contract_id, planned_referral_share_bp, planned_spend_share_bp ON bid_commitment
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION waymark_bid_commitment_shares_within_whole();

CREATE TABLE bid_commitment_version (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id                uuid NOT NULL REFERENCES programme (id),
  prime_contract_id           uuid NOT NULL,
  subcontractor_id            uuid NOT NULL REFERENCES organisation (id),
  version                     integer NOT NULL,
  status                      "BidCommitmentStatus" NOT NULL,
  planned_referral_share_bp   integer NOT NULL,
  planned_spend_share_bp      integer NOT NULL,
  specialist_provision        boolean NOT NULL DEFAULT false,
  reason                      text,
  proposed_by_user_id         uuid REFERENCES app_user (id),
  proposed_by_organisation_id uuid REFERENCES organisation (id),
  proposed_at                 timestamptz NOT NULL DEFAULT now(),
  decided_by_user_id          uuid REFERENCES app_user (id),
  decided_at                  timestamptz,
  CONSTRAINT bid_commitment_version_prime_contract_id_subcontractor_id_version_key UNIQUE (prime_contract_id, subcontractor_id, version),
  -- SQL only from here.
  CONSTRAINT bid_commitment_version_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  CONSTRAINT bid_commitment_version_version_positive CHECK (version >= 1),
  CONSTRAINT bid_commitment_version_planned_referral_share_bp_range CHECK (planned_referral_share_bp BETWEEN 0 AND 10000),
  CONSTRAINT bid_commitment_version_planned_spend_share_bp_range CHECK (planned_spend_share_bp BETWEEN 0 AND 10000),
  CONSTRAINT bid_commitment_version_decided CHECK ((status = 'PROPOSED') = (decided_at IS NULL))
);
-- One proposal per subcontractor awaiting the commissioner at a time.
CREATE UNIQUE INDEX bid_commitment_version_one_proposed ON bid_commitment_version (prime_contract_id, subcontractor_id) WHERE status = 'PROPOSED';

-- Commitments written straight into bid_commitment (before this migration, the seed,
-- the generator, fixtures) are version 1, confirmed when written.
CREATE FUNCTION waymark_bid_commitment_first_version() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
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
CREATE TRIGGER bid_commitment_first_version AFTER INSERT ON bid_commitment FOR EACH ROW EXECUTE FUNCTION waymark_bid_commitment_first_version();

INSERT INTO bid_commitment_version (programme_id, prime_contract_id, subcontractor_id, version, status, planned_referral_share_bp, planned_spend_share_bp, decided_at)
SELECT pc.programme_id, bc.prime_contract_id, bc.subcontractor_id, 1, 'CONFIRMED', bc.planned_referral_share_bp, bc.planned_spend_share_bp, now()
  FROM bid_commitment bc JOIN prime_contract pc ON pc.id = bc.prime_contract_id;

ALTER TABLE bid_commitment_version ENABLE ROW LEVEL SECURITY;
-- As bid_commitment: the contract's commissioner and prime, and the subcontractor its own.
CREATE POLICY party_scope ON bid_commitment_version USING (
  prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts())) OR subcontractor_id = waymark_current_organisation()
);
GRANT SELECT, INSERT, UPDATE ON bid_commitment_version TO waymark_app;
