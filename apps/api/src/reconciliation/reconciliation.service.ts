// Reconciliation for a party and period (docs/money.md "Reconciliation"):
// expected — approved claims the prime has been paid for × subcontract terms,
// plus scheduled fees — against the prime's recorded payments, categorised
// MATCHED / SHORT / OVER / LATE / UNMATCHED by one set-based statement and
// stored as a run with results that drill down to claims. Also: disputes on a
// result line, and bank statements matched by reference and amount.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type ReconciliationOutcome } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { CLOCK, type Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { CursorPart, decodeCursor, encodeCursor } from '../common/paging/cursor';
import { scheduledLinesFor } from '../subcontractor-payments/subcontractor-payments.service';
import { parseBankStatementCsv } from './bank-statement-csv';
import { claimLineId, claimOfLineId } from './claim-line-id';
import { ReconciliationRunError } from './reconciliation.errors';
import {
  COMMISSIONER_PRIME_STATUSES,
  type CommissionerPrimeStatus,
  type DisputeRow,
  ReconciliationRepository,
  type ResultRow,
  type RunRow,
} from './reconciliation.repository';

/** [phase, key]: `s` and a result id (stored rows), then `c` and a claim id (claims' lines computed on demand). */
function decodeResultCursor(
  cursor: string | undefined,
): { phase: 's' | 'c'; id: string } | undefined {
  const key = decodeCursor(cursor, [z.enum(['s', 'c']), CursorPart.uuid]);
  return key && { phase: key[0], id: key[1] };
}

function toDispute(row: DisputeRow) {
  return {
    id: row.id,
    resultId: row.resultId,
    runId: row.runId,
    status: row.status,
    raisedByOrganisationId: row.raisedByOrganisationId,
    reason: row.reason,
    raisedAt: row.raisedAt.toISOString(),
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    resolution: row.resolution,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ReconciliationService {
  constructor(
    private readonly reconciliation: ReconciliationRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(
    principal: Principal,
    input: {
      primeContractId: string;
      subcontractId?: string;
      periodStart: string;
      periodEnd: string;
      asOf?: string;
    },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const subcontracts = await this.reconciliation.findSubcontracts(
        client,
        principal.organisationId,
        input,
      );
      if (subcontracts.length === 0) {
        throw new AppError(CommonError.NOT_FOUND, 'No subcontract you may reconcile matches.', [
          {
            field: input.subcontractId ? 'body.subcontractId' : 'body.primeContractId',
            message: 'not found',
          },
        ]);
      }
      const first = subcontracts[0]!;
      const partyId =
        principal.organisationKind === 'SUBCONTRACTOR' || input.subcontractId
          ? first.subcontractorId
          : first.primeId;
      const scheduled = scheduledLinesFor(subcontracts, input).map((line) => ({
        subcontractId: line.subcontractId,
        description: line.description,
        netPence: line.grossPence - line.managementFeePence,
        dueOn: line.dueOn,
      }));
      const made = await this.reconciliation.reconcile(client, {
        subcontractIds: subcontracts.map((s) => s.id),
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        scheduled,
        asOf: input.asOf ?? this.clock.today(),
        programmeId: first.programmeId,
        primeContractId: first.primeContractId,
        partyId,
        userId: principal.userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'reconciliation.run',
        entityType: 'reconciliation_run',
        entityId: made.id,
        programmeId: first.programmeId,
        data: {
          ...input,
          outcomes: made.totals.map((t) => [t.outcome, t.count]),
          storedFeeLines: made.storedCount,
        },
      });
      return {
        run: await this.describeRun(
          client,
          (await this.reconciliation.findRun(client, principal.organisationId, made.id))!,
        ),
        notYetDue: { count: made.notYetDueCount, expectedPence: made.notYetDuePence },
      };
    });
  }

  async get(principal: Principal, runId: string) {
    return withPartyScope(this.pool, principal, async (client) => ({
      run: await this.describeRun(client, await this.findRun(client, principal, runId)),
    }));
  }

  /**
   * A run's lines, drilling down to claims: first its stored rows (scheduled
   * fees; every line of a run made before claims' lines were computed on
   * demand) by id, then its claims' lines recomputed as they stood when the
   * run was made, by claim id. The cursor names the phase and the last key.
   */
  async listResults(
    principal: Principal,
    runId: string,
    query: { outcome?: ReconciliationOutcome; cursor?: string; limit: number },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const run = await this.findRun(client, principal, runId);
      const cursor = decodeResultCursor(query.cursor);
      const isOnDemand = run.outcomeTotals !== null;
      const rows: (ResultRow & { phase: 's' | 'c' })[] = [];
      if (cursor?.phase !== 'c') {
        const stored = await this.reconciliation.listResults(client, runId, {
          outcome: query.outcome,
          afterId: cursor?.id,
          limit: query.limit + 1,
          isFeesOnly: isOnDemand,
        });
        rows.push(...stored.map((row) => ({ ...row, phase: 's' as const })));
      }
      if (isOnDemand && rows.length <= query.limit) {
        const lines = await this.reconciliation.listClaimLines(client, run, {
          outcome: query.outcome,
          afterClaimId: cursor?.phase === 'c' ? cursor.id : undefined,
          limit: query.limit + 1 - rows.length,
        });
        rows.push(
          ...lines.map((line) => ({
            ...line,
            id: claimLineId(run.id, line.claimId!),
            phase: 'c' as const,
          })),
        );
      }
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last
          ? encodeCursor([last.phase, last.phase === 'c' ? last.claimId! : last.id])
          : null;
      return { results: page.map(({ phase, ...row }) => (void phase, row)), nextCursor };
    });
  }

  /**
   * Commissioner → prime, as a party view (computed, not stored): the claims
   * the commissioner approved in the period against the remittances recorded
   * as paid for them, per claim and per remittance (its net against the
   * transfer posted to the ledger).
   */
  async commissionerPrime(
    principal: Principal,
    query: {
      primeContractId: string;
      periodStart: string;
      periodEnd: string;
      status?: CommissionerPrimeStatus;
      cursor?: string;
      limit: number;
    },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.reconciliation.findContractOfCommissionerOrPrime(
        client,
        principal.organisationId,
        query.primeContractId,
      );
      if (!contract)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No prime contract with that id that you pay or are paid under.',
          [{ field: 'query.primeContractId', message: 'not found' }],
        );
      const { statuses, remittances } = await this.reconciliation.summariseCommissionerPrime(
        client,
        query,
      );
      const lines = await this.reconciliation.listCommissionerPrimeLines(client, {
        ...query,
        afterClaimId: decodeCursor(query.cursor, [CursorPart.uuid])?.[0],
        limit: query.limit + 1,
      });
      const page = lines.slice(0, query.limit);
      const sum = (pick: (row: (typeof statuses)[number]) => string) =>
        String(statuses.reduce((total, row) => total + BigInt(pick(row)), 0n));
      return {
        primeContractId: contract.id,
        primeContractReference: contract.reference,
        primeName: contract.primeName,
        periodStart: query.periodStart,
        periodEnd: query.periodEnd,
        approvedPence: sum((row) => row.approvedPence),
        paidPence: sum((row) => row.paidPence),
        statuses: COMMISSIONER_PRIME_STATUSES.flatMap((status) =>
          statuses.filter((row) => row.status === status),
        ),
        remittances: remittances.map((r) => {
          const netPence = BigInt(r.grossPence) - BigInt(r.clawbackPence);
          return {
            ...r,
            netPence: String(netPence),
            differencePence:
              r.receivedPence === null ? null : String(BigInt(r.receivedPence) - netPence),
          };
        }),
        lines: page,
        nextCursor:
          lines.length > query.limit ? encodeCursor([page[page.length - 1]!.claimId]) : null,
      };
    });
  }

  async raiseDispute(principal: Principal, resultId: string, input: { reason: string }) {
    return withPartyScope(this.pool, principal, async (client) => {
      const result =
        (await this.reconciliation.findResultWithRun(client, principal.organisationId, resultId)) ??
        (await this.materialiseClaimLine(client, principal, resultId));
      if (!result)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No reconciliation line with that id among yours.',
        );
      if (
        principal.organisationId !== result.partyId &&
        principal.organisationId !== result.primeId
      ) {
        throw new AppError(
          ReconciliationRunError.DISPUTE_WRONG_PARTY,
          'Only the prime or the subcontractor reconciled can dispute a line.',
        );
      }
      const id = await this.reconciliation.insertDispute(client, {
        programmeId: result.programmeId,
        primeContractId: result.primeContractId,
        resultId,
        userId: principal.userId!,
        organisationId: principal.organisationId,
        reason: input.reason,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'reconciliation-dispute.raise',
        entityType: 'reconciliation_dispute',
        entityId: id,
        programmeId: result.programmeId,
        data: { resultId, reason: input.reason },
      });
      return {
        dispute: toDispute(
          (await this.reconciliation.findDispute(client, principal.organisationId, id))!,
        ),
      };
    });
  }

  async answerDispute(principal: Principal, disputeId: string, input: { answer: string }) {
    return this.changeDispute(principal, disputeId, async (client, dispute) => {
      if (dispute.status !== 'OPEN')
        throw new AppError(
          ReconciliationRunError.DISPUTE_WRONG_STATUS,
          `The dispute is ${dispute.status}; only an OPEN dispute can be answered.`,
        );
      if (
        dispute.raisedByOrganisationId === principal.organisationId ||
        (principal.organisationId !== dispute.partyId &&
          principal.organisationId !== dispute.primeId)
      ) {
        throw new AppError(
          ReconciliationRunError.DISPUTE_WRONG_PARTY,
          'The other party to the line answers a dispute, not the one that raised it.',
        );
      }
      await this.reconciliation.answerDispute(client, {
        id: disputeId,
        userId: principal.userId!,
        answer: input.answer,
      });
      return { action: 'reconciliation-dispute.answer', data: { answer: input.answer } };
    });
  }

  async resolveDispute(principal: Principal, disputeId: string, input: { resolution: string }) {
    return this.changeDispute(principal, disputeId, async (client, dispute) => {
      if (dispute.status === 'RESOLVED')
        throw new AppError(
          ReconciliationRunError.DISPUTE_WRONG_STATUS,
          'The dispute is already resolved.',
        );
      if (dispute.raisedByOrganisationId !== principal.organisationId)
        throw new AppError(
          ReconciliationRunError.DISPUTE_WRONG_PARTY,
          'The party that raised a dispute resolves it.',
        );
      await this.reconciliation.resolveDispute(client, {
        id: disputeId,
        userId: principal.userId!,
        resolution: input.resolution,
      });
      return {
        action: 'reconciliation-dispute.resolve',
        data: { resolution: input.resolution, from: dispute.status },
      };
    });
  }

  async listDisputes(principal: Principal, runId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      await this.findRun(client, principal, runId);
      return {
        disputes: (
          await this.reconciliation.listDisputes(client, principal.organisationId, runId)
        ).map(toDispute),
      };
    });
  }

  async importBankStatement(principal: Principal, input: { filename: string; csv: string }) {
    const { lines, errors } = parseBankStatementCsv(input.csv);
    if (errors.length > 0)
      throw new AppError(
        ReconciliationRunError.BANK_STATEMENT_INVALID,
        `${errors.length} problem(s) in the file; nothing was imported. First: ${errors[0]!.field} ${errors[0]!.message}.`,
        errors,
      );
    return withPartyScope(this.pool, principal, async (client) => {
      const sha256 = createHash('sha256').update(input.csv).digest();
      const id = await this.reconciliation.importBankStatement(client, {
        organisationId: principal.organisationId,
        userId: principal.userId,
        filename: input.filename,
        sha256,
        lines,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'bank-statement.import',
        entityType: 'bank_statement_import',
        entityId: id,
        data: { filename: input.filename, rows: lines.length },
      });
      return { bankStatement: await this.describeBankStatement(client, principal, id) };
    });
  }

  async getBankStatement(principal: Principal, importId: string) {
    return withPartyScope(this.pool, principal, async (client) => ({
      bankStatement: await this.describeBankStatement(client, principal, importId),
    }));
  }

  private async describeBankStatement(client: PoolClient, principal: Principal, importId: string) {
    const statement = await this.reconciliation.findBankStatement(
      client,
      principal.organisationId,
      importId,
    );
    if (!statement)
      throw new AppError(CommonError.NOT_FOUND, 'No bank statement with that id among yours.');
    return {
      ...statement,
      uploadedAt: statement.uploadedAt.toISOString(),
      lines: await this.reconciliation.listBankStatementLines(client, importId),
    };
  }

  private async changeDispute(
    principal: Principal,
    disputeId: string,
    change: (
      client: PoolClient,
      dispute: DisputeRow,
    ) => Promise<{ action: string; data: Record<string, unknown> }>,
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const dispute = await this.reconciliation.findDispute(
        client,
        principal.organisationId,
        disputeId,
        { forUpdate: true },
      );
      if (!dispute)
        throw new AppError(CommonError.NOT_FOUND, 'No dispute with that id among yours.');
      const { action, data } = await change(client, dispute);
      await this.audit.record(client, {
        ...auditActor(principal),
        action,
        entityType: 'reconciliation_dispute',
        entityId: disputeId,
        programmeId: dispute.programmeId,
        data,
      });
      return {
        dispute: toDispute(
          (await this.reconciliation.findDispute(client, principal.organisationId, disputeId))!,
        ),
      };
    });
  }

  /**
   * A claim's line is not stored with its run (it is recomputed on demand); a
   * dispute needs a row, so the line is stored now, exactly as the run saw it.
   * The line id says which claim, given the run: try the caller's runs.
   */
  private async materialiseClaimLine(client: PoolClient, principal: Principal, lineId: string) {
    for (const runId of await this.reconciliation.listOnDemandRunIds(
      client,
      principal.organisationId,
    )) {
      const run = (await this.reconciliation.findRun(client, principal.organisationId, runId))!;
      const claimId = claimOfLineId(run.id, lineId);
      const [line] = await this.reconciliation.listClaimLines(client, run, { claimId, limit: 1 });
      if (!line) continue;
      await this.reconciliation.materialiseClaimLine(client, {
        id: lineId,
        programmeId: run.programmeId,
        primeContractId: run.primeContractId,
        runId: run.id,
        line,
      });
      return this.reconciliation.findResultWithRun(client, principal.organisationId, lineId);
    }
    return undefined;
  }

  private async findRun(client: PoolClient, principal: Principal, runId: string): Promise<RunRow> {
    const run = await this.reconciliation.findRun(client, principal.organisationId, runId);
    if (!run)
      throw new AppError(CommonError.NOT_FOUND, 'No reconciliation run with that id among yours.');
    return run;
  }

  private async describeRun(client: PoolClient, run: RunRow) {
    const { primeId, subcontractIds, outcomeTotals, ...rest } = run;
    void [primeId, subcontractIds];
    return {
      ...rest,
      runAt: run.runAt.toISOString(),
      outcomes: outcomeTotals ?? (await this.reconciliation.summariseRun(client, run.id)),
    };
  }
}
