// Counts for the home dashboards. Each is one count over one party's slice,
// served from the (slice column, status) index of its table:
// referral_{prime_contract_id,subcontract_id}_status_idx, claim_*_status_idx,
// subcontractor_payment_subcontract_id_status_idx,
// remittance_prime_contract_id_status_idx, alert_prime_contract_id_status_idx.
// The filters repeat the list queries' definitions, so a card's figure is the
// size of the list it links to. Each method gives its card's statement; the
// service sends a caller's cards as one statement (statementFor) that also
// works out the caller's slices, so a dashboard is one round trip.
import { Injectable } from '@nestjs/common';
import { type ClaimStatus, type ReferralStatus } from '@waymark/domain';
import { asOneStatement, type SqlStatement } from '../common/db/as-one-statement';

/**
 * The caller's slices, as the dashboard statement's `slices` CTE holds them: SQL expressions of type uuid[] a card's
 * statement reads its ids from (statementFor defines the CTE from the caller's organisation). The cast keeps
 * `= ANY(…)` an array comparison: `ANY((SELECT …))` alone would compare with each row of a subquery.
 */
export const CALLER_SLICE = {
  /** Prime contracts the organisation holds (prime) or commissions (commissioner). */
  primeContractIds: '(SELECT prime_contract_ids FROM slices)::uuid[]',
  /** Subcontracts the organisation delivers (subcontractor) or holds through its contracts (prime). */
  subcontractIds: '(SELECT subcontract_ids FROM slices)::uuid[]',
  /** The organisation itself (a referral partner's own referrals). */
  organisationIds: '(SELECT organisation_ids FROM slices)::uuid[]',
} as const;
export type CallerSlice = (typeof CALLER_SLICE)[keyof typeof CALLER_SLICE];

/** The `slices` CTE: $1 is the caller's organisation. */
const CALLER_SLICES_SQL = `SELECT
  ARRAY(SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.prime_id = $1 OR p.commissioner_id = $1) AS prime_contract_ids,
  ARRAY(SELECT s.id FROM subcontract s JOIN prime_contract pc ON pc.id = s.prime_contract_id WHERE s.subcontractor_id = $1 OR pc.prime_id = $1) AS subcontract_ids,
  ARRAY[$1::uuid] AS organisation_ids`;

/** What one card's statement answers: its count, and for a claims card the claims' value. */
export interface CardTotals {
  count: number;
  pence?: string;
}

@Injectable()
export class DashboardRepository {
  /**
   * Every card's statement as one, with the caller's slices worked out in the same statement (the `slices` CTE the cards
   * read through CALLER_SLICE): the whole dashboard in one round trip. Each key of the answer's row is its card's totals.
   * Null when the caller has no card.
   */
  statementFor(organisationId: string, cards: Record<string, SqlStatement>): SqlStatement | null {
    if (Object.keys(cards).length === 0) return null;
    const combined = asOneStatement(cards);
    const organisation = `$${combined.values.length + 1}`;
    return {
      text: `WITH slices AS MATERIALIZED (${CALLER_SLICES_SQL.replaceAll('$1', organisation)})\n${combined.text}`,
      values: [...combined.values, organisationId],
    };
  }

  countReferrals(
    slice: {
      column: 'prime_contract_id' | 'subcontract_id' | 'referral_partner_id';
      ids: CallerSlice;
    },
    status: ReferralStatus,
  ): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM referral WHERE ${slice.column} = ANY(${slice.ids}) AND status = $1::"ReferralStatus"`,
      values: [status],
    };
  }

  /**
   * Claims in `statuses`, plus (a prime delivering itself) claims without a subcontract in `deliveringStatuses`: how many and their
   * value.
   */
  claimTotals(
    slice: { column: 'prime_contract_id' | 'subcontract_id'; ids: CallerSlice },
    statuses: ClaimStatus[],
    deliveringStatuses: ClaimStatus[] = [],
  ): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count, COALESCE(sum(c.amount_pence), 0)::text AS pence FROM claim c
        WHERE c.${slice.column} = ANY(${slice.ids})
          AND (c.status = ANY($1::"ClaimStatus"[]) OR (c.subcontract_id IS NULL AND c.status = ANY($2::"ClaimStatus"[])))`,
      values: [statuses, deliveringStatuses],
    };
  }

  countPaymentsWithStatus(
    subcontractIds: CallerSlice,
    status: 'DRAFT' | 'APPROVED' | 'PAID',
  ): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM subcontractor_payment WHERE subcontract_id = ANY(${subcontractIds}) AND status = $1::"SubcontractorPaymentStatus"`,
      values: [status],
    };
  }

  /** The payments list's isLate: unpaid past the due date, or paid after it. */
  countLatePayments(subcontractIds: CallerSlice, today: string): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM subcontractor_payment sp
        WHERE sp.subcontract_id = ANY(${subcontractIds})
          AND ((sp.status <> 'PAID' AND sp.due_on < $1::date) OR (sp.status = 'PAID' AND sp.paid_on > sp.due_on))`,
      values: [today],
    };
  }

  countRemittances(primeContractIds: CallerSlice, status: 'DRAFT'): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM remittance WHERE prime_contract_id = ANY(${primeContractIds}) AND status = $1::"RemittanceStatus"`,
      values: [status],
    };
  }

  countPrimeContractsWithRaisedAlerts(
    primeContractIds: CallerSlice,
    kinds: string[],
  ): SqlStatement {
    return {
      text: `SELECT count(DISTINCT prime_contract_id)::int AS count FROM alert WHERE prime_contract_id = ANY(${primeContractIds}) AND status = 'RAISED' AND kind::text = ANY($1::text[])`,
      values: [kinds],
    };
  }
}
