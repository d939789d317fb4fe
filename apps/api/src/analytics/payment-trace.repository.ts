// Trace a payment back to its claims, evidence, approvals and audit events.
// Runs inside the caller's party scope: a payment outside the slice is not found.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export const TRACE_CLAIM_LIMIT = 500;

export interface TracedPayment {
  id: string;
  programmeId: string;
  primeContractId: string;
  subcontractId: string | null;
  status: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string | null;
  paidOn: string | null;
  paidReference: string | null;
}

export interface TracedLine {
  claimId: string | null;
  description: string;
  grossPence: string;
  managementFeePence: string;
  amountPence: string;
}

@Injectable()
export class PaymentTraceRepository {
  async findRemittance(client: PoolClient, id: string): Promise<TracedPayment | null> {
    const { rows } = await client.query<TracedPayment>(
      `SELECT id, programme_id AS "programmeId", prime_contract_id AS "primeContractId", NULL::uuid AS "subcontractId", status::text AS status,
         period_start::text AS "periodStart", period_end::text AS "periodEnd", NULL::text AS "dueOn", paid_on::text AS "paidOn", paid_reference AS "paidReference"
       FROM remittance WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findSubcontractorPayment(client: PoolClient, id: string): Promise<TracedPayment | null> {
    const { rows } = await client.query<TracedPayment>(
      `SELECT id, programme_id AS "programmeId", prime_contract_id AS "primeContractId", subcontract_id AS "subcontractId", status::text AS status,
         period_start::text AS "periodStart", period_end::text AS "periodEnd", due_on::text AS "dueOn", paid_on::text AS "paidOn", paid_reference AS "paidReference"
       FROM subcontractor_payment WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Remittance lines as trace lines (gross = amount, no fee). */
  async remittanceLines(client: PoolClient, remittanceId: string): Promise<TracedLine[]> {
    const { rows } = await client.query<TracedLine>(
      `SELECT claim_id AS "claimId", 'remittance line' AS description, amount_pence::text AS "grossPence", '0' AS "managementFeePence", amount_pence::text AS "amountPence"
       FROM remittance_line WHERE remittance_id = $1 ORDER BY claim_id LIMIT $2`,
      [remittanceId, TRACE_CLAIM_LIMIT + 1],
    );
    return rows;
  }

  async subcontractorPaymentLines(client: PoolClient, paymentId: string): Promise<TracedLine[]> {
    const { rows } = await client.query<TracedLine>(
      `SELECT claim_id AS "claimId", description, gross_pence::text AS "grossPence", management_fee_pence::text AS "managementFeePence", amount_pence::text AS "amountPence"
       FROM subcontractor_payment_line WHERE subcontractor_payment_id = $1 ORDER BY claim_id NULLS FIRST, description LIMIT $2`,
      [paymentId, TRACE_CLAIM_LIMIT + 1000],
    );
    return rows;
  }

  async totalPence(
    client: PoolClient,
    kind: 'REMITTANCE' | 'SUBCONTRACTOR_PAYMENT',
    id: string,
  ): Promise<string> {
    const sql =
      kind === 'REMITTANCE'
        ? 'SELECT COALESCE(sum(amount_pence), 0)::text AS total FROM remittance_line WHERE remittance_id = $1'
        : 'SELECT COALESCE(sum(amount_pence), 0)::text AS total FROM subcontractor_payment_line WHERE subcontractor_payment_id = $1';
    return (await client.query<{ total: string }>(sql, [id])).rows[0]?.total ?? '0';
  }

  async claims(client: PoolClient, claimIds: string[]) {
    const { rows } = await client.query<{
      id: string;
      referralId: string;
      subcontractId: string | null;
      milestoneCode: string;
      occurrence: number;
      milestoneOn: string;
      amountPence: string;
      status: string;
      remittedOn: string | null;
    }>(
      `SELECT c.id, c.referral_id AS "referralId", c.subcontract_id AS "subcontractId", mt.code::text AS "milestoneCode", c.occurrence,
         c.milestone_on::text AS "milestoneOn", c.amount_pence::text AS "amountPence", c.status::text AS status,
         (SELECT max(rm.paid_on)::text FROM remittance_line rl JOIN remittance rm ON rm.id = rl.remittance_id WHERE rl.claim_id = c.id) AS "remittedOn"
       FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
       WHERE c.id = ANY($1) ORDER BY c.id`,
      [claimIds],
    );
    return rows;
  }

  async transitions(client: PoolClient, claimIds: string[]) {
    const { rows } = await client.query<{
      claimId: string;
      fromStatus: string | null;
      toStatus: string;
      byUserId: string | null;
      at: Date;
      reason: string | null;
    }>(
      `SELECT claim_id AS "claimId", from_status::text AS "fromStatus", to_status::text AS "toStatus", by_user_id AS "byUserId", at, reason
       FROM claim_transition WHERE claim_id = ANY($1) ORDER BY claim_id, at, id`,
      [claimIds],
    );
    return rows;
  }

  async evidence(client: PoolClient, claimIds: string[]) {
    const { rows } = await client.query<{
      claimId: string;
      id: string;
      filename: string;
      contentType: string;
      sizeBytes: string;
      sha256: string;
      uploadedAt: Date;
    }>(
      `SELECT claim_id AS "claimId", id, filename, content_type AS "contentType", size_bytes::text AS "sizeBytes", encode(sha256, 'hex') AS sha256, uploaded_at AS "uploadedAt"
       FROM evidence WHERE claim_id = ANY($1) ORDER BY claim_id, uploaded_at`,
      [claimIds],
    );
    return rows;
  }

  async ledger(client: PoolClient, kind: 'REMITTANCE' | 'SUBCONTRACTOR_PAYMENT', id: string) {
    const column = kind === 'REMITTANCE' ? 'remittance_id' : 'subcontractor_payment_id';
    const { rows } = await client.query<{
      id: string;
      description: string;
      occurredAt: Date;
      amountPence: string;
    }>(
      `SELECT t.id, t.description, t.occurred_at AS "occurredAt",
         (SELECT COALESCE(sum(e.amount_pence) FILTER (WHERE e.amount_pence > 0), 0) FROM ledger_entry e WHERE e.transaction_id = t.id)::text AS "amountPence"
       FROM ledger_transaction t WHERE t.${column} = $1 ORDER BY t.occurred_at, t.id`,
      [id],
    );
    return rows;
  }

  /** Audit events about the payment itself, its claims and their evidence, in chain order. */
  async auditEvents(
    client: PoolClient,
    entity: { type: string; id: string },
    claimIds: string[],
    evidenceIds: string[],
  ) {
    const { rows } = await client.query<{
      seq: string;
      occurredAt: Date;
      action: string;
      entityType: string;
      entityId: string;
      actorUserId: string | null;
      actorOrganisationId: string | null;
      data: Record<string, unknown>;
      hash: string;
    }>(
      `SELECT seq::text, occurred_at AS "occurredAt", action, entity_type AS "entityType", entity_id AS "entityId", actor_user_id AS "actorUserId",
         actor_organisation_id AS "actorOrganisationId", data, encode(hash, 'hex') AS hash
       FROM audit_event
       WHERE (entity_type = $1 AND entity_id = $2) OR (entity_type = 'claim' AND entity_id = ANY($3::text[])) OR (entity_type = 'evidence' AND entity_id = ANY($4::text[]))
       ORDER BY audit_event.seq LIMIT 2000`,
      [entity.type, entity.id, claimIds, evidenceIds],
    );
    return rows;
  }
}
