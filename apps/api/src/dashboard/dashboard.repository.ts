// Counts for the home dashboards. Each is one count over one party's slice,
// served from the (slice column, status) index of its table:
// referral_{prime_contract_id,subcontract_id}_status_idx, claim_*_status_idx,
// subcontractor_payment_subcontract_id_status_idx,
// remittance_prime_contract_id_status_idx, alert_prime_contract_id_status_idx.
// The filters repeat the list queries' definitions, so a card's figure is the
// size of the list it links to. Each method gives its card's statement; the
// service sends a caller's cards together through countAll, in one round trip.
import { Injectable } from '@nestjs/common';
import { type ClaimStatus, type ReferralStatus } from '@waymark/domain';
import { type PoolClient } from 'pg';
import { asOneStatement, type SqlStatement } from '../common/db/as-one-statement';

export interface Slices {
  /** Prime contracts the organisation holds (prime) or commissions (commissioner). */
  primeContractIds: string[];
  /** Subcontracts the organisation delivers (subcontractor) or holds through its contracts (prime). */
  subcontractIds: string[];
}

/** What one card's statement answers: its count, and for a claims card the claims' value. */
export interface CardTotals {
  count: number;
  pence?: string;
}

@Injectable()
export class DashboardRepository {
  async slicesOf(client: PoolClient, organisationId: string): Promise<Slices> {
    const { rows } = await client.query<Slices>(
      `SELECT ARRAY(SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.prime_id = $1 OR p.commissioner_id = $1) AS "primeContractIds",
              ARRAY(SELECT s.id FROM subcontract s JOIN prime_contract pc ON pc.id = s.prime_contract_id WHERE s.subcontractor_id = $1 OR pc.prime_id = $1) AS "subcontractIds"`,
      [organisationId],
    );
    return rows[0] ?? { primeContractIds: [], subcontractIds: [] };
  }

  /** Every card's statement in one round trip; each key answers its card's totals. */
  async countAll<K extends string>(
    client: PoolClient,
    statements: Partial<Record<K, SqlStatement>>,
  ): Promise<Partial<Record<K, CardTotals>>> {
    if (Object.keys(statements).length === 0) return {};
    const { text, values } = asOneStatement(statements as Record<string, SqlStatement>);
    const { rows } = await client.query<Partial<Record<K, CardTotals>>>(text, values);
    return rows[0] ?? {};
  }

  countReferrals(
    slice: {
      column: 'prime_contract_id' | 'subcontract_id' | 'referral_partner_id';
      ids: readonly string[];
    },
    status: ReferralStatus,
  ): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM referral WHERE ${slice.column} = ANY($1::uuid[]) AND status = $2::"ReferralStatus"`,
      values: [slice.ids, status],
    };
  }

  /**
   * Claims in `statuses`, plus (a prime delivering itself) claims without a subcontract in `deliveringStatuses`: how many and their
   * value.
   */
  claimTotals(
    slice: { column: 'prime_contract_id' | 'subcontract_id'; ids: readonly string[] },
    statuses: ClaimStatus[],
    deliveringStatuses: ClaimStatus[] = [],
  ): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count, COALESCE(sum(c.amount_pence), 0)::text AS pence FROM claim c
        WHERE c.${slice.column} = ANY($1::uuid[])
          AND (c.status = ANY($2::"ClaimStatus"[]) OR (c.subcontract_id IS NULL AND c.status = ANY($3::"ClaimStatus"[])))`,
      values: [slice.ids, statuses, deliveringStatuses],
    };
  }

  countPaymentsWithStatus(
    subcontractIds: string[],
    status: 'DRAFT' | 'APPROVED' | 'PAID',
  ): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM subcontractor_payment WHERE subcontract_id = ANY($1::uuid[]) AND status = $2::"SubcontractorPaymentStatus"`,
      values: [subcontractIds, status],
    };
  }

  /** The payments list's isLate: unpaid past the due date, or paid after it. */
  countLatePayments(subcontractIds: string[], today: string): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM subcontractor_payment sp
        WHERE sp.subcontract_id = ANY($1::uuid[])
          AND ((sp.status <> 'PAID' AND sp.due_on < $2::date) OR (sp.status = 'PAID' AND sp.paid_on > sp.due_on))`,
      values: [subcontractIds, today],
    };
  }

  countRemittances(primeContractIds: string[], status: 'DRAFT'): SqlStatement {
    return {
      text: `SELECT count(*)::int AS count FROM remittance WHERE prime_contract_id = ANY($1::uuid[]) AND status = $2::"RemittanceStatus"`,
      values: [primeContractIds, status],
    };
  }

  countPrimeContractsWithRaisedAlerts(primeContractIds: string[], kinds: string[]): SqlStatement {
    return {
      text: `SELECT count(DISTINCT prime_contract_id)::int AS count FROM alert WHERE prime_contract_id = ANY($1::uuid[]) AND status = 'RAISED' AND kind::text = ANY($2::text[])`,
      values: [primeContractIds, kinds],
    };
  }
}
