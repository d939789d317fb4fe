// The dashboards: resolve the caller's contracts from the filters (404 when a
// named programme, contract, area or subcontractor is outside the slice), read
// the fact tables inside the caller's party scope, and derive the ratios.
import { Inject, Injectable } from '@nestjs/common';
import { addDays } from '@waymark/domain';
import { type PoolClient } from 'pg';
import { type z } from 'zod';
import { type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { ReadDatabase } from '../common/db/read-database';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { CursorPart, decodeCursor, encodeCursor } from '../common/paging/cursor';
import {
  type AnalyticsFilter,
  type FlowDown,
  type FlowDownFilter,
  type Parking,
  type ParkingFilter,
  type Performance,
  type Spend,
  type SpendFilter,
  type Timeliness,
} from './analytics.dto';
import { AnalyticsRepository, type FactWindow } from './analytics.repository';
import { bpOf, bpOfPence, DEFAULT_THRESHOLDS, flowDownRow } from './measures';

export { type FactWindow };

type Scope = {
  window: FactWindow;
  programmeIds: string[];
  asOf: string | null;
  from: string | null;
  to: string | null;
};

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

const invalid = (field: string, message: string) =>
  new AppError(CommonError.VALIDATION_FAILED, `${field}: ${message}`, [{ field, message }]);

/** Each id's place when its name is sorted by locale; names the locale holds equal share a place. */
function rankByLocale(names: Map<string, string>): Map<string, number> {
  const sorted = [...names.entries()].sort(([, a], [, b]) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach(([id, name], i) => {
    if (i > 0 && sorted[i - 1]![1].localeCompare(name) !== 0) rank++;
    ranks.set(id, rank);
  });
  return ranks;
}

function decodeSpendCursor(cursor: string | undefined): { month: string; key: string } | null {
  const key = decodeCursor(cursor, [CursorPart.month, CursorPart.text]);
  return key ? { month: key[0], key: key[1] } : null;
}

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    // Heavy reads: the read replica when one is configured and fresh enough (read-database.ts).
    private readonly reader: ReadDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // The measures alerts check against a programme's thresholds, read in the caller's transaction.
  async flowDownIn(client: PoolClient, window: FactWindow) {
    return this.repository.flowDown(client, window);
  }

  async parkingIn(client: PoolClient, window: FactWindow, inactiveBefore: string) {
    return this.repository.parking(client, window, inactiveBefore);
  }

  async timelinessIn(client: PoolClient, window: FactWindow, today: string) {
    return this.repository.timeliness(client, window, today);
  }

  private async scope(
    client: PoolClient,
    principal: Principal,
    filters: AnalyticsFilter,
  ): Promise<Scope> {
    if (filters.from && filters.to && filters.from > filters.to)
      throw invalid('query.to', 'must not be before from');
    const contracts = await this.repository.scopedContracts(
      client,
      principal.organisationId,
      filters,
    );
    const named = filters.programmeId ?? filters.primeContractId ?? filters.contractAreaId;
    if (named && contracts.length === 0)
      throw new AppError(
        CommonError.NOT_FOUND,
        "No programme, prime contract or contract area with that id in your organisation's slice.",
      );
    const contractIds = contracts.map((c) => c.id);
    let subcontractorId = filters.subcontractorId ?? null;
    // A subcontractor's own figures only, whatever it asks for.
    if (principal.organisationKind === 'SUBCONTRACTOR') {
      if (subcontractorId && subcontractorId !== principal.organisationId)
        throw new AppError(CommonError.NOT_FOUND, 'No such subcontractor in your slice.');
      subcontractorId = principal.organisationId;
    } else if (
      subcontractorId &&
      !(await this.repository.hasSubcontractor(client, contractIds, subcontractorId))
    ) {
      throw new AppError(
        CommonError.NOT_FOUND,
        `No subcontractor ${subcontractorId} in the supply chains of your slice.`,
      );
    }
    const refreshed = await this.repository.lastRefreshedAt(client);
    return {
      window: {
        contractIds,
        subcontractorId,
        fromDay: filters.from ? `${filters.from}-01` : '0001-01-01',
        toDay: filters.to ? nextMonth(filters.to) : '9999-12-01',
      },
      programmeIds: [...new Set(contracts.map((c) => c.programmeId))],
      asOf: refreshed ? refreshed.toISOString() : null,
      from: filters.from ?? null,
      to: filters.to ?? null,
    };
  }

  private header(scope: Scope) {
    return {
      asOf: scope.asOf,
      from: scope.from,
      to: scope.to,
      primeContractIds: scope.window.contractIds,
    };
  }

  async spend(principal: Principal, query: SpendFilter): Promise<z.infer<typeof Spend>> {
    const after = decodeSpendCursor(query.cursor);
    return this.reader.withReadScope(principal, async (client) => {
      const scope = await this.scope(client, principal, query);
      const rows = await this.repository.spendRows(
        client,
        scope.window,
        query.by,
        after,
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor([last.month, last.key]) : null;
      const totals = await this.repository.spendTotals(client, scope.window);
      const byKey = await this.repository.spendByKey(client, scope.window, query.by);
      let remitted = 0n;
      let passedDown = 0n;
      let voluntary = 0n;
      const bands = new Map<string, bigint>();
      for (const t of totals) {
        const pence = BigInt(t.pence);
        if (t.flow === 'REMITTED') {
          remitted += pence;
          continue;
        }
        passedDown += pence;
        if (!t.isSubcontracted) continue;
        if (t.sectorType === 'VOLUNTARY') voluntary += pence;
        bands.set(t.turnoverBand, (bands.get(t.turnoverBand) ?? 0n) + pence);
      }
      const small = (bands.get('MICRO') ?? 0n) + (bands.get('SMALL') ?? 0n);
      return {
        ...this.header(scope),
        by: query.by,
        rows: page,
        nextCursor,
        totals: {
          remittedPence: String(remitted),
          passedDownPence: String(passedDown),
          passedDownShareBp: bpOfPence(passedDown, remitted),
          voluntarySectorPence: String(voluntary),
          voluntarySectorShareBp: bpOfPence(voluntary, remitted),
          smallOrganisationPence: String(small),
          smallOrganisationShareBp: bpOfPence(small, remitted),
          managementFeePence: String(
            byKey.reduce((sum, row) => sum + BigInt(row.managementFeePence), 0n),
          ),
          byTurnoverBand: ['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'UNKNOWN']
            .filter((band) => bands.has(band))
            .map((band) => ({
              turnoverBand: band,
              passedDownPence: String(bands.get(band)),
              shareOfRemittedBp: bpOfPence(bands.get(band) ?? 0n, remitted),
            })),
          byKey,
        },
      };
    });
  }

  async flowDown(principal: Principal, query: FlowDownFilter): Promise<z.infer<typeof FlowDown>> {
    return this.reader.withReadScope(principal, async (client) => {
      const scope = await this.scope(client, principal, query);
      const thresholds = await this.repository.programmeThresholds(client, scope.programmeIds);
      // One threshold per response: the strictest of the programmes in view (usually exactly one).
      const thresholdBp =
        thresholds.length === scope.programmeIds.length && thresholds.length > 0
          ? Math.max(...thresholds.map((t) => t.flowDownMinBp))
          : DEFAULT_THRESHOLDS.flowDownMinBp;
      const withTrend =
        query.trend === 'true' || (query.format !== 'json' && query.view === 'trend');
      if (!withTrend) {
        // The portal's page: the summary rows and the months, summed in the database; no trend rows to build.
        const records = await this.repository.flowDown(client, scope.window);
        return {
          ...this.header(scope),
          thresholdBp,
          rows: records.map((r) => flowDownRow(r, thresholdBp)),
          months: await this.repository.flowDownMonths(client, scope.window),
          trend: [],
        };
      }
      const trend = await this.repository.flowDownTrend(client, scope.window);
      const records = await this.repository.flowDown(client, scope.window, trend.money);
      const rows = records.map((r) => flowDownRow(r, thresholdBp));
      const names = new Map(records.map((r) => [r.subcontractorId, r.subcontractorName]));
      const chain = new Map<string, number>();
      const remittedByMonth = new Map<string, bigint>();
      for (const r of trend.referrals)
        chain.set(
          `${r.primeContractId}|${r.month}`,
          (chain.get(`${r.primeContractId}|${r.month}`) ?? 0) + r.n,
        );
      for (const m of trend.money)
        if (m.flow === 'REMITTED')
          remittedByMonth.set(
            `${m.primeContractId}|${m.month}`,
            (remittedByMonth.get(`${m.primeContractId}|${m.month}`) ?? 0n) + BigInt(m.pence),
          );
      const lines = new Map<
        string,
        {
          month: string;
          primeContractId: string;
          subcontractorId: string;
          referrals: number;
          passed: bigint;
        }
      >();
      const line = (month: string, primeContractId: string, subcontractorId: string) => {
        const key = `${primeContractId}|${subcontractorId}|${month}`;
        let found = lines.get(key);
        if (!found)
          lines.set(
            key,
            (found = { month, primeContractId, subcontractorId, referrals: 0, passed: 0n }),
          );
        return found;
      };
      for (const r of trend.referrals)
        line(r.month, r.primeContractId, r.subcontractorId).referrals += r.n;
      for (const m of trend.money)
        if (m.flow === 'PASSED_DOWN' && m.subcontractorId)
          line(m.month, m.primeContractId, m.subcontractorId).passed += BigInt(m.pence);
      const wanted = new Set(records.map((r) => `${r.primeContractId}|${r.subcontractorId}`));
      // Month, then contract, then subcontractor name. Months (YYYY-MM) and contract ids (lower-case
      // UUIDs) order the same by code unit as by locale; names are compared by locale once each, not
      // once per comparison (the commissioner's trend holds tens of thousands of rows).
      const nameRank = rankByLocale(names);
      const trendRows = [...lines.values()]
        .filter((l) => wanted.has(`${l.primeContractId}|${l.subcontractorId}`))
        .sort(
          (a, b) =>
            byCodeUnit(a.month, b.month) ||
            byCodeUnit(a.primeContractId, b.primeContractId) ||
            (nameRank.get(a.subcontractorId) ?? 0) - (nameRank.get(b.subcontractorId) ?? 0),
        )
        .map((l) => ({
          month: l.month,
          primeContractId: l.primeContractId,
          subcontractorId: l.subcontractorId,
          subcontractorName: names.get(l.subcontractorId) ?? '',
          referrals: l.referrals,
          chainReferrals: chain.get(`${l.primeContractId}|${l.month}`) ?? 0,
          passedDownPence: String(l.passed),
          remittedPence: String(remittedByMonth.get(`${l.primeContractId}|${l.month}`) ?? 0n),
        }));
      return {
        ...this.header(scope),
        thresholdBp,
        rows,
        months: await this.repository.flowDownMonths(client, scope.window),
        trend: trendRows,
      };
    });
  }

  async timeliness(
    principal: Principal,
    query: AnalyticsFilter,
  ): Promise<z.infer<typeof Timeliness>> {
    return this.reader.withReadScope(principal, async (client) => {
      const scope = await this.scope(client, principal, query);
      const { rows, buckets } = await this.repository.timeliness(
        client,
        scope.window,
        this.clock.today(),
      );
      const order = ['0-7', '8-14', '15-21', '22-30', '31-45', '46-60', '61+', 'unpaid'];
      return {
        ...this.header(scope),
        rows: rows.map((r) => ({ ...r, lateShareBp: bpOf(r.latePayments, r.payments) })),
        distribution: order.map((bucket) => ({
          bucket,
          payments: buckets.find((b) => b.bucket === bucket)?.payments ?? 0,
        })),
      };
    });
  }

  async parking(principal: Principal, query: ParkingFilter): Promise<z.infer<typeof Parking>> {
    return this.reader.withReadScope(principal, async (client) => {
      const scope = await this.scope(client, principal, query);
      const thresholds = await this.repository.programmeThresholds(client, scope.programmeIds);
      const inactiveDays =
        query.inactiveDays ??
        (thresholds.length === 1 && scope.programmeIds.length === 1
          ? thresholds[0]!.parkingInactiveDays
          : DEFAULT_THRESHOLDS.parkingInactiveDays);
      const inactiveBefore = addDays(this.clock.today(), -inactiveDays);
      const records = await this.repository.parking(client, scope.window, inactiveBefore);
      const groups = new Map<string, { outcomes: number; attached: number }>();
      for (const r of records) {
        const g = groups.get(r.paymentGroupId ?? '') ?? { outcomes: 0, attached: 0 };
        g.outcomes += r.jobOutcomes;
        g.attached += r.attached;
        groups.set(r.paymentGroupId ?? '', g);
      }
      return {
        ...this.header(scope),
        inactiveDays,
        rows: records.map((r) => {
          const group = groups.get(r.paymentGroupId ?? '') ?? { outcomes: 0, attached: 0 };
          const outcomeRateBp = bpOf(r.jobOutcomes, r.attached);
          const groupOutcomeRateBp = bpOf(group.outcomes, group.attached);
          return {
            ...r,
            medianDaysToFirstContact:
              r.medianDaysToFirstContact === null ? null : Number(r.medianDaysToFirstContact),
            inactiveShareBp: bpOf(r.inactive, r.openCaseload),
            exitedWithoutOutcomeShareBp: bpOf(r.exitedWithoutOutcome, r.exited),
            outcomeRateBp,
            groupOutcomeRateBp,
            outcomeRateGapBp: outcomeRateBp - groupOutcomeRateBp,
          };
        }),
      };
    });
  }

  async performance(
    principal: Principal,
    query: AnalyticsFilter,
  ): Promise<z.infer<typeof Performance>> {
    return this.reader.withReadScope(principal, async (client) => {
      const scope = await this.scope(client, principal, query);
      const records = await this.repository.performance(client, scope.window);
      return {
        ...this.header(scope),
        rows: records.map((r) => {
          const outcomeRateBp = bpOf(r.jobOutcomes, r.attached);
          const mpl = r.minimumPerformanceLevelBp;
          // Outcomes needed: ceil(mpl × attached ÷ 10000) − outcomes, never below zero.
          const needed = mpl === null ? 0 : Math.ceil((mpl * r.attached) / 10_000);
          return {
            ...r,
            outcomeRateBp,
            meetsMinimum: mpl === null ? null : outcomeRateBp >= mpl,
            outcomesShort: Math.max(0, needed - r.jobOutcomes),
          };
        }),
      };
    });
  }
}

/** Order by UTF-16 code unit: months (YYYY-MM) and ids sort the same way as by locale, without its cost. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
