-- API keys carry scopes: what a system integration may do with the key,
-- chosen when the key is created (packages/domain/src/access/api-key-scopes.ts
-- lists them; each route's policy names the scope that opens it). Keys made
-- before scopes existed could call only the referral-import routes; they keep
-- exactly that as 'referrals:write' when their organisation can send referrals.
ALTER TABLE api_key ADD COLUMN scopes text[] NOT NULL DEFAULT '{}';
ALTER TABLE api_key ADD CONSTRAINT api_key_scopes_known
  CHECK (scopes <@ ARRAY['referrals:write', 'referrals:read', 'activities:write', 'claims:read', 'payments:read']::text[]);

UPDATE api_key k SET scopes = ARRAY['referrals:write']
  FROM organisation o
 WHERE o.id = k.organisation_id AND o.kind IN ('REFERRAL_PARTNER', 'COMMISSIONER')
   AND k.roles && ARRAY['ADMIN', 'CASEWORKER', 'AUDITOR']::"Role"[];
