-- Saved filters (issue 17, W12): a user names the filter of a list page
-- (caseload, claims, referrals…) and applies it again later. A saved filter
-- is the user's own: nobody else — not a colleague, not their organisation's
-- admin — reads, changes or deletes it (apps/api/src/saved-filters).
--
-- Row-level security by user as well as organisation. The party scope
-- (waymark_open_scope) sets the organisation after re-checking the caller's
-- session; the saved-filter repository then sets `waymark.user_id` to the
-- same session's user in the same transaction. Without it, waymark_app sees
-- no saved filter at all. (waymark_current_user() comes from
-- 20261207200000_notifications, whose waymark_open_scope also sets the user.)

CREATE TABLE saved_filter (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  -- The list page's path segment; the API names the pages it accepts.
  page            text NOT NULL CONSTRAINT saved_filter_page_check CHECK (page ~ '^[a-z][a-z-]{0,39}$'),
  name            text NOT NULL CONSTRAINT saved_filter_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 80),
  -- The page's query parameters, name → value, as the page reads them from its URL.
  params          jsonb NOT NULL DEFAULT '{}' CONSTRAINT saved_filter_params_check CHECK (jsonb_typeof(params) = 'object'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT saved_filter_user_id_page_name_key UNIQUE (user_id, page, name)
);

ALTER TABLE saved_filter ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON saved_filter
  USING (user_id = waymark_current_user() AND organisation_id = waymark_current_organisation())
  WITH CHECK (user_id = waymark_current_user() AND organisation_id = waymark_current_organisation());
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_filter TO waymark_app;
