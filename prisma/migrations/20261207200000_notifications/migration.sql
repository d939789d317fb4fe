-- Notifications (issue 17, W12): an in-app inbox per person, per-person
-- preferences (which kinds in the inbox, which by email), and the email
-- outbox a pg-boss job delivers through SMTP (or keeps, for the platform
-- admin to read, when no mail server is configured). See
-- apps/api/src/notifications and docs/operations.md "Email".
--
-- Who may read what:
--   notification, notification_preference  only the person they belong to
--                                         (waymark.user_id, set when the scope opens)
--   email_outbox                          nobody through party scope: the delivery job
--                                         and the platform admin's outbox read it as
--                                         the table owner (apps/api/src/notifications)
-- Rows are written only by waymark_raise_notification (SECURITY DEFINER),
-- inside the transaction of the event they report, so a rolled-back change
-- notifies nobody and a committed one always has its notifications.

CREATE TYPE "NotificationKind" AS ENUM (
  'CLAIM_QUERIED', 'CLAIM_APPROVED', 'CLAIM_REJECTED',
  'PAYMENT_MADE', 'PAYMENT_LATE',
  'REFERRAL_ALLOCATED', 'DOCUMENT_EXPIRING', 'ALERT_RAISED'
);
CREATE TYPE "EmailOutboxState" AS ENUM ('QUEUED', 'SENT', 'FAILED', 'KEPT');

CREATE TABLE notification (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_user_id uuid NOT NULL REFERENCES app_user (id),
  kind              "NotificationKind" NOT NULL,
  title             text NOT NULL,
  body              text NOT NULL,
  -- Where the portal takes the reader (a path such as /claims/<id>), and the record it is about.
  link_path         text,
  entity_type       text,
  entity_id         text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  read_at           timestamptz
);
CREATE INDEX notification_recipient_user_id_created_at_idx ON notification (recipient_user_id, created_at);

CREATE TABLE notification_preference (
  user_id     uuid NOT NULL REFERENCES app_user (id),
  kind        "NotificationKind" NOT NULL,
  is_in_app   boolean NOT NULL,
  is_by_email boolean NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);

CREATE TABLE email_outbox (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_user_id uuid NOT NULL REFERENCES app_user (id),
  to_address        text NOT NULL,
  kind              "NotificationKind" NOT NULL,
  subject           text NOT NULL,
  body              text NOT NULL,
  state             "EmailOutboxState" NOT NULL DEFAULT 'QUEUED',
  attempts          integer NOT NULL DEFAULT 0,
  last_error        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  sent_at           timestamptz
);
CREATE INDEX email_outbox_state_created_at_idx ON email_outbox (state, created_at);
CREATE INDEX email_outbox_created_at_idx ON email_outbox (created_at);

CREATE FUNCTION waymark_current_user() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('waymark.user_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION waymark_current_user() TO waymark_app;

ALTER TABLE notification ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notifications ON notification USING (recipient_user_id = waymark_current_user());
GRANT SELECT, UPDATE ON notification TO waymark_app;
REVOKE INSERT, DELETE ON notification FROM waymark_app;

ALTER TABLE notification_preference ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_preferences ON notification_preference USING (user_id = waymark_current_user());
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_preference TO waymark_app;

ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY; -- no policy: party-scoped work sees and writes nothing
REVOKE ALL ON email_outbox FROM waymark_app;

-- Raises one notification for the people an event concerns: the active users
-- of the given organisations holding any of the given roles, and the given
-- users, except the person who acted. Each person's preference for the kind
-- (default: inbox and email) decides whether an inbox row, an outbox row, or
-- both are written. SECURITY DEFINER: the actor's scope cannot (and must not)
-- read other people's preferences or write their inboxes any other way.
-- Returns the people notified, for the caller's log.
CREATE FUNCTION waymark_raise_notification(
  p_kind "NotificationKind", p_organisations uuid[], p_roles text[], p_users uuid[], p_actor uuid,
  p_title text, p_body text, p_link_path text, p_entity_type text, p_entity_id text, p_email_body text
) RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
  WITH recipient AS (
    SELECT u.id AS user_id, u.email::text AS email, coalesce(p.is_in_app, true) AS is_in_app, coalesce(p.is_by_email, true) AS is_by_email
      FROM app_user u
      LEFT JOIN notification_preference p ON p.user_id = u.id AND p.kind = p_kind
     WHERE u.is_active
       AND u.id IS DISTINCT FROM p_actor
       AND ((u.organisation_id = ANY (p_organisations) AND u.roles::text[] && p_roles) OR u.id = ANY (p_users))
  ), inbox AS (
    INSERT INTO notification (recipient_user_id, kind, title, body, link_path, entity_type, entity_id)
    SELECT user_id, p_kind, p_title, p_body, p_link_path, p_entity_type, p_entity_id FROM recipient WHERE is_in_app
    RETURNING 1
  ), mail AS (
    INSERT INTO email_outbox (recipient_user_id, to_address, kind, subject, body)
    SELECT user_id, email, p_kind, p_title, p_email_body FROM recipient WHERE is_by_email
    RETURNING 1
  )
  SELECT count(*)::integer FROM recipient WHERE is_in_app OR is_by_email
$$;
REVOKE ALL ON FUNCTION waymark_raise_notification("NotificationKind", uuid[], text[], uuid[], uuid, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION waymark_raise_notification("NotificationKind", uuid[], text[], uuid[], uuid, text, text, text, text, text, text) TO waymark_app;

-- Opening a scope now also names the signed-in person (waymark.user_id), for
-- the policies above. Unchanged otherwise (20261125150000_open_scope_checks_session);
-- an API key or a background job names nobody, so sees no one's inbox.
CREATE OR REPLACE PROCEDURE waymark_open_scope(p_organisation uuid, p_session uuid, p_user uuid, p_api_key uuid, p_roles text[])
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
  PERFORM set_config('waymark.user_id', CASE WHEN p_session IS NOT NULL THEN p_user::text ELSE '' END, true);
  PERFORM set_config('role', 'waymark_app', true);
END
$$;
