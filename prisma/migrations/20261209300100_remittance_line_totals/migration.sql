-- A remittance keeps its own line count and gross.
--
-- The remittances list showed each remittance's claim count and gross by
-- counting and summing its lines, and its whole-filter totals did that for
-- every remittance in view: 5.5M lines for the commissioner at 2M referrals,
-- 1.7 s a page. The lines are written when the remittance is drafted and
-- never change amount afterwards, so the remittance now carries the figures,
-- kept by statement-level triggers on remittance_line (one UPDATE per
-- statement, grouped by remittance, whatever writes the lines: the remittance
-- run, a bulk load, a fixture). SECURITY DEFINER: the caller's row-level
-- security decides which lines it may write, not whether the remittance's
-- totals follow them.

ALTER TABLE remittance
  ADD COLUMN line_count integer NOT NULL DEFAULT 0,
  ADD COLUMN gross_pence bigint NOT NULL DEFAULT 0;

UPDATE remittance r SET line_count = t.line_count, gross_pence = t.gross_pence
  FROM (SELECT remittance_id, count(*)::int AS line_count, sum(amount_pence) AS gross_pence
          FROM remittance_line GROUP BY remittance_id) t
 WHERE t.remittance_id = r.id;

CREATE FUNCTION waymark_remittance_totals_follow_lines() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public'
    AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE remittance r SET line_count = r.line_count - t.line_count, gross_pence = r.gross_pence - t.gross_pence
      FROM (SELECT remittance_id, count(*)::int AS line_count, sum(amount_pence) AS gross_pence
              FROM old_lines GROUP BY remittance_id) t
     WHERE r.id = t.remittance_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE remittance r SET line_count = r.line_count + t.line_count, gross_pence = r.gross_pence + t.gross_pence
      FROM (SELECT remittance_id, count(*)::int AS line_count, sum(amount_pence) AS gross_pence
              FROM new_lines GROUP BY remittance_id) t
     WHERE r.id = t.remittance_id;
  END IF;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION waymark_remittance_totals_follow_lines() FROM PUBLIC;

CREATE TRIGGER remittance_totals_after_insert AFTER INSERT ON remittance_line
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION waymark_remittance_totals_follow_lines();
CREATE TRIGGER remittance_totals_after_update AFTER UPDATE ON remittance_line
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION waymark_remittance_totals_follow_lines();
CREATE TRIGGER remittance_totals_after_delete AFTER DELETE ON remittance_line
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION waymark_remittance_totals_follow_lines();
