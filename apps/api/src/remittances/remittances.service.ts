// Commissioner → prime. A remittance run gathers every approved, unremitted
// claim of a prime contract decided in the period (less clawbacks); marking it
// paid moves the claims to PAID (a transition row each) and posts the transfer
// to the ledger, all in one transaction with the idempotency key.
import { Inject, Injectable } from '@nestjs/common';
import { allocateProportionally } from '@waymark/domain';
import { stringify } from 'csv-stringify/sync';
import { type Pool, type PoolClient } from 'pg';
import { requestAnalyticsRefresh } from '../analytics/request-analytics-refresh';
import { JobsService } from '../common/jobs/jobs.service';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { encodeCursor } from '../common/paging/cursor';
import { decodeCreatedAtCursor, listOffset, takePage } from '../common/paging/list-paging';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { SubcontractorPaymentsService } from '../subcontractor-payments/subcontractor-payments.service';
import { withDryRun } from '../ledger/dry-run';
import { LEDGER_ACCOUNTS, LedgerService } from '../ledger/ledger.service';
import { NotificationsService } from '../notifications/notifications.service';
import { penceToPoundsText } from '../analytics/tabular-export';
import { neutraliseFormula } from '../common/csv/neutralise-formula';
import { RemittanceError } from './remittances.errors';
import {
  type RemittanceRow,
  RemittancesRepository,
  type RemittanceSort,
  type RemittanceStatus,
} from './remittances.repository';

type RunInput = { primeContractId: string; periodStart: string; periodEnd: string };
/** A preview lists this many lines at most (the totals always cover every line). */
const PREVIEW_LINE_LIMIT = 2000;

export function toRemittanceSummary(row: RemittanceRow) {
  const netPence = BigInt(row.grossPence) - BigInt(row.clawbackPence);
  const differencePence = row.receivedPence === null ? null : BigInt(row.receivedPence) - netPence;
  return {
    id: row.id,
    programmeId: row.programmeId,
    primeContractId: row.primeContractId,
    primeContractReference: row.primeContractReference,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    status: row.status,
    paidReference: row.paidReference,
    paidOn: row.paidOn,
    createdAt: row.createdAt.toISOString(),
    claimCount: row.claimCount,
    grossPence: row.grossPence,
    clawbackPence: row.clawbackPence,
    netPence: netPence.toString(),
    receivedPence: row.receivedPence,
    differencePence: differencePence === null ? null : differencePence.toString(),
    paymentOutcome:
      differencePence === null
        ? null
        : differencePence === 0n
          ? ('MATCHED' as const)
          : differencePence < 0n
            ? ('SHORT' as const)
            : ('OVER' as const),
  };
}

/**
 * Each line's share of what was received: the shortfall (net − received; negative when paid over) spread over
 * the lines pro rata to their amounts by largest remainder, so the lines add up to received + clawbacks exactly.
 */
export function linesReceived(
  lines: { claimId: string; amountPence: string }[],
  shortfallPence: bigint,
): { claimId: string; receivedPence: bigint }[] {
  const amounts = lines.map((line) => BigInt(line.amountPence));
  const shares =
    shortfallPence === 0n || amounts.every((a) => a === 0n)
      ? amounts.map(() => 0n)
      : allocateProportionally(shortfallPence, amounts);
  return lines.map((line, i) => ({
    claimId: line.claimId,
    receivedPence: amounts[i]! - shares[i]!,
  }));
}

const encodeListCursor = (row: RemittanceRow) =>
  encodeCursor([row.createdAt.toISOString(), row.id]);

@Injectable()
export class RemittancesService {
  constructor(
    private readonly remittances: RemittancesRepository,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly subcontractorPayments: SubcontractorPaymentsService,
  ) {}

  run(principal: Principal, key: string, input: RunInput) {
    return this.idempotency.run(
      principal,
      { key, route: 'POST /remittances', body: input, status: 201 },
      async (client) => {
        const { remittance, claimCount, clawbackCount } = await this.makeRemittance(
          client,
          principal,
          input,
        );
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'remittance.run',
          entityType: 'remittance',
          entityId: remittance.id,
          programmeId: remittance.programmeId,
          data: {
            ...input,
            claimCount,
            clawbackCount,
            grossPence: remittance.grossPence,
            clawbackPence: remittance.clawbackPence,
          },
        });
        return { remittance: toRemittanceSummary(remittance) };
      },
    );
  }

  /** What run() would create for the same input — the same statements, rolled back: nothing is written. */
  async preview(principal: Principal, input: RunInput) {
    return withDryRun(this.pool, principal, async (client) => {
      const { remittance } = await this.makeRemittance(client, principal, input);
      const {
        id,
        status,
        paidReference,
        paidOn,
        createdAt,
        receivedPence,
        differencePence,
        paymentOutcome,
        ...summary
      } = toRemittanceSummary(remittance);
      void [
        id,
        status,
        paidReference,
        paidOn,
        createdAt,
        receivedPence,
        differencePence,
        paymentOutcome,
      ];
      const lines = await this.remittances.listLines(client, remittance.id);
      return {
        remittance: summary,
        lines: lines.slice(0, PREVIEW_LINE_LIMIT),
        linesTruncated: lines.length > PREVIEW_LINE_LIMIT,
      };
    });
  }

  /** The remittance run's work, shared by run() and preview(). */
  private async makeRemittance(client: PoolClient, principal: Principal, input: RunInput) {
    const contract = await this.remittances.findPrimeContractOfCommissioner(
      client,
      principal.organisationId,
      input.primeContractId,
    );
    if (!contract)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No prime contract with that id in your programmes.',
        [{ field: 'body.primeContractId', message: 'not found' }],
      );
    await this.remittances.lockPrimeContract(client, contract.id);
    const remittanceId = await this.remittances.insertRemittance(client, {
      programmeId: contract.programmeId,
      ...input,
    });
    const claimCount = await this.remittances.insertLinesForApprovedClaims(client, {
      remittanceId,
      ...input,
    });
    // Seam: clawbacks are netted once the claims area's claim_clawback table exists.
    const clawbackCount = (await this.remittances.hasClawbackTable(client))
      ? await this.remittances.insertClawbacks(client, {
          remittanceId,
          primeContractId: contract.id,
        })
      : 0;
    if (claimCount === 0 && clawbackCount === 0) {
      throw new AppError(
        RemittanceError.REMITTANCE_NOTHING_TO_REMIT,
        `No approved claims decided ${input.periodStart} to ${input.periodEnd} are waiting to be remitted for this contract.`,
      );
    }
    const remittance = (await this.remittances.findRemittance(
      client,
      principal.organisationId,
      remittanceId,
    ))!;
    if (BigInt(remittance.grossPence) < BigInt(remittance.clawbackPence)) {
      throw new AppError(
        RemittanceError.REMITTANCE_NET_NEGATIVE,
        `Clawbacks of ${remittance.clawbackPence}p exceed the ${remittance.grossPence}p of claims; recover the difference outside a remittance.`,
      );
    }
    return { remittance, claimCount, clawbackCount };
  }

  async markPaid(
    principal: Principal,
    key: string,
    remittanceId: string,
    input: { paidReference: string; paidOn: string; receivedPence?: string },
  ) {
    const result = await this.idempotency.run(
      principal,
      { key, route: `POST /remittances/${remittanceId}/paid`, body: input, status: 200 },
      async (client) => {
        const remittance = await this.findOwnAsCommissioner(client, principal, remittanceId, {
          forUpdate: true,
        });
        if (remittance.status === 'PAID')
          throw new AppError(
            RemittanceError.REMITTANCE_ALREADY_PAID,
            `Remittance was paid on ${remittance.paidOn} (${remittance.paidReference}).`,
          );
        const flagged = await this.remittances.flaggedClaims(client, remittanceId);
        if (flagged.length > 0) {
          throw new AppError(
            RemittanceError.REMITTANCE_CLAIM_FLAGGED,
            `${flagged.length} claim${flagged.length === 1 ? ' was' : 's were'} flagged by the earnings data match since the run (${flagged.map((f) => `participant ${f.participantReference}: ${f.reason}`).join('; ')}); a flagged claim is not paid until a later data match verifies it.`,
            [],
            undefined,
            { claimIds: flagged.map((f) => f.claimId) },
          );
        }
        const moved = await this.remittances.payClaims(client, {
          remittanceId,
          userId: principal.userId,
          reason: `remittance ${input.paidReference} paid ${input.paidOn}`,
        });
        if (moved !== remittance.claimCount) {
          throw new AppError(
            RemittanceError.REMITTANCE_CLAIMS_CHANGED,
            `${remittance.claimCount - moved} of the ${remittance.claimCount} claims are no longer APPROVED; run a new remittance.`,
          );
        }
        const netPence = BigInt(remittance.grossPence) - BigInt(remittance.clawbackPence);
        // What arrived, not what was due: a short or over payment is recorded here and spread over the lines,
        // so this remittance and the commissioner → prime reconciliation show the same difference.
        const receivedPence =
          input.receivedPence === undefined ? netPence : BigInt(input.receivedPence);
        await this.remittances.markPaid(client, {
          remittanceId,
          paidReference: input.paidReference,
          paidOn: input.paidOn,
          receivedPence,
        });
        const lines = await this.remittances.listLines(client, remittanceId);
        await this.remittances.recordLinesReceived(
          client,
          remittanceId,
          linesReceived(lines, netPence - receivedPence),
        );
        const { entitlementCount, clawbackEntitlementCount } =
          await this.subcontractorPayments.recordRemittanceEntitlements(client, remittanceId);
        const ledgerTransactionId =
          receivedPence > 0n
            ? await this.ledger.postTransfer(client, {
                programmeId: remittance.programmeId,
                primeContractId: remittance.primeContractId,
                from: {
                  organisationId: remittance.commissionerId,
                  ...LEDGER_ACCOUNTS.COMMISSIONER_OUTCOME_FUNDING,
                },
                to: { organisationId: remittance.primeId, ...LEDGER_ACCOUNTS.PRIME_CASH },
                amountPence: receivedPence,
                occurredOn: input.paidOn,
                description: `Remittance ${input.paidReference} (${remittance.primeContractReference} ${remittance.periodStart} to ${remittance.periodEnd})`,
                remittanceId,
                userId: principal.userId,
              })
            : null;
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'remittance.mark-paid',
          entityType: 'remittance',
          entityId: remittanceId,
          programmeId: remittance.programmeId,
          data: {
            ...input,
            claimCount: moved,
            netPence: netPence.toString(),
            receivedPence: receivedPence.toString(),
            differencePence: (receivedPence - netPence).toString(),
            ledgerTransactionId,
            entitlementCount,
            clawbackEntitlementCount,
          },
        });
        await this.notifications.remittancePaid(client, principal, {
          id: remittanceId,
          primeId: remittance.primeId,
          netPence,
          ...input,
          primeContractReference: remittance.primeContractReference,
        });
        return {
          remittance: toRemittanceSummary(
            (await this.remittances.findRemittance(
              client,
              principal.organisationId,
              remittanceId,
            ))!,
          ),
        };
      },
    );
    if (!result.isReplay)
      requestAnalyticsRefresh(this.jobs, result.body.remittance.primeContractId);
    return result;
  }

  async get(principal: Principal, remittanceId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const remittance = await this.findVisible(client, principal, remittanceId);
      const isParty =
        remittance.commissionerId === principal.organisationId ||
        remittance.primeId === principal.organisationId;
      if (isParty)
        return {
          remittance: toRemittanceSummary(remittance),
          lines: await this.remittances.listLines(client, remittanceId),
        };
      // A subcontractor paid through this remittance reads its own lines only, and totals over them: the prime's
      // other income is not its business (RLS on remittance_line backs the filter).
      const lines = await this.remittances.listLines(client, remittanceId, {
        subcontractorId: principal.organisationId,
      });
      const clawbackPence = await this.remittances.clawbackPenceFor(
        client,
        remittanceId,
        principal.organisationId,
      );
      const receivedOnLines = lines.reduce(
        (sum, line) => sum + BigInt(line.receivedPence ?? '0'),
        0n,
      );
      const own: RemittanceRow = {
        ...remittance,
        claimCount: lines.length,
        grossPence: lines.reduce((sum, line) => sum + BigInt(line.amountPence), 0n).toString(),
        clawbackPence,
        receivedPence:
          remittance.receivedPence === null
            ? null
            : (receivedOnLines - BigInt(clawbackPence)).toString(),
      };
      return { remittance: toRemittanceSummary(own), lines };
    });
  }

  async list(
    principal: Principal,
    query: {
      primeContractId?: string;
      status?: RemittanceStatus;
      cursor?: string;
      page?: number;
      sort?: RemittanceSort;
      limit: number;
    },
  ) {
    const offset = listOffset(query, { cursorFollowsSort: false });
    const cursor = decodeCreatedAtCursor(query.cursor);
    const filters = {
      ...(query.primeContractId ? { primeContractId: query.primeContractId } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const { rows, totals } = await withPartyScope(this.pool, principal, async (client) => ({
      rows: await this.remittances.listRemittances(client, principal.organisationId, {
        ...filters,
        ...(cursor ? { cursor } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        offset,
        limit: query.limit + 1,
      }),
      totals: await this.remittances.summariseRemittances(
        client,
        principal.organisationId,
        filters,
      ),
    }));
    const { page, nextCursor } = takePage(rows, query.limit, query.sort ? null : encodeListCursor);
    return {
      remittances: page.map(toRemittanceSummary),
      nextCursor,
      total: totals.total,
      totalPence: totals.totalPence,
    };
  }

  /** The remittance as CSV for the commissioner's payment system; the first export by the commissioner marks it EXPORTED. */
  async exportCsv(
    principal: Principal,
    remittanceId: string,
  ): Promise<{ filename: string; csv: string }> {
    return withPartyScope(this.pool, principal, async (client) => {
      const remittance = await this.findVisible(client, principal, remittanceId);
      const lines = await this.remittances.listLines(client, remittanceId);
      if (remittance.commissionerId === principal.organisationId)
        await this.remittances.markExported(client, remittanceId);
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'remittance.export',
        entityType: 'remittance',
        entityId: remittanceId,
        programmeId: remittance.programmeId,
      });
      // Pounds beside pence (exact, two places) for the people who read the file; pence stay for the payment system.
      const netPence = (
        BigInt(remittance.grossPence) - BigInt(remittance.clawbackPence)
      ).toString();
      const footer = (label: string, pence: string) => [
        '',
        '',
        '',
        '',
        '',
        '',
        label,
        pence,
        penceToPoundsText(pence),
      ];
      const csv = stringify([
        [
          'remittance_id',
          'prime_contract',
          'claim_id',
          'participant_reference',
          'milestone_code',
          'occurrence',
          'milestone_on',
          'amount_pence',
          'amount_pounds',
        ],
        ...lines.map((line) => [
          remittance.id,
          neutraliseFormula(remittance.primeContractReference),
          line.claimId,
          neutraliseFormula(line.participantReference),
          line.milestoneCode,
          String(line.occurrence),
          line.milestoneOn,
          line.amountPence,
          penceToPoundsText(line.amountPence),
        ]),
        footer('gross_pence', remittance.grossPence),
        footer('clawback_pence', remittance.clawbackPence),
        footer('net_pence', netPence),
      ]);
      return { filename: `remittance-${remittance.id}.csv`, csv };
    });
  }

  private async findVisible(
    client: PoolClient,
    principal: Principal,
    remittanceId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<RemittanceRow> {
    const remittance = await this.remittances.findRemittance(
      client,
      principal.organisationId,
      remittanceId,
      options,
    );
    if (!remittance)
      throw new AppError(CommonError.NOT_FOUND, 'No remittance with that id among yours.');
    return remittance;
  }

  private async findOwnAsCommissioner(
    client: PoolClient,
    principal: Principal,
    remittanceId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<RemittanceRow> {
    const remittance = await this.findVisible(client, principal, remittanceId, options);
    if (remittance.commissionerId !== principal.organisationId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'Only the commissioner that pays a remittance can mark it paid.',
      );
    return remittance;
  }
}
