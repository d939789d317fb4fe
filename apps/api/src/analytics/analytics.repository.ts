// Every analytics read: the caller's contracts (scope), then one query per
// dashboard over the fact tables (analytics.sql.ts).
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import {
  FLOW_DOWN_MONEY_SQL,
  FLOW_DOWN_MONTHS_SQL,
  FLOW_DOWN_SQL,
  FLOW_DOWN_TREND_MONEY_SQL,
  FLOW_DOWN_TREND_REFERRALS_SQL,
  PARKING_SQL,
  PERFORMANCE_SQL,
  SPEND_TOTALS_SQL,
  spendByKeySql,
  spendRowsSql,
  TIMELINESS_DISTRIBUTION_SQL,
  TIMELINESS_SQL,
  type SPEND_KEYS,
} from './analytics.sql';

export interface ScopedContract {
  id: string;
  programmeId: string;
  primeId: string;
}

/** Parameters shared by every dashboard query. */
export interface FactWindow {
  contractIds: string[];
  subcontractorId: string | null;
  fromDay: string;
  /** Exclusive. */
  toDay: string;
}

const windowParams = (w: FactWindow) => [w.contractIds, w.subcontractorId, w.fromDay, w.toDay];

export interface SpendRowRecord {
  month: string;
  key: string;
  label: string;
  remittedPence: string;
  passedDownPence: string;
  managementFeePence: string;
}
export interface SpendTotalRecord {
  flow: 'REMITTED' | 'PASSED_DOWN';
  sectorType: string | null;
  turnoverBand: string;
  isSubcontracted: boolean;
  pence: string;
}
export interface FlowDownRecord {
  primeContractId: string;
  primeContractReference: string;
  subcontractorId: string;
  subcontractorName: string;
  plannedReferralShareBp: number;
  plannedSpendShareBp: number;
  referrals: number;
  chainReferrals: number;
  passedDownPence: string;
  remittedPence: string;
}
/**
 * Money per month, prime contract and flow over the chain (no subcontractor filter): REMITTED once per
 * contract and month (subcontractorId null); PASSED_DOWN per subcontractor (null: delivered by the prime).
 */
export interface FlowDownMoneyMonth extends FlowDownMoney {
  month: string;
}
/** The same money over the whole window (FLOW_DOWN_MONEY_SQL). */
export interface FlowDownMoney {
  primeContractId: string;
  subcontractorId: string | null;
  flow: 'REMITTED' | 'PASSED_DOWN';
  pence: string;
}
/** The slice's totals for one month (FLOW_DOWN_MONTHS_SQL). */
export interface FlowDownMonthRecord {
  month: string;
  referrals: number;
  passedDownPence: string;
  remittedPence: string;
}
export interface TimelinessRecord {
  primeContractId: string;
  primeContractReference: string;
  subcontractId: string;
  subcontractorId: string;
  subcontractorName: string;
  slaDays: number;
  payments: number;
  paidPayments: number;
  latePayments: number;
  unpaidOverdue: number;
  medianDaysToPay: number | null;
  p90DaysToPay: number | null;
  maxDaysToPay: number | null;
}
export interface ParkingRecord {
  paymentGroupId: string | null;
  paymentGroupCode: string | null;
  paymentGroupName: string | null;
  jobOutcomeTariffPence: string | null;
  providerId: string;
  providerName: string;
  isPrimeDelivered: boolean;
  referrals: number;
  attached: number;
  contacted: number;
  medianDaysToFirstContact: number | null;
  openCaseload: number;
  inactive: number;
  exited: number;
  exitedWithoutOutcome: number;
  jobOutcomes: number;
}
export interface PerformanceRecord {
  primeContractId: string;
  primeContractReference: string;
  primeName: string;
  minimumPerformanceLevelBp: number | null;
  cohortMonth: string;
  attached: number;
  jobOutcomes: number;
}

@Injectable()
export class AnalyticsRepository {
  /**
   * Prime contracts in the caller's slice matching the filters (commissioner: its
   * programmes'; prime: its own; subcontractor: those it holds a subcontract under).
   */
  async scopedContracts(
    client: PoolClient,
    organisationId: string,
    filters: { programmeId?: string; primeContractId?: string; contractAreaId?: string },
  ): Promise<ScopedContract[]> {
    const { rows } = await client.query<ScopedContract>(
      `SELECT pc.id, pc.programme_id AS "programmeId", pc.prime_id AS "primeId"
       FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id
       WHERE (pc.prime_id = $1 OR p.commissioner_id = $1 OR EXISTS (SELECT 1 FROM subcontract s WHERE s.prime_contract_id = pc.id AND s.subcontractor_id = $1))
         AND ($2::uuid IS NULL OR pc.programme_id = $2) AND ($3::uuid IS NULL OR pc.id = $3) AND ($4::uuid IS NULL OR pc.contract_area_id = $4)
       ORDER BY pc.reference`,
      [
        organisationId,
        filters.programmeId ?? null,
        filters.primeContractId ?? null,
        filters.contractAreaId ?? null,
      ],
    );
    return rows;
  }

  async hasSubcontractor(
    client: PoolClient,
    contractIds: string[],
    subcontractorId: string,
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `SELECT 1 FROM subcontract WHERE prime_contract_id = ANY($1) AND subcontractor_id = $2
       UNION ALL SELECT 1 FROM bid_commitment WHERE prime_contract_id = ANY($1) AND subcontractor_id = $2 LIMIT 1`,
      [contractIds, subcontractorId],
    );
    return (rowCount ?? 0) > 0;
  }

  async lastRefreshedAt(client: PoolClient): Promise<Date | null> {
    const { rows } = await client.query<{ finished_at: Date }>(
      'SELECT finished_at FROM analytics_refresh ORDER BY started_at DESC LIMIT 1',
    );
    return rows[0]?.finished_at ?? null;
  }

  async programmeThresholds(
    client: PoolClient,
    programmeIds: string[],
  ): Promise<{ programmeId: string; flowDownMinBp: number; parkingInactiveDays: number }[]> {
    const { rows } = await client.query<{
      programmeId: string;
      flowDownMinBp: number;
      parkingInactiveDays: number;
    }>(
      `SELECT programme_id AS "programmeId", flow_down_min_bp AS "flowDownMinBp", parking_inactive_days AS "parkingInactiveDays" FROM alert_threshold WHERE programme_id = ANY($1)`,
      [programmeIds],
    );
    return rows;
  }

  async spendRows(
    client: PoolClient,
    w: FactWindow,
    by: keyof typeof SPEND_KEYS,
    after: { month: string; key: string } | null,
    limit: number,
  ): Promise<SpendRowRecord[]> {
    const { rows } = await client.query<SpendRowRecord>(spendRowsSql(by), [
      ...windowParams(w),
      after?.month ?? null,
      after?.key ?? null,
      limit,
    ]);
    return rows;
  }

  async spendByKey(
    client: PoolClient,
    w: FactWindow,
    by: keyof typeof SPEND_KEYS,
  ): Promise<Omit<SpendRowRecord, 'month'>[]> {
    return (await client.query<Omit<SpendRowRecord, 'month'>>(spendByKeySql(by), windowParams(w)))
      .rows;
  }

  async spendTotals(client: PoolClient, w: FactWindow): Promise<SpendTotalRecord[]> {
    return (await client.query<SpendTotalRecord>(SPEND_TOTALS_SQL, windowParams(w))).rows;
  }

  /**
   * Per (prime contract, subcontractor): parties, referrals and money over the window. A caller that
   * already read the monthly money rows (the trend) passes them in, so the money is aggregated once per
   * request; otherwise it is summed over the window in the database (FLOW_DOWN_MONEY_SQL).
   */
  async flowDown(
    client: PoolClient,
    w: FactWindow,
    money?: FlowDownMoney[],
  ): Promise<FlowDownRecord[]> {
    const summed =
      money ??
      (await client.query<FlowDownMoney>(FLOW_DOWN_MONEY_SQL, [w.contractIds, w.fromDay, w.toDay]))
        .rows;
    const passedDown = new Map<string, bigint>();
    const remitted = new Map<string, bigint>();
    for (const m of summed) {
      if (m.flow === 'REMITTED')
        remitted.set(m.primeContractId, (remitted.get(m.primeContractId) ?? 0n) + BigInt(m.pence));
      else if (m.subcontractorId)
        passedDown.set(
          `${m.primeContractId}|${m.subcontractorId}`,
          (passedDown.get(`${m.primeContractId}|${m.subcontractorId}`) ?? 0n) + BigInt(m.pence),
        );
    }
    const { rows } = await client.query<Omit<FlowDownRecord, 'passedDownPence' | 'remittedPence'>>(
      FLOW_DOWN_SQL,
      windowParams(w),
    );
    return rows.map((r) => ({
      ...r,
      passedDownPence: String(passedDown.get(`${r.primeContractId}|${r.subcontractorId}`) ?? 0n),
      remittedPence: String(remitted.get(r.primeContractId) ?? 0n),
    }));
  }

  async flowDownTrend(client: PoolClient, w: FactWindow) {
    const referrals = (
      await client.query<{
        month: string;
        primeContractId: string;
        subcontractorId: string;
        n: number;
      }>(FLOW_DOWN_TREND_REFERRALS_SQL, [w.contractIds, w.fromDay, w.toDay])
    ).rows;
    return { referrals, money: await this.flowDownMoneyMonths(client, w) };
  }

  /** The slice's totals per month, oldest first, without the per-subcontractor trend (FLOW_DOWN_MONTHS_SQL). */
  async flowDownMonths(client: PoolClient, w: FactWindow): Promise<FlowDownMonthRecord[]> {
    return (await client.query<FlowDownMonthRecord>(FLOW_DOWN_MONTHS_SQL, windowParams(w))).rows;
  }

  private async flowDownMoneyMonths(
    client: PoolClient,
    w: FactWindow,
  ): Promise<FlowDownMoneyMonth[]> {
    return (
      await client.query<FlowDownMoneyMonth>(FLOW_DOWN_TREND_MONEY_SQL, [
        w.contractIds,
        w.fromDay,
        w.toDay,
      ])
    ).rows;
  }

  async timeliness(
    client: PoolClient,
    w: FactWindow,
    today: string,
  ): Promise<{ rows: TimelinessRecord[]; buckets: { bucket: string; payments: number }[] }> {
    const rows = (await client.query<TimelinessRecord>(TIMELINESS_SQL, [...windowParams(w), today]))
      .rows;
    const buckets = (
      await client.query<{ bucket: string; payments: number }>(
        TIMELINESS_DISTRIBUTION_SQL,
        windowParams(w),
      )
    ).rows;
    return { rows, buckets };
  }

  async parking(
    client: PoolClient,
    w: FactWindow,
    inactiveBefore: string,
  ): Promise<ParkingRecord[]> {
    return (await client.query<ParkingRecord>(PARKING_SQL, [...windowParams(w), inactiveBefore]))
      .rows;
  }

  async performance(client: PoolClient, w: FactWindow): Promise<PerformanceRecord[]> {
    return (await client.query<PerformanceRecord>(PERFORMANCE_SQL, windowParams(w))).rows;
  }
}
