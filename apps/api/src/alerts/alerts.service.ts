// Alerts: the nightly scan (and "scan now") that turns the analytics measures
// into alerts for primes and commissioners, the list, acknowledgement, and the
// commissioner's thresholds.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { addDays } from '@waymark/domain';
import { type z } from 'zod';
import { AnalyticsRefreshService } from '../analytics/analytics-refresh.service';
import { AnalyticsService, type FactWindow } from '../analytics/analytics.service';
import { bpOf, DEFAULT_THRESHOLDS, flowDownRow } from '../analytics/measures';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { withTransaction } from '../common/db/transaction';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { CursorPart, decodeCursor, encodeCursor } from '../common/paging/cursor';
import { JobsService } from '../common/jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import {
  type Alert,
  type AlertListFilter,
  type ScanReport,
  type SetThresholdsBody,
  type Thresholds,
} from './alerts.dto';
import { AlertError } from './alerts.errors';
import {
  type AlertRecord,
  AlertsRepository,
  type NewAlert,
  type ThresholdRecord,
} from './alerts.repository';

export const ALERT_SCAN_QUEUE = 'alerts-nightly-scan';
/** 02:00 UTC: after the day's payment runs, before anyone reads the dashboards. */
export const ALERT_SCAN_CRON = '0 2 * * *';

const toAlert = (r: AlertRecord): z.infer<typeof Alert> => ({
  ...r,
  raisedAt: r.raisedAt.toISOString(),
  lastSeenAt: r.lastSeenAt.toISOString(),
  acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
});

const toThresholds = (
  programmeId: string,
  t: ThresholdRecord | null,
): z.infer<typeof Thresholds> =>
  t
    ? {
        programmeId,
        flowDownMinBp: t.flowDownMinBp,
        parkingInactiveDays: t.parkingInactiveDays,
        parkingMaxShareBp: t.parkingMaxShareBp,
        latePaymentMaxShareBp: t.latePaymentMaxShareBp,
        isDefault: false,
        setAt: t.setAt.toISOString(),
      }
    : { programmeId, ...DEFAULT_THRESHOLDS, isDefault: true, setAt: null };

const ALL_TIME = { fromDay: '0001-01-01', toDay: '9999-12-01' };
const pct = (bp: number) => `${(bp / 100).toFixed(1)} %`;

@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly analytics: AnalyticsService,
    private readonly refresher: AnalyticsRefreshService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      ALERT_SCAN_QUEUE,
      async () => {
        const report = await this.scan({ refresh: true });
        this.logger.log(report, 'nightly alert scan');
      },
      { cron: ALERT_SCAN_CRON, policy: 'singleton', expireInSeconds: 2 * 60 * 60, retryLimit: 1 },
    );
  }

  async list(
    principal: Principal,
    filter: AlertListFilter,
  ): Promise<{ alerts: z.infer<typeof Alert>[]; nextCursor: string | null }> {
    const after = decodeListCursor(filter.cursor);
    return withPartyScope(this.pool, principal, async (client) => {
      if (
        filter.programmeId &&
        !(await this.alerts.programmeAccess(client, principal.organisationId, filter.programmeId))
          .isVisible
      ) {
        throw new AppError(
          CommonError.NOT_FOUND,
          `No programme ${filter.programmeId} in your organisation's slice.`,
        );
      }
      const rows = await this.alerts.list(
        client,
        principal.organisationId,
        filter,
        after,
        filter.limit + 1,
      );
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      return {
        alerts: page.map(toAlert),
        nextCursor:
          rows.length > filter.limit && last
            ? encodeCursor([last.raisedAt.toISOString(), last.id])
            : null,
      };
    });
  }

  async acknowledge(
    principal: Principal,
    id: string,
    note: string,
  ): Promise<z.infer<typeof Alert>> {
    if (!principal.userId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'An alert is acknowledged by a signed-in person, not an API key.',
      );
    const userId = principal.userId;
    return withPartyScope(this.pool, principal, async (client) => {
      const alert = await this.alerts.find(client, principal.organisationId, id);
      if (!alert)
        throw new AppError(CommonError.NOT_FOUND, `No alert ${id} in your organisation's slice.`);
      if (!(await this.alerts.acknowledge(client, id, userId, note))) {
        throw new AppError(
          AlertError.ALREADY_ACKNOWLEDGED,
          `Alert ${id} was acknowledged at ${alert.acknowledgedAt?.toISOString() ?? 'an earlier time'}.`,
        );
      }
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'alert.acknowledge',
        entityType: 'alert',
        entityId: id,
        programmeId: alert.programmeId,
        data: { kind: alert.kind, note },
      });
      return toAlert((await this.alerts.find(client, principal.organisationId, id))!);
    });
  }

  async getThresholds(
    principal: Principal,
    programmeId: string,
  ): Promise<z.infer<typeof Thresholds>> {
    return withPartyScope(this.pool, principal, async (client) => {
      if (
        !(await this.alerts.programmeAccess(client, principal.organisationId, programmeId))
          .isVisible
      ) {
        throw new AppError(
          CommonError.NOT_FOUND,
          `No programme ${programmeId} in your organisation's slice.`,
        );
      }
      return toThresholds(programmeId, await this.alerts.findThresholds(client, programmeId));
    });
  }

  async setThresholds(
    principal: Principal,
    programmeId: string,
    body: z.infer<typeof SetThresholdsBody>,
  ): Promise<z.infer<typeof Thresholds>> {
    if (!principal.userId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'Thresholds are set by a signed-in person, not an API key.',
      );
    const userId = principal.userId;
    return withPartyScope(this.pool, principal, async (client) => {
      const access = await this.alerts.programmeAccess(
        client,
        principal.organisationId,
        programmeId,
      );
      if (!access.isVisible)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No programme ${programmeId} in your organisation's slice.`,
        );
      if (!access.isCommissioner)
        throw new AppError(
          CommonError.FORBIDDEN,
          "Only the programme's commissioner sets its alert thresholds.",
        );
      const before = await this.alerts.findThresholds(client, programmeId);
      await this.alerts.upsertThresholds(client, { programmeId, ...body }, userId);
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'alert-threshold.set',
        entityType: 'programme',
        entityId: programmeId,
        programmeId,
        data: { from: before ? { ...before, setAt: before.setAt.toISOString() } : null, to: body },
      });
      return toThresholds(programmeId, await this.alerts.findThresholds(client, programmeId));
    });
  }

  /** "Scan now": a commissioner scans its own programmes, the platform any. */
  async scanFor(
    principal: Principal,
    options: { programmeId?: string; refresh: boolean },
  ): Promise<z.infer<typeof ScanReport>> {
    if (principal.organisationKind === 'COMMISSIONER') {
      if (options.programmeId) {
        const owns = await withPartyScope(
          this.pool,
          principal,
          async (client) =>
            (
              await this.alerts.programmeAccess(
                client,
                principal.organisationId,
                options.programmeId!,
              )
            ).isCommissioner,
        );
        if (!owns)
          throw new AppError(
            CommonError.NOT_FOUND,
            `No programme ${options.programmeId} commissioned by your organisation.`,
          );
      }
      return this.scan({ ...options, commissionerId: principal.organisationId, actor: principal });
    }
    return this.scan({ ...options, actor: principal });
  }

  /** Refreshes the facts (optionally), then raises or refreshes alerts for every programme in scope. */
  async scan(options: {
    programmeId?: string;
    commissionerId?: string;
    refresh: boolean;
    actor?: Principal;
  }): Promise<z.infer<typeof ScanReport>> {
    const refreshMs = options.refresh ? (await this.refresher.refresh()).durationMs : null;
    const started = performance.now();
    let raised = 0;
    let stillOpen = 0;
    const programmes = await withTransaction(this.pool, async (client) => {
      const ids = await this.alerts.programmesToScan(client, options);
      for (const programmeId of ids) {
        const found = await this.findProblems(client, programmeId);
        let programmeRaised = 0;
        for (const alert of found) {
          const outcome = await this.alerts.raise(client, alert);
          if (outcome === 'RAISED') await this.notifications.alertRaised(client, alert);
          if (outcome === 'RAISED') programmeRaised++;
          else if (outcome === 'REFRESHED') stillOpen++;
        }
        raised += programmeRaised;
        await this.audit.record(client, {
          actorUserId: options.actor?.userId ?? null,
          actorOrganisationId: options.actor?.organisationId ?? null,
          action: 'alerts.scan',
          entityType: 'programme',
          entityId: programmeId,
          programmeId,
          data: { problems: found.length, raised: programmeRaised },
        });
      }
      return ids.length;
    });
    return {
      programmes,
      raised,
      stillOpen,
      refreshMs,
      scanMs: Math.round(performance.now() - started),
    };
  }

  /** Every problem in one programme, contract to date, against its thresholds. */
  private async findProblems(client: PoolClient, programmeId: string): Promise<NewAlert[]> {
    const contractIds = await this.alerts.contractsOf(client, programmeId);
    if (contractIds.length === 0) return [];
    const t = toThresholds(programmeId, await this.alerts.findThresholds(client, programmeId));
    const window: FactWindow = { contractIds, subcontractorId: null, ...ALL_TIME };
    const subcontracts = await this.alerts.subcontractsOf(client, contractIds);
    const found: NewAlert[] = [];

    for (const record of await this.analytics.flowDownIn(client, window)) {
      const row = flowDownRow(record, t.flowDownMinBp);
      const subcontractId = subcontracts.get(`${row.primeContractId}|${row.subcontractorId}`);
      if (!subcontractId) continue; // promised in the bid but never contracted: shown on the dashboard, no subcontract to alert about
      const base = {
        programmeId,
        primeContractId: row.primeContractId,
        subcontractId,
        thresholdBp: t.flowDownMinBp,
      };
      if (row.referralRatioBp !== null && row.referralRatioBp < t.flowDownMinBp) {
        found.push({
          ...base,
          kind: 'FLOW_DOWN_REFERRALS',
          measuredBp: row.referralRatioBp,
          detail: `${row.subcontractorName} received ${row.referrals} of ${row.chainReferrals} referrals (${pct(row.actualReferralShareBp)}) against ${pct(row.plannedReferralShareBp)} promised in the bid.`,
          data: {
            referrals: row.referrals,
            chainReferrals: row.chainReferrals,
            promisedReferrals: row.promisedReferrals,
            plannedShareBp: row.plannedReferralShareBp,
            actualShareBp: row.actualReferralShareBp,
          },
        });
      }
      if (row.spendRatioBp !== null && row.spendRatioBp < t.flowDownMinBp) {
        found.push({
          ...base,
          kind: 'FLOW_DOWN_SPEND',
          measuredBp: row.spendRatioBp,
          detail: `${row.subcontractorName} was passed ${pct(row.actualSpendShareBp)} of the money paid to the prime against ${pct(row.plannedSpendShareBp)} promised in the bid.`,
          data: {
            passedDownPence: row.passedDownPence,
            remittedPence: row.remittedPence,
            promisedSpendPence: row.promisedSpendPence,
            plannedShareBp: row.plannedSpendShareBp,
            actualShareBp: row.actualSpendShareBp,
          },
        });
      }
    }

    const today = this.clock.today();
    const inactiveBefore = addDays(today, -t.parkingInactiveDays);
    for (const primeContractId of contractIds) {
      const perProvider = new Map<
        string,
        { name: string; open: number; inactive: number; isPrime: boolean }
      >();
      for (const r of await this.analytics.parkingIn(
        client,
        { ...window, contractIds: [primeContractId] },
        inactiveBefore,
      )) {
        const p = perProvider.get(r.providerId) ?? {
          name: r.providerName,
          open: 0,
          inactive: 0,
          isPrime: r.isPrimeDelivered,
        };
        p.open += r.openCaseload;
        p.inactive += r.inactive;
        perProvider.set(r.providerId, p);
      }
      for (const [providerId, p] of perProvider) {
        const share = bpOf(p.inactive, p.open);
        if (p.open === 0 || share <= t.parkingMaxShareBp) continue;
        found.push({
          programmeId,
          primeContractId,
          subcontractId: p.isPrime
            ? null
            : (subcontracts.get(`${primeContractId}|${providerId}`) ?? null),
          kind: 'PARKING',
          measuredBp: share,
          thresholdBp: t.parkingMaxShareBp,
          detail: `${p.name}: ${p.inactive} of ${p.open} open referrals (${pct(share)}) have had no activity for ${t.parkingInactiveDays} days.`,
          data: {
            providerId,
            openCaseload: p.open,
            inactive: p.inactive,
            inactiveDays: t.parkingInactiveDays,
          },
        });
      }
    }

    const { rows } = await this.analytics.timelinessIn(client, window, today);
    for (const r of rows) {
      const share = bpOf(r.latePayments, r.payments);
      if (r.payments === 0 || share <= t.latePaymentMaxShareBp) continue;
      found.push({
        programmeId,
        primeContractId: r.primeContractId,
        subcontractId: r.subcontractId,
        kind: 'LATE_PAYMENT',
        measuredBp: share,
        thresholdBp: t.latePaymentMaxShareBp,
        detail: `${r.subcontractorName}: ${r.latePayments} of ${r.payments} payments (${pct(share)}) were made more than ${r.slaDays} days after the prime was paid.`,
        data: {
          payments: r.payments,
          latePayments: r.latePayments,
          unpaidOverdue: r.unpaidOverdue,
          slaDays: r.slaDays,
          maxDaysToPay: r.maxDaysToPay,
        },
      });
    }
    return found;
  }
}

function decodeListCursor(cursor: string | undefined): { raisedAt: string; id: string } | null {
  const key = decodeCursor(cursor, [CursorPart.instant, CursorPart.uuid]);
  return key ? { raisedAt: key[0], id: key[1] } : null;
}
