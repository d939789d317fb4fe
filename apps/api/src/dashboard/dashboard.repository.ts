// Counts for the home dashboards. Each is one count over one party's slice,
// served from the (slice column, status) index of its table:
// referral_{prime_contract_id,subcontract_id}_status_idx, claim_*_status_idx,
// subcontractor_payment_subcontract_id_status_idx,
// remittance_prime_contract_id_status_idx, alert_prime_contract_id_status_idx.
// The filters repeat the list queries' definitions, so a card's figure is the
// size of the list it links to.
import { Injectable } from '@nestjs/common';
import { type ClaimStatus, type ReferralStatus } from '@waymark/domain';
import { type PoolClient } from 'pg';

export interface Slices {
  /** Prime contracts the organisation holds (prime) or commissions (commissioner). */
  primeContractIds: string[];
  /** Subcontracts the organisation delivers (subcontractor) or holds through its contracts (prime). */
  subcontractIds: string[];
}

const one = async (client: PoolClient, text: string, values: unknown[]): Promise<number> => {
  const { rows } = await client.query<{ count: number }>(text, values);
  return rows[0]?.count ?? 0;
};

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

  countReferrals(
    client: PoolClient,
    slice: {
      column: 'prime_contract_id' | 'subcontract_id' | 'referral_partner_id';
      ids: readonly string[];
    },
    status: ReferralStatus,
  ): Promise<number> {
    return one(
      client,
      `SELECT count(*)::int AS count FROM referral WHERE ${slice.column} = ANY($1::uuid[]) AND status = $2::"ReferralStatus"`,
      [slice.ids, status],
    );
  }

  /**
   * Claims in `statuses`, plus (a prime delivering itself) claims without a subcontract in `deliveringStatuses`: how many and their
   * value.
   */
  async claimTotals(
    client: PoolClient,
    slice: { column: 'prime_contract_id' | 'subcontract_id'; ids: readonly string[] },
    statuses: ClaimStatus[],
    deliveringStatuses: ClaimStatus[] = [],
  ): Promise<{ count: number; pence: string }> {
    const { rows } = await client.query<{ count: number; pence: string }>(
      `SELECT count(*)::int AS count, COALESCE(sum(c.amount_pence), 0)::text AS pence FROM claim c
        WHERE c.${slice.column} = ANY($1::uuid[])
          AND (c.status = ANY($2::"ClaimStatus"[]) OR (c.subcontract_id IS NULL AND c.status = ANY($3::"ClaimStatus"[])))`,
      [slice.ids, statuses, deliveringStatuses],
    );
    return rows[0] ?? { count: 0, pence: '0' };
  }

  countPaymentsWithStatus(
    client: PoolClient,
    subcontractIds: string[],
    status: 'DRAFT' | 'APPROVED' | 'PAID',
  ): Promise<number> {
    return one(
      client,
      `SELECT count(*)::int AS count FROM subcontractor_payment WHERE subcontract_id = ANY($1::uuid[]) AND status = $2::"SubcontractorPaymentStatus"`,
      [subcontractIds, status],
    );
  }

  /** The payments list's isLate: unpaid past the due date, or paid after it. */
  countLatePayments(client: PoolClient, subcontractIds: string[], today: string): Promise<number> {
    return one(
      client,
      `SELECT count(*)::int AS count FROM subcontractor_payment sp
        WHERE sp.subcontract_id = ANY($1::uuid[])
          AND ((sp.status <> 'PAID' AND sp.due_on < $2::date) OR (sp.status = 'PAID' AND sp.paid_on > sp.due_on))`,
      [subcontractIds, today],
    );
  }

  countRemittances(
    client: PoolClient,
    primeContractIds: string[],
    status: 'DRAFT',
  ): Promise<number> {
    return one(
      client,
      `SELECT count(*)::int AS count FROM remittance WHERE prime_contract_id = ANY($1::uuid[]) AND status = $2::"RemittanceStatus"`,
      [primeContractIds, status],
    );
  }

  countPrimeContractsWithRaisedAlerts(
    client: PoolClient,
    primeContractIds: string[],
    kinds: string[],
  ): Promise<number> {
    return one(
      client,
      `SELECT count(DISTINCT prime_contract_id)::int AS count FROM alert WHERE prime_contract_id = ANY($1::uuid[]) AND status = 'RAISED' AND kind::text = ANY($2::text[])`,
      [primeContractIds, kinds],
    );
  }
}
