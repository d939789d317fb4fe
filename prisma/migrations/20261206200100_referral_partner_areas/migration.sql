-- Which referral partners may refer into a contract area (issue 16, W11).
--
-- A commissioner lists the referral partners (jobcentre offices) that refer
-- into each contract area of its programmes. An area with no list is open to
-- every referral partner (how every programme before this worked); once listed,
-- only the listed partners may refer into its prime contracts, and a partner
-- sees only the contracts open to it (apps/api/src/referrals).
CREATE TABLE referral_partner_area (
  contract_area_id    uuid NOT NULL REFERENCES contract_area (id),
  referral_partner_id uuid NOT NULL REFERENCES organisation (id),
  programme_id        uuid NOT NULL REFERENCES programme (id),
  added_by_user_id    uuid REFERENCES app_user (id),
  added_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT referral_partner_area_pkey PRIMARY KEY (contract_area_id, referral_partner_id)
);
CREATE INDEX referral_partner_area_referral_partner_id_idx ON referral_partner_area (referral_partner_id);

-- The commissioner of the programme manages the list; a partner sees its own rows.
ALTER TABLE referral_partner_area ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON referral_partner_area USING (
  referral_partner_id = waymark_current_organisation()
  OR programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = waymark_current_organisation())
);
GRANT SELECT, INSERT, UPDATE, DELETE ON referral_partner_area TO waymark_app;

-- Whether a contract area is open to a referral partner: no list, or listed.
-- SECURITY DEFINER: a partner must learn that an area is restricted without reading others' rows.
CREATE FUNCTION waymark_area_open_to_partner(p_contract_area_id uuid, p_referral_partner_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT NOT EXISTS (SELECT 1 FROM referral_partner_area WHERE contract_area_id = p_contract_area_id)
        OR EXISTS (SELECT 1 FROM referral_partner_area WHERE contract_area_id = p_contract_area_id AND referral_partner_id = p_referral_partner_id)
  $$;
REVOKE ALL ON FUNCTION waymark_area_open_to_partner(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION waymark_area_open_to_partner(uuid, uuid) TO waymark_app;
