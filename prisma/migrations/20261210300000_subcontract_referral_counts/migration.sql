-- Each subcontract keeps how many of its referrals stand in each status.
--
-- The supply-chain page showed every subcontract's referrals received and
-- caseload by counting the subcontract's referrals on every load: for the
-- commissioner at 2M referrals, 1.9M index entries (each checked against the
-- referral policy) per page, 0.65–1.4 s, growing with referrals. The counts
-- now live in subcontract_referral_count, one row per (subcontract, status),
-- kept by statement-level triggers on referral (one grouped upsert per
-- statement, whatever writes the referrals: the API, an import, a fixture; the
-- generator's bulk load turns them off and recounts once, packages/db/src/generate/bulk-load.ts), so they change in the same transaction as the referrals they
-- count. SECURITY DEFINER: the caller's row-level security decides which
-- referrals it may write, not whether the counts follow them. Rows are
-- upserted in (subcontract, status) order so two statements lock them in the
-- same order (increments and decrements alike, hence no CHECK on the
-- column: an upsert's proposed row carries the signed change). Readers see the
-- counts under the same slice as subcontract.

CREATE TABLE subcontract_referral_count (
    subcontract_id uuid NOT NULL,
    status "ReferralStatus" NOT NULL,
    programme_id uuid NOT NULL,
    prime_contract_id uuid NOT NULL,
    referrals integer NOT NULL,
    CONSTRAINT subcontract_referral_count_pkey PRIMARY KEY (subcontract_id, status),
    CONSTRAINT subcontract_referral_count_subcontract_fkey FOREIGN KEY (subcontract_id, programme_id, prime_contract_id)
      REFERENCES subcontract(id, programme_id, prime_contract_id)
);

INSERT INTO subcontract_referral_count (subcontract_id, status, programme_id, prime_contract_id, referrals)
SELECT subcontract_id, status, programme_id, prime_contract_id, count(*)::int
  FROM referral WHERE subcontract_id IS NOT NULL
 GROUP BY subcontract_id, status, programme_id, prime_contract_id;

ALTER TABLE subcontract_referral_count ENABLE ROW LEVEL SECURITY;
-- The subcontract's own slice: the commissioner and prime of its contract, and the subcontractor itself.
CREATE POLICY party_scope ON subcontract_referral_count
  USING (prime_contract_id = ANY (ARRAY(SELECT waymark_scoped_prime_contracts()))
         OR subcontract_id = ANY (ARRAY(SELECT waymark_scoped_subcontracts())));
GRANT SELECT ON TABLE subcontract_referral_count TO waymark_app;

CREATE FUNCTION waymark_subcontract_referral_counts_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO subcontract_referral_count AS k (subcontract_id, status, programme_id, prime_contract_id, referrals)
    SELECT subcontract_id, status, programme_id, prime_contract_id, count(*)::int
      FROM new_referrals WHERE subcontract_id IS NOT NULL
     GROUP BY subcontract_id, status, programme_id, prime_contract_id
     ORDER BY subcontract_id, status
    ON CONFLICT (subcontract_id, status) DO UPDATE SET referrals = k.referrals + EXCLUDED.referrals;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only referrals whose subcontract or status moved change a count (most updates touch neither).
    INSERT INTO subcontract_referral_count AS k (subcontract_id, status, programme_id, prime_contract_id, referrals)
    SELECT subcontract_id, status, programme_id, prime_contract_id, sum(delta)::int
      FROM (SELECT o.subcontract_id, o.status, o.programme_id, o.prime_contract_id, -1 AS delta
              FROM old_referrals o JOIN new_referrals n ON n.id = o.id
             WHERE o.subcontract_id IS NOT NULL
               AND (o.status IS DISTINCT FROM n.status OR o.subcontract_id IS DISTINCT FROM n.subcontract_id)
            UNION ALL
            SELECT n.subcontract_id, n.status, n.programme_id, n.prime_contract_id, 1
              FROM old_referrals o JOIN new_referrals n ON n.id = o.id
             WHERE n.subcontract_id IS NOT NULL
               AND (o.status IS DISTINCT FROM n.status OR o.subcontract_id IS DISTINCT FROM n.subcontract_id)) moved
     GROUP BY subcontract_id, status, programme_id, prime_contract_id
    HAVING sum(delta) <> 0
     ORDER BY subcontract_id, status
    ON CONFLICT (subcontract_id, status) DO UPDATE SET referrals = k.referrals + EXCLUDED.referrals;
  ELSE
    INSERT INTO subcontract_referral_count AS k (subcontract_id, status, programme_id, prime_contract_id, referrals)
    SELECT subcontract_id, status, programme_id, prime_contract_id, -count(*)::int
      FROM old_referrals WHERE subcontract_id IS NOT NULL
     GROUP BY subcontract_id, status, programme_id, prime_contract_id
     ORDER BY subcontract_id, status
    ON CONFLICT (subcontract_id, status) DO UPDATE SET referrals = k.referrals + EXCLUDED.referrals;
  END IF;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION waymark_subcontract_referral_counts_follow() FROM PUBLIC;

CREATE TRIGGER referral_counts_after_insert AFTER INSERT ON referral
  REFERENCING NEW TABLE AS new_referrals FOR EACH STATEMENT EXECUTE FUNCTION waymark_subcontract_referral_counts_follow();
CREATE TRIGGER referral_counts_after_update AFTER UPDATE ON referral
  REFERENCING OLD TABLE AS old_referrals NEW TABLE AS new_referrals FOR EACH STATEMENT EXECUTE FUNCTION waymark_subcontract_referral_counts_follow();
CREATE TRIGGER referral_counts_after_delete AFTER DELETE ON referral
  REFERENCING OLD TABLE AS old_referrals FOR EACH STATEMENT EXECUTE FUNCTION waymark_subcontract_referral_counts_follow();
