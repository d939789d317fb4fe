import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { type SubcontractRow } from '../subcontractor-payments/subcontractor-payments.service';

export interface StatementClaimRow {
  claimId: string;
  participantReference: string;
  milestoneCode: string;
  milestoneName: string;
  occurrence: number;
  milestoneOn: string;
  status: string;
  claimedPence: string;
  approvedPence: string;
  receivedPence: string;
}

@Injectable()
export class StatementsRepository {
  /** A subcontract the caller is party to: the subcontractor itself or its prime. */
  async findSubcontract(client: PoolClient, organisationId: string, subcontractId: string) {
    const { rows } = await client.query<
      SubcontractRow & {
        subcontractorName: string;
        primeName: string;
        primeContractReference: string;
      }
    >(
      `SELECT s.id, s.programme_id AS "programmeId", s.prime_contract_id AS "primeContractId", s.subcontractor_id AS "subcontractorId", pc.prime_id AS "primeId",
              s.terms_kind AS "termsKind", s.terms, s.management_fee_bp AS "managementFeeBp", s.payment_sla_days AS "paymentSlaDays", s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn",
              so.name AS "subcontractorName", po.name AS "primeName", pc.reference AS "primeContractReference"
       FROM subcontract s JOIN prime_contract pc ON pc.id = s.prime_contract_id
       JOIN organisation so ON so.id = s.subcontractor_id JOIN organisation po ON po.id = pc.prime_id
       WHERE s.id = $2 AND (s.subcontractor_id = $1 OR pc.prime_id = $1)`,
      [organisationId, subcontractId],
    );
    return rows[0];
  }

  /**
   * One row per claim of the subcontract achieved in the period: claimed,
   * approved by the commissioner, and what the prime has paid down (what the
   * terms entitle the subcontractor to comes from subcontractor payments).
   */
  async claimLines(
    client: PoolClient,
    input: { subcontractId: string; periodStart: string; periodEnd: string },
  ): Promise<StatementClaimRow[]> {
    const { rows } = await client.query<StatementClaimRow>(
      `SELECT c.id AS "claimId", pa.reference AS "participantReference", mt.code::text AS "milestoneCode", mt.name AS "milestoneName", c.occurrence, c.milestone_on::text AS "milestoneOn", c.status::text AS status,
              c.amount_pence::text AS "claimedPence",
              (CASE WHEN c.status IN ('APPROVED', 'PAID', 'CLAWED_BACK') THEN c.amount_pence ELSE 0 END)::text AS "approvedPence",
              coalesce((SELECT sum(l.amount_pence) FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
                        WHERE l.claim_id = c.id AND l.clawback_id IS NULL AND sp.status = 'PAID'), 0)::text AS "receivedPence"
       FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
       JOIN referral rf ON rf.id = c.referral_id JOIN participant pa ON pa.id = rf.participant_id
       WHERE c.subcontract_id = $1::uuid AND c.milestone_on BETWEEN $2::date AND $3::date AND c.status NOT IN ('DRAFT', 'WITHDRAWN')
       ORDER BY c.milestone_on, c.id`,
      [input.subcontractId, input.periodStart, input.periodEnd],
    );
    return rows;
  }

  /**
   * Clawbacks decided in the period on the subcontract's claims and passed down to it: the negative line (what it
   * gives back), whether the payment carrying it is paid, and its due date.
   */
  async clawbackLines(
    client: PoolClient,
    input: { subcontractId: string; periodStart: string; periodEnd: string },
  ) {
    const { rows } = await client.query<{
      claimId: string;
      participantReference: string;
      milestoneCode: string;
      occurrence: number;
      decidedOn: string;
      reason: string;
      amountPence: string;
      isPaid: boolean;
      dueOn: string;
    }>(
      `SELECT c.id AS "claimId", pa.reference AS "participantReference", mt.code::text AS "milestoneCode", c.occurrence,
              (cc.decided_at AT TIME ZONE 'UTC')::date::text AS "decidedOn", cc.reason, l.amount_pence::text AS "amountPence",
              sp.status = 'PAID' AS "isPaid", sp.due_on::text AS "dueOn"
       FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
       JOIN claim_clawback cc ON cc.id = l.clawback_id JOIN claim c ON c.id = cc.claim_id
       JOIN milestone_type mt ON mt.id = c.milestone_type_id JOIN referral rf ON rf.id = c.referral_id JOIN participant pa ON pa.id = rf.participant_id
       WHERE sp.subcontract_id = $1 AND (cc.decided_at AT TIME ZONE 'UTC')::date BETWEEN $2::date AND $3::date
       ORDER BY cc.decided_at, c.id`,
      [input.subcontractId, input.periodStart, input.periodEnd],
    );
    return rows;
  }

  /** Scheduled fees already received, by description. */
  async scheduledReceived(client: PoolClient, subcontractId: string): Promise<Map<string, bigint>> {
    const { rows } = await client.query<{ description: string; received: string }>(
      `SELECT l.description, sum(l.amount_pence)::text AS received FROM subcontractor_payment_line l JOIN subcontractor_payment sp ON sp.id = l.subcontractor_payment_id
       WHERE sp.subcontract_id = $1 AND sp.status = 'PAID' AND l.claim_id IS NULL GROUP BY l.description`,
      [subcontractId],
    );
    return new Map(rows.map((row) => [row.description, BigInt(row.received)]));
  }
}
