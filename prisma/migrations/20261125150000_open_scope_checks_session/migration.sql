-- Opening a party scope also re-checks the caller (issue 10, W8 load).
--
-- The API opens every party-scoped transaction with this one call: it checks
-- that the caller's session (or API key) is still live and still belongs to
-- the same organisation with the same roles, then sets what the row-level
-- security policies read — the `waymark_app` role and the organisation — and
-- forces custom plans for prepared statements (see apps/api/src/common/db/party-scope.ts).
--
-- Because the check runs in the same transaction as the reads and writes it
-- guards, a session revoked by any instance can read or write nothing after
-- its revocation commits. That is what lets the API resolve callers of hot
-- read routes from a short-lived in-process cache instead of a separate
-- lookup per request (apps/api/src/common/auth/principal-cache.ts).
--
-- SQLSTATE WMS01 (class "WM", ours) means: the caller is no longer who the
-- API thinks; it answers 401 and forgets the cached caller.
--
-- A procedure, not a function: CALL returns no row, so it can be sent ahead
-- of a query in the same pipelined round trip without a result of its own.
-- Not SECURITY DEFINER: a security-definer routine may not change the role.
CREATE PROCEDURE waymark_open_scope(p_organisation uuid, p_session uuid, p_user uuid, p_api_key uuid, p_roles text[])
LANGUAGE plpgsql AS $$
BEGIN
  IF p_session IS NOT NULL THEN
    PERFORM 1
      FROM auth_session s JOIN app_user u ON u.id = s.user_id
     WHERE s.id = p_session AND s.user_id = p_user
       AND s.revoked_at IS NULL AND s.expires_at > now()
       AND u.is_active AND u.organisation_id = p_organisation
       AND u.roles::text[] @> p_roles AND p_roles @> u.roles::text[];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the session has ended, or its user''s organisation or roles changed' USING ERRCODE = 'WMS01';
    END IF;
  ELSIF p_api_key IS NOT NULL THEN
    PERFORM 1
      FROM api_key k
     WHERE k.id = p_api_key AND k.revoked_at IS NULL AND k.organisation_id = p_organisation
       AND k.roles::text[] @> p_roles AND p_roles @> k.roles::text[];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the API key has been revoked or changed' USING ERRCODE = 'WMS01';
    END IF;
  END IF;
  PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
  PERFORM set_config('waymark.organisation_id', p_organisation::text, true);
  PERFORM set_config('role', 'waymark_app', true);
END
$$;

REVOKE ALL ON PROCEDURE waymark_open_scope(uuid, uuid, uuid, uuid, text[]) FROM PUBLIC;
