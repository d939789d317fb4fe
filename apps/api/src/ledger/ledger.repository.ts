import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface TrialBalanceRow {
  accountId: string;
  organisationId: string;
  organisationName: string;
  code: string;
  name: string;
  debitPence: string;
  creditPence: string;
  balancePence: string;
}

@Injectable()
export class LedgerRepository {
  /** Finds or opens an account (through a SECURITY DEFINER function: the counterparty's account is hidden by RLS). */
  async ensureAccount(
    client: PoolClient,
    input: { organisationId: string; programmeId: string; code: string; name: string },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      'SELECT waymark_ensure_ledger_account($1, $2, $3, $4) AS id',
      [input.organisationId, input.programmeId, input.code, input.name],
    );
    return rows[0]!.id;
  }

  async insertTransaction(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      description: string;
      remittanceId: string | null;
      subcontractorPaymentId: string | null;
      occurredOn: string;
      userId: string | null;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO ledger_transaction (programme_id, prime_contract_id, description, remittance_id, subcontractor_payment_id, occurred_at, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, ($6::date)::timestamp AT TIME ZONE 'UTC', $7) RETURNING id`,
      [
        input.programmeId,
        input.primeContractId,
        input.description,
        input.remittanceId,
        input.subcontractorPaymentId,
        input.occurredOn,
        input.userId,
      ],
    );
    return rows[0]!.id;
  }

  /** All entries of one transfer in one statement; the deferred trigger checks they sum to zero at COMMIT. */
  async insertEntries(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      transactionId: string;
      entries: { accountId: string; amountPence: bigint }[];
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO ledger_entry (programme_id, prime_contract_id, transaction_id, account_id, amount_pence)
       SELECT $1, $2, $3, account_id, amount_pence FROM unnest($4::uuid[], $5::bigint[]) AS e(account_id, amount_pence)`,
      [
        input.programmeId,
        input.primeContractId,
        input.transactionId,
        input.entries.map((e) => e.accountId),
        input.entries.map((e) => String(e.amountPence)),
      ],
    );
  }

  /**
   * Balances by account over every entry the caller may see (RLS decides: whole
   * transfers, both sides), posted in the period. Debits are positive entries.
   */
  async trialBalance(
    client: PoolClient,
    input: { programmeId: string; periodStart: string; periodEnd: string },
  ): Promise<TrialBalanceRow[]> {
    const { rows } = await client.query<TrialBalanceRow>(
      `SELECT a.id AS "accountId", a.organisation_id AS "organisationId", o.name AS "organisationName", a.code, a.name,
              coalesce(sum(e.amount_pence) FILTER (WHERE e.amount_pence > 0), 0)::text AS "debitPence",
              coalesce(-sum(e.amount_pence) FILTER (WHERE e.amount_pence < 0), 0)::text AS "creditPence",
              sum(e.amount_pence)::text AS "balancePence"
       FROM ledger_entry e
       JOIN ledger_transaction t ON t.id = e.transaction_id
       JOIN ledger_account a ON a.id = e.account_id
       JOIN organisation o ON o.id = a.organisation_id
       WHERE e.programme_id = $1 AND (t.occurred_at AT TIME ZONE 'UTC')::date BETWEEN $2 AND $3
       GROUP BY a.id, o.name
       ORDER BY o.name, a.code`,
      [input.programmeId, input.periodStart, input.periodEnd],
    );
    return rows;
  }
}
