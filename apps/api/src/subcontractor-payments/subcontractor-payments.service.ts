// Prime → subcontractor. A payment run computes what each subcontract is owed
// for the period from its terms — per claim the prime has been paid for
// (set-based SQL, ENTITLED_CLAIMS_SQL) and scheduled fees (the domain's
// schedulePeriodicPayments) — as DRAFT payments; APPROVED, then PAID, which
// posts the transfer prime → subcontractor. Due dates follow the SLA.
import { Inject, Injectable } from '@nestjs/common';
import {
  isDomainError,
  schedulePeriodicPayments,
  SubcontractorPaymentTransitionError,
  transitionSubcontractorPayment,
} from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { requestAnalyticsRefresh } from '../analytics/request-analytics-refresh';
import { JobsService } from '../common/jobs/jobs.service';
import { AuditService } from '../common/audit/audit.service';
import { CLOCK, type Clock } from '../common/clock/clock';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { encodeCursor } from '../common/paging/cursor';
import { decodeCreatedAtCursor, listOffset, takePage } from '../common/paging/list-paging';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { withDryRun } from '../ledger/dry-run';
import { LEDGER_ACCOUNTS, LedgerService } from '../ledger/ledger.service';
import { NotificationsService } from '../notifications/notifications.service';
import { termsOf } from './subcontract-terms';
import { SubcontractorPaymentError } from './subcontractor-payments.errors';
import {
  type PaymentLineRow,
  type PaymentRow,
  type PaymentSort,
  type PaymentStatus,
  type ScheduledLine,
  type SubcontractRow,
  SubcontractorPaymentsRepository,
} from './subcontractor-payments.repository';

export { type SubcontractRow };

type PreviewPayment = Omit<
  PaymentRow,
  | 'id'
  | 'createdAt'
  | 'paidReference'
  | 'paidOn'
  | 'primeId'
  | 'runByUserId'
  | 'approvedByUserId'
  | 'approvedAt'
  | 'status'
  | 'isLate'
> & {
  isLateAlready: boolean;
  lines: Omit<PaymentLineRow, 'id'>[];
};
type RunInput = {
  primeContractId?: string;
  subcontractId?: string;
  periodStart: string;
  periodEnd: string;
};

export function toPaymentSummary({ primeId, ...row }: PaymentRow) {
  void primeId; // internal: who may approve and pay
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
  };
}

/** Scheduled fees (service fees, grant instalments, hybrid upfront) of the subcontracts due in the period. */
export function scheduledLinesFor(
  subcontracts: SubcontractRow[],
  period: { periodStart: string; periodEnd: string },
): ScheduledLine[] {
  return subcontracts.flatMap((subcontract) =>
    schedulePeriodicPayments({ terms: termsOf(subcontract), ...period }).map((item) => ({
      subcontractId: subcontract.id,
      dueOn: item.dueDate,
      description: item.description,
      grossPence: item.grossPence,
      managementFeePence: item.managementFeePence,
    })),
  );
}

const encodeListCursor = (row: PaymentRow) => encodeCursor([row.createdAt.toISOString(), row.id]);

@Injectable()
export class SubcontractorPaymentsService {
  constructor(
    private readonly payments: SubcontractorPaymentsRepository,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Per claim of the subcontract the prime has been paid for: what the terms entitle the subcontractor to, and when it is due. */
  async entitlementsOf(
    client: PoolClient,
    subcontractId: string,
  ): Promise<Map<string, { entitledPence: string; dueOn: string }>> {
    const rows = await this.payments.entitlementsOf(client, subcontractId);
    return new Map(rows.map(({ claimId, ...entitlement }) => [claimId, entitlement]));
  }

  /**
   * A remittance marked paid makes its subcontracted claims' entitlements expected (stored once), and the
   * clawbacks it nets borne by the prime (each clawed-back claim's entitlement falls by its share, stored
   * once); in the caller's transaction.
   */
  async recordRemittanceEntitlements(
    client: PoolClient,
    remittanceId: string,
  ): Promise<{ entitlementCount: number; clawbackEntitlementCount: number }> {
    const entitlementCount = await this.payments.insertRemittanceEntitlements(client, remittanceId);
    const clawbackEntitlementCount = await this.payments.insertRemittanceClawbackEntitlements(
      client,
      remittanceId,
    );
    return { entitlementCount, clawbackEntitlementCount };
  }

  run(principal: Principal, key: string, input: RunInput) {
    return this.idempotency.run(
      principal,
      { key, route: 'POST /subcontractor-payments', body: input, status: 201 },
      async (client) => {
        const rows = await this.makePayments(client, principal, input);
        for (const row of rows) {
          await this.audit.record(client, {
            ...auditActor(principal),
            action: 'subcontractor-payment.run',
            entityType: 'subcontractor_payment',
            entityId: row.id,
            programmeId: row.programmeId,
            data: {
              ...input,
              subcontractId: row.subcontractId,
              lineCount: row.lineCount,
              amountPence: row.amountPence,
            },
          });
        }
        return { payments: rows.map(toPaymentSummary) };
      },
    );
  }

  /** What run() would create for the same input — the same statements, rolled back: nothing is written. */
  async preview(principal: Principal, input: RunInput) {
    return withDryRun(this.pool, principal, async (client) => {
      const rows = await this.makePayments(client, principal, input);
      const payments: PreviewPayment[] = [];
      for (const {
        id,
        createdAt,
        paidReference,
        paidOn,
        primeId,
        runByUserId,
        approvedByUserId,
        approvedAt,
        status,
        isLate,
        ...row
      } of rows) {
        void [
          createdAt,
          paidReference,
          paidOn,
          primeId,
          runByUserId,
          approvedByUserId,
          approvedAt,
          status,
        ];
        const lines = (await this.payments.listLines(client, id)).map(
          ({ claimId, clawbackId, description, grossPence, managementFeePence, amountPence }) => ({
            claimId,
            clawbackId,
            description,
            grossPence,
            managementFeePence,
            amountPence,
          }),
        );
        payments.push({ ...row, isLateAlready: isLate, lines });
      }
      const sum = (pick: (p: PreviewPayment) => string) =>
        payments.reduce((total, p) => total + BigInt(pick(p)), 0n).toString();
      return {
        payments,
        totals: {
          paymentCount: payments.length,
          lineCount: payments.reduce((n, p) => n + p.lineCount, 0),
          grossPence: sum((p) => p.grossPence),
          managementFeePence: sum((p) => p.managementFeePence),
          amountPence: sum((p) => p.amountPence),
        },
      };
    });
  }

  /** The payment run's work, shared by run() and preview(): DRAFT payments and their lines, read back. */
  private async makePayments(
    client: PoolClient,
    principal: Principal,
    input: RunInput,
  ): Promise<PaymentRow[]> {
    const subcontracts = await this.payments.findSubcontractsOfPrime(
      client,
      principal.organisationId,
      input,
    );
    if (subcontracts.length === 0) {
      const field = input.subcontractId ? 'body.subcontractId' : 'body.primeContractId';
      throw new AppError(CommonError.NOT_FOUND, 'No subcontract of yours matches.', [
        { field, message: 'not found' },
      ]);
    }
    const subcontractIds = subcontracts.map((s) => s.id);
    await this.payments.lockSubcontracts(client, subcontractIds);
    const alreadyPaid = await this.payments.scheduledAlreadyPassedDown(client, subcontractIds);
    const due = scheduledLinesFor(subcontracts, input).filter((line) => line.grossPence > 0n);
    const isTaken = (line: ScheduledLine) =>
      alreadyPaid.has(`${line.subcontractId}|${line.description}`);
    const scheduled = due.filter((line) => !isTaken(line));
    const paymentIds = await this.payments.insertPaymentRun(client, {
      subcontractIds,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      scheduled,
      userId: principal.userId,
    });
    if (paymentIds.length === 0) {
      // Something was due in the period but an earlier (or concurrent, serialised by the lock) run holds it: say so,
      // naming that run, instead of "nothing received" — the money did arrive, it is already being passed down.
      const holders = await this.payments.findPaymentsHolding(client, {
        subcontractIds,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        scheduledKeys: due.filter(isTaken).map((l) => `${l.subcontractId}|${l.description}`),
      });
      if (holders.length > 0) {
        const named = holders.map(
          (h) =>
            `${h.subcontractorName}: ${h.status.toLowerCase()} payment run by ${h.runByName ?? 'an earlier run'} at ${h.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (${h.lineCount} line${h.lineCount === 1 ? '' : 's'})`,
        );
        throw new AppError(
          SubcontractorPaymentError.PAYMENT_ALREADY_TAKEN,
          `Another payment run has already taken everything due for ${input.periodStart} to ${input.periodEnd}: ${named.join('; ')}. Approve and pay that payment instead of running again.`,
          [],
          undefined,
          { paymentIds: holders.map((h) => h.id) },
        );
      }
      throw new AppError(
        SubcontractorPaymentError.PAYMENT_NOTHING_DUE,
        `Nothing new to pass down for ${input.periodStart} to ${input.periodEnd}: no remittance received in the period for these subcontracts' claims, and no scheduled fee due.`,
      );
    }
    return this.payments.findPayments(
      client,
      principal.organisationId,
      this.clock.today(),
      paymentIds,
    );
  }

  approve(principal: Principal, key: string, paymentId: string, input: { note?: string }) {
    return this.idempotency.run(
      principal,
      { key, route: `POST /subcontractor-payments/${paymentId}/approve`, body: input, status: 200 },
      async (client) => {
        const payment = await this.findOwnAsPrime(client, principal, paymentId);
        this.expectStatus(payment, 'DRAFT', 'approve');
        this.checkMakerChecker(principal, payment);
        await this.payments.approve(client, { id: paymentId, userId: principal.userId! });
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'subcontractor-payment.approve',
          entityType: 'subcontractor_payment',
          entityId: paymentId,
          programmeId: payment.programmeId,
          data: {
            note: input.note ?? null,
            amountPence: payment.amountPence,
            runByUserId: payment.runByUserId,
          },
        });
        return {
          payment: toPaymentSummary(
            (await this.payments.findPayment(
              client,
              principal.organisationId,
              this.clock.today(),
              paymentId,
            ))!,
          ),
        };
      },
    );
  }

  async markPaid(
    principal: Principal,
    key: string,
    paymentId: string,
    input: { paidReference: string; paidOn: string },
  ) {
    const result = await this.idempotency.run(
      principal,
      { key, route: `POST /subcontractor-payments/${paymentId}/paid`, body: input, status: 200 },
      async (client) => {
        const payment = await this.findOwnAsPrime(client, principal, paymentId);
        this.expectStatus(payment, 'APPROVED', 'mark paid');
        await this.payments.markPaid(client, { id: paymentId, ...input });
        await this.payments.recordPassedDown(client, paymentId);
        const amountPence = BigInt(payment.amountPence);
        const prime = { organisationId: payment.primeId, ...LEDGER_ACCOUNTS.PRIME_CASH };
        const subcontractor = {
          organisationId: payment.subcontractorId,
          ...LEDGER_ACCOUNTS.SUBCONTRACTOR_CASH,
        };
        // Clawbacks passed down can outweigh what is due: the payment is then negative and the money moves back
        // from the subcontractor to the prime.
        const ledgerTransactionId =
          amountPence !== 0n
            ? await this.ledger.postTransfer(client, {
                programmeId: payment.programmeId,
                primeContractId: payment.primeContractId,
                from: amountPence > 0n ? prime : subcontractor,
                to: amountPence > 0n ? subcontractor : prime,
                amountPence: amountPence > 0n ? amountPence : -amountPence,
                occurredOn: input.paidOn,
                description:
                  amountPence > 0n
                    ? `Payment ${input.paidReference} to ${payment.subcontractorName} (${payment.periodStart} to ${payment.periodEnd})`
                    : `Clawback ${input.paidReference} from ${payment.subcontractorName} (${payment.periodStart} to ${payment.periodEnd})`,
                subcontractorPaymentId: paymentId,
                userId: principal.userId,
              })
            : null;
        const paid = (await this.payments.findPayment(
          client,
          principal.organisationId,
          this.clock.today(),
          paymentId,
        ))!;
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'subcontractor-payment.mark-paid',
          entityType: 'subcontractor_payment',
          entityId: paymentId,
          programmeId: payment.programmeId,
          data: {
            ...input,
            amountPence: payment.amountPence,
            dueOn: payment.dueOn,
            isLate: paid.isLate,
            ledgerTransactionId,
          },
        });
        await this.notifications.subcontractorPaid(client, principal, {
          id: paymentId,
          subcontractorId: payment.subcontractorId,
          amountPence: payment.amountPence,
          ...input,
          isLate: paid.isLate,
        });
        return { payment: toPaymentSummary(paid) };
      },
    );
    if (!result.isReplay) requestAnalyticsRefresh(this.jobs, result.body.payment.primeContractId);
    return result;
  }

  async get(principal: Principal, paymentId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const payment = await this.payments.findPayment(
        client,
        principal.organisationId,
        this.clock.today(),
        paymentId,
      );
      if (!payment)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No subcontractor payment with that id among yours.',
        );
      return {
        payment: toPaymentSummary(payment),
        lines: await this.payments.listLines(client, paymentId),
      };
    });
  }

  async list(
    principal: Principal,
    query: {
      primeContractId?: string;
      subcontractId?: string;
      status?: PaymentStatus;
      isLate?: boolean;
      cursor?: string;
      page?: number;
      sort?: PaymentSort;
      limit: number;
    },
  ) {
    const offset = listOffset(query, { cursorFollowsSort: false });
    const cursor = decodeCreatedAtCursor(query.cursor);
    const today = this.clock.today();
    const filters = {
      ...(query.primeContractId ? { primeContractId: query.primeContractId } : {}),
      ...(query.subcontractId ? { subcontractId: query.subcontractId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.isLate !== undefined ? { isLate: query.isLate } : {}),
    };
    const { rows, totals } = await withPartyScope(this.pool, principal, async (client) => ({
      rows: await this.payments.listPayments(client, principal.organisationId, today, {
        ...filters,
        ...(cursor ? { cursor } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        offset,
        limit: query.limit + 1,
      }),
      totals: await this.payments.summarisePayments(
        client,
        principal.organisationId,
        today,
        filters,
      ),
    }));
    const { page, nextCursor } = takePage(rows, query.limit, query.sort ? null : encodeListCursor);
    return {
      payments: page.map(toPaymentSummary),
      nextCursor,
      total: totals.total,
      totalPence: totals.totalPence,
      summary: {
        unpaidCount: totals.unpaidCount,
        unpaidPence: totals.unpaidPence,
        paidPence: totals.paidPence,
        lateCount: totals.lateCount,
      },
    };
  }

  private async findOwnAsPrime(
    client: PoolClient,
    principal: Principal,
    paymentId: string,
  ): Promise<PaymentRow> {
    const payment = await this.payments.findPayment(
      client,
      principal.organisationId,
      this.clock.today(),
      paymentId,
      { forUpdate: true },
    );
    if (!payment)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No subcontractor payment with that id among yours.',
      );
    if (payment.primeId !== principal.organisationId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'Only the prime that pays a subcontractor can approve or pay it.',
      );
    return payment;
  }

  /** The domain's PAYMENT_TRANSITIONS decide; maker-checker answers its own 403 naming the rule. */
  private checkMakerChecker(principal: Principal, payment: PaymentRow): void {
    const refusals: string[] = [];
    for (const role of principal.roles) {
      try {
        transitionSubcontractorPayment({
          from: payment.status,
          to: 'APPROVED',
          actor: { party: 'PRIME', role, userId: principal.userId ?? '' },
          payment: { runByUserId: payment.runByUserId },
        });
        return;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        refusals.push(error.code);
      }
    }
    if (refusals.includes(SubcontractorPaymentTransitionError.MAKER_CANNOT_APPROVE)) {
      throw new AppError(
        SubcontractorPaymentError.PAYMENT_MAKER_CANNOT_APPROVE,
        'You ran this payment; a second prime finance or admin user must approve it (maker-checker).',
        [],
        undefined,
        { rule: 'maker-checker', runByUserId: payment.runByUserId },
      );
    }
    throw new AppError(
      CommonError.FORBIDDEN,
      'Only prime finance or admin users can approve a subcontractor payment.',
    );
  }

  private expectStatus(payment: PaymentRow, expected: PaymentStatus, action: string): void {
    if (payment.status !== expected) {
      throw new AppError(
        SubcontractorPaymentError.PAYMENT_WRONG_STATUS,
        `Cannot ${action} a ${payment.status} payment; it must be ${expected}.`,
      );
    }
  }
}
