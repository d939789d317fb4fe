// What each subcontract is owed per claim, as one set-based query: the SQL twin
// of computeSubcontractorEntitlement (packages/domain/src/terms), for claims
// whose remittance the prime has been paid (the receipt date starts the SLA).
// PBR_SHARE: share of the prime's fee; MILESTONE_TARIFF / HYBRID: own rate for
// the milestone code; SERVICE_FEE / GRANT: nothing per claim. Percentages round
// half away from zero like applyPercentage (all amounts here are ≥ 0, so
// (x·bp + 5000) div 10000). Tests check it against the domain function.
//
// The terms are those in force on the claim's milestone date
// (waymark_subcontract_terms_on: the accepted subcontract_terms_version covering
// it), so a variation from a date prices claims from that date only.
//
// Parameters: $1 subcontract ids (uuid[]), $2..$3 the period the prime
// received the money in (inclusive).
// Gross entitlement of claim c (with its remittance line rl and milestone type
// mt) under terms version t.
const TERMS_IN_FORCE_SQL = `CROSS JOIN LATERAL waymark_subcontract_terms_on(c.subcontract_id, c.milestone_on) t`;
// Short payments (terms.shortPaymentFlowDown): under BACK_TO_BACK the claim is
// priced on what the prime received for it (its remittance line's received_pence,
// capped at the line's amount): PBR_SHARE takes its share of that; the own rates
// are scaled by received ÷ amount, half away from zero. PRIME_BEARS (or absent):
// the amount claimed, whatever was received.
const RECEIVED_PENCE_SQL = `greatest(least(coalesce(rl.received_pence, rl.amount_pence), rl.amount_pence), 0)`;
const IS_BACK_TO_BACK_SQL = `(t.terms->>'shortPaymentFlowDown' = 'BACK_TO_BACK')`;
const OWN_RATE_SQL = `coalesce((t.terms->'ratesPence'->>(mt.code::text))::bigint, 0)`;
const OWN_RATE_RECEIVED_SQL = `CASE WHEN ${IS_BACK_TO_BACK_SQL} AND rl.amount_pence > 0 AND ${RECEIVED_PENCE_SQL} < rl.amount_pence
        THEN (${OWN_RATE_SQL} * ${RECEIVED_PENCE_SQL} * 2 + rl.amount_pence) / (2 * rl.amount_pence)
        ELSE ${OWN_RATE_SQL} END`;
const GROSS_PENCE_SQL = `CASE t.terms_kind
      WHEN 'PBR_SHARE' THEN ((CASE WHEN ${IS_BACK_TO_BACK_SQL} THEN ${RECEIVED_PENCE_SQL} ELSE rl.amount_pence END) * coalesce(t.terms->>'shareBasisPoints', t.terms->>'shareBp', '0')::bigint + 5000) / 10000
      WHEN 'MILESTONE_TARIFF' THEN ${OWN_RATE_RECEIVED_SQL}
      WHEN 'HYBRID' THEN ${OWN_RATE_RECEIVED_SQL}
      ELSE 0
    END`;

export const ENTITLED_CLAIMS_SQL = `
  SELECT s.id AS subcontract_id, c.programme_id, c.prime_contract_id, c.id AS claim_id, mt.code::text AS milestone_code, c.occurrence,
         rl.amount_pence AS prime_fee_pence, r.paid_on AS prime_received_on, r.paid_on + t.payment_sla_days AS due_on,
         g.gross_pence, (g.gross_pence * t.management_fee_bp + 5000) / 10000 AS management_fee_pence,
         ${RECEIVED_PENCE_SQL} AS prime_received_pence,
         (t.terms_kind IN ('PBR_SHARE', 'MILESTONE_TARIFF', 'HYBRID') AND ${IS_BACK_TO_BACK_SQL} AND ${RECEIVED_PENCE_SQL} < rl.amount_pence) AS is_short_passed_down
  FROM subcontract s
  JOIN claim c ON c.subcontract_id = s.id
  JOIN remittance_line rl ON rl.claim_id = c.id
  JOIN remittance r ON r.id = rl.remittance_id AND r.status = 'PAID'
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  ${TERMS_IN_FORCE_SQL}
  CROSS JOIN LATERAL (SELECT ${GROSS_PENCE_SQL} AS gross_pence) g
  WHERE s.id = ANY($1::uuid[]) AND r.paid_on BETWEEN $2::date AND $3::date AND g.gross_pence > 0`;

// When a remittance is marked paid its subcontracted claims' entitlements
// become expected: stored once (subcontract_entitlement), so reconciliation
// and drill-down read them instead of recomputing. Same arithmetic as above
// (and as waymark_backfill_subcontract_entitlements() in prisma/schema.sql).
// Parameter: $1 the remittance, already PAID.
export const INSERT_REMITTANCE_ENTITLEMENTS_SQL = `
  INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, prime_fee_pence, prime_received_on, due_on, gross_pence, management_fee_pence, expected_pence)
  SELECT c.id, c.programme_id, c.prime_contract_id, s.id, r.id, rl.amount_pence, r.paid_on, r.paid_on + t.payment_sla_days, g.gross_pence, f.fee_pence, g.gross_pence - f.fee_pence
  FROM remittance r
  JOIN remittance_line rl ON rl.remittance_id = r.id
  JOIN claim c ON c.id = rl.claim_id
  JOIN subcontract s ON s.id = c.subcontract_id
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  ${TERMS_IN_FORCE_SQL}
  CROSS JOIN LATERAL (SELECT ${GROSS_PENCE_SQL} AS gross_pence) g
  CROSS JOIN LATERAL (SELECT (g.gross_pence * t.management_fee_bp + 5000) / 10000 AS fee_pence) f
  WHERE r.id = $1 AND r.status = 'PAID' AND g.gross_pence > 0
  ON CONFLICT (claim_id) DO NOTHING`;

// When a remittance netting clawbacks is marked paid the prime has borne them:
// each clawed-back claim's entitlement falls by its share, stored once
// (subcontract_entitlement_clawback) so reconciliation nets it: the
// entitlement's gross and management fee × clawback ÷ prime fee, each half away
// from zero, negated — the same arithmetic CLAWBACKS_TO_PASS_DOWN_SQL uses on
// the line that paid the claim (and the migration's backfill). Claims with no
// expected entitlement (nothing passed down by the terms) have nothing to net.
// Parameter: $1 the remittance, already PAID.
export const INSERT_REMITTANCE_CLAWBACK_ENTITLEMENTS_SQL = `
  INSERT INTO subcontract_entitlement_clawback (clawback_id, claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, borne_on, gross_pence, management_fee_pence, expected_pence)
  SELECT cc.id, e.claim_id, e.programme_id, e.prime_contract_id, e.subcontract_id, r.id, r.paid_on, g.gross_pence, g.fee_pence, g.gross_pence - g.fee_pence
  FROM remittance r
  JOIN remittance_clawback rc ON rc.remittance_id = r.id
  JOIN claim_clawback cc ON cc.id = rc.clawback_id
  JOIN subcontract_entitlement e ON e.claim_id = cc.claim_id AND e.expected_pence IS NOT NULL AND e.prime_fee_pence > 0
  CROSS JOIN LATERAL (
    SELECT -((e.gross_pence * cc.amount_pence * 2 + e.prime_fee_pence) / (2 * e.prime_fee_pence)) AS gross_pence,
           -((e.management_fee_pence * cc.amount_pence * 2 + e.prime_fee_pence) / (2 * e.prime_fee_pence)) AS fee_pence
  ) g
  WHERE r.id = $1 AND r.status = 'PAID'
  ON CONFLICT (clawback_id) DO NOTHING`;

// Clawbacks passed down (docs/claims.md "Apportionment"): each clawback of a claim the subcontractor was paid
// for (its line in a PAID payment), once the prime has borne it (netted off a remittance marked paid by the
// period's end), not yet passed down. The subcontractor gives back the share it was paid for that claim:
// its line's gross and management fee × clawback ÷ prime fee, each rounded half away from zero (negated after
// rounding, so a full clawback returns exactly what was paid). Due the day the prime was netted.
// Same parameters as ENTITLED_CLAIMS_SQL ($1 subcontract ids, $3 period end); columns as the payment run's lines.
export const CLAWBACKS_TO_PASS_DOWN_SQL = `
  SELECT sp.subcontract_id, cc.claim_id,
         'clawback ' || mt.code::text || ' #' || c.occurrence || ': ' || cc.amount_pence || 'p of prime fee ' || rl.amount_pence || 'p recovered (' || cc.reason || ')' AS description,
         -((pl.gross_pence * cc.amount_pence * 2 + rl.amount_pence) / (2 * rl.amount_pence)) AS gross_pence,
         -((pl.management_fee_pence * cc.amount_pence * 2 + rl.amount_pence) / (2 * rl.amount_pence)) AS management_fee_pence,
         r.paid_on AS due_on, cc.id AS clawback_id
  FROM claim_clawback cc
  JOIN claim c ON c.id = cc.claim_id
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  JOIN subcontractor_payment_line pl ON pl.claim_id = c.id AND pl.clawback_id IS NULL
  JOIN subcontractor_payment sp ON sp.id = pl.subcontractor_payment_id AND sp.status = 'PAID'
  JOIN remittance_line rl ON rl.claim_id = c.id
  JOIN remittance_clawback rc ON rc.clawback_id = cc.id
  JOIN remittance r ON r.id = rc.remittance_id AND r.status = 'PAID'
  WHERE sp.subcontract_id = ANY($1::uuid[]) AND r.paid_on <= $3::date AND rl.amount_pence > 0 AND cc.amount_pence > 0
    AND NOT EXISTS (SELECT 1 FROM subcontractor_payment_line x WHERE x.clawback_id = cc.id)`;
