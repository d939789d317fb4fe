// Double-entry postings for every movement of money, written in the caller's
// transaction (the same one as the state change). Accounts are opened on
// demand per organisation and programme. The database refuses an unbalanced
// transfer at COMMIT (ledger_entry_transaction_balanced) and any change to a
// posted entry (ledger_entry_append_only).
import { Inject, Injectable } from '@nestjs/common';
import { postTransfer } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { LedgerRepository } from './ledger.repository';

/** The chart of accounts: docs/money.md "Ledger accounts and postings". */
export const LEDGER_ACCOUNTS = {
  COMMISSIONER_OUTCOME_FUNDING: { code: 'OUTCOME_FUNDING', name: 'Outcome payments funded' },
  PRIME_CASH: { code: 'CASH', name: 'Cash at bank' },
  SUBCONTRACTOR_CASH: { code: 'CASH', name: 'Cash at bank' },
} as const;

export interface TransferInput {
  programmeId: string;
  primeContractId: string;
  from: { organisationId: string; code: string; name: string };
  to: { organisationId: string; code: string; name: string };
  amountPence: bigint;
  occurredOn: string;
  description: string;
  remittanceId?: string;
  subcontractorPaymentId?: string;
  userId: string | null;
}

@Injectable()
export class LedgerService {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Posts one balanced transfer inside `client`'s transaction; returns the ledger transaction id. */
  async postTransfer(client: PoolClient, input: TransferInput): Promise<string> {
    const fromAccountId = await this.ledger.ensureAccount(client, {
      organisationId: input.from.organisationId,
      programmeId: input.programmeId,
      code: input.from.code,
      name: input.from.name,
    });
    const toAccountId = await this.ledger.ensureAccount(client, {
      organisationId: input.to.organisationId,
      programmeId: input.programmeId,
      code: input.to.code,
      name: input.to.name,
    });
    const transactionId = await this.ledger.insertTransaction(client, {
      programmeId: input.programmeId,
      primeContractId: input.primeContractId,
      description: input.description,
      remittanceId: input.remittanceId ?? null,
      subcontractorPaymentId: input.subcontractorPaymentId ?? null,
      occurredOn: input.occurredOn,
      userId: input.userId,
    });
    const entries = postTransfer({
      transactionId,
      fromAccount: fromAccountId,
      toAccount: toAccountId,
      amountPence: input.amountPence,
      date: input.occurredOn,
      description: input.description,
    });
    await this.ledger.insertEntries(client, {
      programmeId: input.programmeId,
      primeContractId: input.primeContractId,
      transactionId,
      entries: entries.map((entry) => ({
        accountId: entry.account,
        amountPence: entry.amountPence,
      })),
    });
    return transactionId;
  }

  async trialBalance(
    principal: Principal,
    query: { programmeId: string; periodStart: string; periodEnd: string },
  ) {
    const accounts = await withPartyScope(this.pool, principal, (client) =>
      this.ledger.trialBalance(client, query),
    );
    const sum = (pick: (row: (typeof accounts)[number]) => string) =>
      accounts.reduce((total, row) => total + BigInt(pick(row)), 0n).toString();
    return {
      programmeId: query.programmeId,
      periodStart: query.periodStart,
      periodEnd: query.periodEnd,
      accounts,
      totals: {
        debitPence: sum((r) => r.debitPence),
        creditPence: sum((r) => r.creditPence),
        balancePence: sum((r) => r.balancePence),
      },
    };
  }
}
