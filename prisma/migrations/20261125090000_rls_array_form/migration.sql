-- Row-level security policies in the form the planner serves from indexes:
--   column = ANY (ARRAY(SELECT waymark_scoped_…()))
-- evaluates the caller's set of prime contracts / subcontracts / referrals
-- once (an InitPlan) and probes the table's index with it, where
--   column IN (SELECT waymark_scoped_…())
-- can turn into a hashed semi-join over the whole table. Rewrites every
-- policy written so far (and any later migration should use this form).
DO $$
DECLARE
  policy record;
  rewritten_qual text;
  rewritten_check text;
  pattern constant text := 'IN \( SELECT (waymark_[a-z_]+\(\)) AS [a-z_]+\)';
  replacement constant text := '= ANY (ARRAY( SELECT \1))';
BEGIN
  FOR policy IN SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies WHERE schemaname = 'public' LOOP
    rewritten_qual := regexp_replace(policy.qual, pattern, replacement, 'g');
    rewritten_check := regexp_replace(policy.with_check, pattern, replacement, 'g');
    IF rewritten_qual IS DISTINCT FROM policy.qual THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s)', policy.policyname, policy.schemaname, policy.tablename, rewritten_qual);
    END IF;
    IF rewritten_check IS DISTINCT FROM policy.with_check THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I WITH CHECK (%s)', policy.policyname, policy.schemaname, policy.tablename, rewritten_check);
    END IF;
  END LOOP;
END
$$;
