-- Money (W5): idempotency keys for money-moving requests, clawbacks netted off
-- remittances, bank statement imports matched by reference and amount, and
-- disputes on reconciliation lines. Also the database guarantees that a claim
-- is remitted once and passed down once, and the ledger visibility a
-- subcontractor needs to see both sides of the transfers it is party to.
-- docs/money.md explains the flow.

CREATE TYPE "DisputeStatus" AS ENUM ('OPEN', 'ANSWERED', 'RESOLVED');

-- One row per (organisation, Idempotency-Key): the request's hash and the
-- response first given, written in the same transaction as the work it did.
CREATE TABLE idempotency_key (
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  key             text NOT NULL,
  route           text NOT NULL,
  request_hash    bytea NOT NULL,
  response_status integer NOT NULL,
  response_body   jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, key),
  CONSTRAINT idempotency_key_key_length CHECK (length(key) BETWEEN 1 AND 255), -- SQL only
  CONSTRAINT idempotency_key_request_hash_length CHECK (octet_length(request_hash) = 32) -- SQL only
);

-- A clawback (the claims area's claim_clawback) netted off a remittance, once.
CREATE TABLE remittance_clawback (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id      uuid NOT NULL,
  prime_contract_id uuid NOT NULL,
  remittance_id     uuid NOT NULL,
  clawback_id       uuid NOT NULL,
  claim_id          uuid NOT NULL,
  amount_pence      bigint NOT NULL,
  CONSTRAINT remittance_clawback_remittance_fkey FOREIGN KEY (remittance_id, programme_id, prime_contract_id)
    REFERENCES remittance (id, programme_id, prime_contract_id),
  CONSTRAINT remittance_clawback_claim_fkey FOREIGN KEY (claim_id, programme_id, prime_contract_id)
    REFERENCES claim (id, programme_id, prime_contract_id),
  CONSTRAINT remittance_clawback_clawback_fkey FOREIGN KEY (clawback_id) REFERENCES claim_clawback (id),
  CONSTRAINT remittance_clawback_clawback_id_key UNIQUE (clawback_id), -- each clawback is netted once
  CONSTRAINT remittance_clawback_amount_pence_positive CHECK (amount_pence > 0) -- SQL only
);
CREATE INDEX remittance_clawback_remittance_id_idx ON remittance_clawback (remittance_id);

-- SQL only (partial): a claim is remitted once and passed down once, whoever
-- runs the remittance or payment and however often.
CREATE UNIQUE INDEX remittance_line_claim_once ON remittance_line (claim_id) WHERE claim_id IS NOT NULL;
CREATE UNIQUE INDEX subcontractor_payment_line_claim_once ON subcontractor_payment_line (claim_id) WHERE claim_id IS NOT NULL;
-- SQL only (partial): a scheduled fee (no claim) is passed down once per subcontract payment description.
CREATE INDEX subcontractor_payment_line_scheduled_idx ON subcontractor_payment_line (description) WHERE claim_id IS NULL;

-- A bank statement or remittance advice file, matched by reference and amount.
CREATE TABLE bank_statement_import (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id     uuid NOT NULL REFERENCES organisation (id),
  filename            text NOT NULL,
  sha256              bytea NOT NULL,
  row_count           integer NOT NULL,
  matched_count       integer NOT NULL,
  uploaded_by_user_id uuid REFERENCES app_user (id),
  uploaded_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_statement_import_sha256_length CHECK (octet_length(sha256) = 32), -- SQL only
  CONSTRAINT bank_statement_import_counts CHECK (row_count >= 0 AND matched_count BETWEEN 0 AND row_count) -- SQL only
);
CREATE INDEX bank_statement_import_organisation_id_uploaded_at_idx ON bank_statement_import (organisation_id, uploaded_at);

CREATE TABLE bank_statement_line (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  import_id                uuid NOT NULL REFERENCES bank_statement_import (id),
  line_number              integer NOT NULL,
  paid_on                  date NOT NULL,
  reference                text NOT NULL,
  amount_pence             bigint NOT NULL,
  outcome                  "ReconciliationOutcome" NOT NULL,
  remittance_id            uuid REFERENCES remittance (id),
  subcontractor_payment_id uuid REFERENCES subcontractor_payment (id),
  expected_pence           bigint,
  CONSTRAINT bank_statement_line_import_id_line_number_key UNIQUE (import_id, line_number),
  CONSTRAINT bank_statement_line_line_number_positive CHECK (line_number >= 1), -- SQL only
  CONSTRAINT bank_statement_line_one_match CHECK (remittance_id IS NULL OR subcontractor_payment_id IS NULL) -- SQL only
);

-- A disagreement about one reconciliation line: raised, answered by the other
-- party, resolved by the party that raised it. Every step is also audited.
CREATE TABLE reconciliation_dispute (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id           uuid NOT NULL,
  prime_contract_id      uuid NOT NULL,
  result_id              uuid NOT NULL REFERENCES reconciliation_result (id),
  status                 "DisputeStatus" NOT NULL DEFAULT 'OPEN',
  raised_by_user_id      uuid NOT NULL REFERENCES app_user (id),
  raised_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
  reason                 text NOT NULL,
  raised_at              timestamptz NOT NULL DEFAULT now(),
  answer                 text,
  answered_by_user_id    uuid REFERENCES app_user (id),
  answered_at            timestamptz,
  resolution             text,
  resolved_by_user_id    uuid REFERENCES app_user (id),
  resolved_at            timestamptz,
  CONSTRAINT reconciliation_dispute_prime_contract_fkey FOREIGN KEY (prime_contract_id, programme_id) REFERENCES prime_contract (id, programme_id),
  -- SQL only from here.
  CONSTRAINT reconciliation_dispute_answered_has_answer CHECK (status = 'OPEN' OR (answer IS NOT NULL AND answered_at IS NOT NULL)),
  CONSTRAINT reconciliation_dispute_resolved_has_resolution CHECK (status <> 'RESOLVED' OR (resolution IS NOT NULL AND resolved_at IS NOT NULL))
);
CREATE INDEX reconciliation_dispute_result_id_idx ON reconciliation_dispute (result_id);

-- ───────── row-level security ─────────
ALTER TABLE idempotency_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON idempotency_key USING (organisation_id = waymark_current_organisation());

ALTER TABLE remittance_clawback ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON remittance_clawback USING (prime_contract_id IN (SELECT waymark_scoped_prime_contracts()));

ALTER TABLE bank_statement_import ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON bank_statement_import USING (organisation_id = waymark_current_organisation());

ALTER TABLE bank_statement_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON bank_statement_line USING (import_id IN (SELECT id FROM bank_statement_import));

ALTER TABLE reconciliation_dispute ENABLE ROW LEVEL SECURITY;
CREATE POLICY party_scope ON reconciliation_dispute USING (result_id IN (SELECT id FROM reconciliation_result));

-- A subcontractor may see when, and for how much, the commissioner paid the
-- prime for ITS claims: its entitlement (a PBR share of that fee, due SLA days
-- after that date) cannot be checked without it. Only those lines, and the
-- remittances that hold them.
CREATE POLICY subcontracted_claims ON remittance_line FOR SELECT USING (claim_id IN (SELECT id FROM claim));
CREATE POLICY subcontracted_claims ON remittance FOR SELECT USING (id IN (SELECT remittance_id FROM remittance_line));

-- Each party sees both sides (and the counterparty's account) of the
-- transfers it is party to; a subcontractor sees both sides of the transfers it is party to (so its
-- trial balance sums to zero), not just its own entries.
CREATE FUNCTION waymark_counterparty_ledger_accounts() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT e.account_id FROM ledger_entry e JOIN ledger_transaction t ON t.id = e.transaction_id
    LEFT JOIN subcontractor_payment p ON p.id = t.subcontractor_payment_id
    WHERE t.prime_contract_id IN (SELECT waymark_scoped_prime_contracts())
       OR p.subcontract_id IN (SELECT waymark_scoped_subcontracts())
  $$;
GRANT EXECUTE ON FUNCTION waymark_counterparty_ledger_accounts() TO waymark_app;

CREATE POLICY counterparty ON ledger_entry FOR SELECT USING (transaction_id IN (SELECT id FROM ledger_transaction));
CREATE POLICY counterparty ON ledger_account FOR SELECT USING (id IN (SELECT waymark_counterparty_ledger_accounts()));

-- Accounts are created on demand, also for the counterparty (the prime opens
-- its subcontractor's account when it first pays it), which RLS would hide:
-- this function creates or finds one, only for an organisation the caller
-- deals with in that programme (itself, or a party under its contracts).
CREATE FUNCTION waymark_ensure_ledger_account(p_organisation_id uuid, p_programme_id uuid, p_code text, p_name text) RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
DECLARE
  account uuid;
  caller uuid := waymark_current_organisation();
BEGIN
  IF caller IS NULL OR NOT (
    p_organisation_id = caller
    OR EXISTS (SELECT 1 FROM programme p WHERE p.id = p_programme_id AND p.commissioner_id = caller)
    OR EXISTS (
      SELECT 1 FROM prime_contract pc
      WHERE pc.programme_id = p_programme_id AND pc.prime_id = caller
        AND (p_organisation_id IN (SELECT s.subcontractor_id FROM subcontract s WHERE s.prime_contract_id = pc.id))
    )
  ) THEN
    RAISE EXCEPTION 'organisation % may not open a ledger account for %', caller, p_organisation_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO ledger_account (organisation_id, programme_id, code, name) VALUES (p_organisation_id, p_programme_id, p_code, p_name)
    ON CONFLICT (organisation_id, programme_id, code) DO NOTHING;
  SELECT id INTO account FROM ledger_account WHERE organisation_id = p_organisation_id AND programme_id = p_programme_id AND code = p_code;
  RETURN account;
END $$;
GRANT EXECUTE ON FUNCTION waymark_ensure_ledger_account(uuid, uuid, text, text) TO waymark_app;
