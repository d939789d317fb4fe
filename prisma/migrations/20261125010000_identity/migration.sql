-- Identity and access (W3): sessions with rotating refresh tokens, one-time
-- invitations, organisation API keys and the sign-in throttle's memory.
-- Every secret is stored only as its SHA-256 (passwords as argon2id in app_user).

-- A session is one sign-in: the family of refresh tokens rotated from it.
-- Revoking it (sign-out, deactivation, refresh-token reuse) ends every token at once.
CREATE TABLE auth_session (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES app_user (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text,
  user_agent     text,
  ip_address     text NOT NULL,
  CONSTRAINT auth_session_expiry_after_creation CHECK (expires_at > created_at),
  CONSTRAINT auth_session_revocation_has_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX auth_session_user_id_idx ON auth_session (user_id);

CREATE TABLE refresh_token (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES auth_session (id),
  token_hash bytea NOT NULL,
  issued_at  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  CONSTRAINT refresh_token_token_hash_key UNIQUE (token_hash),
  CONSTRAINT refresh_token_hash_is_sha256 CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX refresh_token_session_id_idx ON refresh_token (session_id);

CREATE TABLE invitation (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id    uuid NOT NULL REFERENCES organisation (id),
  email              citext NOT NULL,
  display_name       text NOT NULL,
  roles              "Role"[] NOT NULL,
  token_hash         bytea NOT NULL,
  invited_by_user_id uuid REFERENCES app_user (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz NOT NULL,
  accepted_at        timestamptz,
  revoked_at         timestamptz,
  CONSTRAINT invitation_token_hash_key UNIQUE (token_hash),
  CONSTRAINT invitation_has_roles CHECK (cardinality(roles) > 0),
  CONSTRAINT invitation_hash_is_sha256 CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX invitation_organisation_id_idx ON invitation (organisation_id);

CREATE TABLE api_key (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id    uuid NOT NULL REFERENCES organisation (id),
  name               text NOT NULL,
  key_prefix         text NOT NULL,
  key_hash           bytea NOT NULL,
  roles              "Role"[] NOT NULL,
  created_by_user_id uuid REFERENCES app_user (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_used_at       timestamptz,
  revoked_at         timestamptz,
  CONSTRAINT api_key_key_hash_key UNIQUE (key_hash),
  CONSTRAINT api_key_has_roles CHECK (cardinality(roles) > 0),
  CONSTRAINT api_key_hash_is_sha256 CHECK (octet_length(key_hash) = 32)
);
CREATE INDEX api_key_organisation_id_idx ON api_key (organisation_id);

CREATE TABLE sign_in_attempt (
  id           bigserial PRIMARY KEY,
  email        citext NOT NULL,
  ip_address   text NOT NULL,
  succeeded    boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_attempt_email_attempted_at_idx ON sign_in_attempt (email, attempted_at);
CREATE INDEX sign_in_attempt_ip_address_attempted_at_idx ON sign_in_attempt (ip_address, attempted_at);
