-- W17: audited writes that scale with cores — one hash chain per acting
-- organisation, anchored in a global chain.
--
-- Before, every audited write took one global advisory lock and read the
-- newest event, held to commit: writes of unrelated organisations queued
-- behind each other's commits (275 activity writes/s at 4 connections).
-- Now each event joins the chain of its actor's organisation (audit_chain);
-- appending locks only that chain's row, so organisations append in
-- parallel. Events with no acting organisation (the system, anonymous
-- sign-in failures) join the platform chain, id 0, which continues the
-- single chain written before this migration (those events keep chain_id
-- NULL and their original hash form; apps/api/src/common/audit/audit-chain.ts).
--
-- Tamper evidence: within a chain, each event's hash covers the previous
-- event's hash, its chain and position, and its content; every minute the
-- heads of the chains that grew are written to audit_anchor, itself a hash
-- chain, so cutting a chain back past an anchored event is detected too.

CREATE TABLE audit_chain (
  id              bigint PRIMARY KEY,
  organisation_id uuid REFERENCES organisation (id),  -- null only for the platform chain (id 0)
  length          bigint NOT NULL DEFAULT 0,          -- events in the chain
  head_seq        bigint,                             -- audit_event.seq of the last event
  head_hash       bytea,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_chain_organisation_id_key UNIQUE (organisation_id),
  CONSTRAINT audit_chain_platform_is_zero CHECK ((id = 0) = (organisation_id IS NULL)) -- SQL only
);
CREATE SEQUENCE audit_chain_id_seq OWNED BY audit_chain.id;
ALTER TABLE audit_chain ALTER COLUMN id SET DEFAULT nextval('audit_chain_id_seq');

-- The platform chain continues the chain so far.
INSERT INTO audit_chain (id, organisation_id, length, head_seq, head_hash)
SELECT 0, NULL, (SELECT count(*) FROM audit_event), last.seq, last.hash
  FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1) last ON true;

ALTER TABLE audit_event
  ADD COLUMN chain_id bigint REFERENCES audit_chain (id),
  ADD COLUMN chain_seq bigint,
  -- SQL only: a position in a chain, or neither (an event of the chain before this migration).
  ADD CONSTRAINT audit_event_chain_position CHECK ((chain_id IS NULL) = (chain_seq IS NULL) AND (chain_seq IS NULL OR (chain_seq = 1) = (prev_hash IS NULL))),
  ADD CONSTRAINT audit_event_chain_id_chain_seq_key UNIQUE (chain_id, chain_seq);

-- One first event per chain (the events before this migration belong to chain 0).
DROP INDEX audit_event_one_genesis;
CREATE UNIQUE INDEX audit_event_one_genesis ON audit_event ((coalesce(chain_id, 0))) WHERE prev_hash IS NULL;

-- The global chain of anchors: each pins the heads of the chains that grew since the one before.
CREATE TABLE audit_anchor (
  seq         bigserial PRIMARY KEY,
  anchored_at timestamptz NOT NULL,
  heads       jsonb NOT NULL,  -- [{chainId, length, eventSeq, hash (hex)}], by chainId
  prev_hash   bytea,           -- null only for the first anchor
  hash        bytea NOT NULL,
  CONSTRAINT audit_anchor_prev_hash_key UNIQUE (prev_hash),
  CONSTRAINT audit_anchor_hash_key UNIQUE (hash),
  CONSTRAINT audit_anchor_hash_length CHECK (octet_length(hash) = 32 AND (prev_hash IS NULL OR octet_length(prev_hash) = 32)) -- SQL only
);
-- SQL only (expression + partial): a single first anchor.
CREATE UNIQUE INDEX audit_anchor_one_genesis ON audit_anchor ((true)) WHERE prev_hash IS NULL;
CREATE TRIGGER audit_anchor_append_only
  BEFORE UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION reject_change_to_append_only_table();
CREATE TRIGGER audit_anchor_no_truncate
  BEFORE TRUNCATE ON audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change_to_append_only_table();

-- How far each chain is anchored: kept apart from audit_chain so anchoring never waits on an append.
CREATE TABLE audit_chain_anchored (
  chain_id   bigint PRIMARY KEY REFERENCES audit_chain (id),
  length     bigint NOT NULL,
  anchor_seq bigint NOT NULL REFERENCES audit_anchor (seq)
);

-- The API appends as waymark_app inside the caller's scope (default privileges cover the tables).
GRANT USAGE, SELECT ON SEQUENCE audit_chain_id_seq TO waymark_app;
