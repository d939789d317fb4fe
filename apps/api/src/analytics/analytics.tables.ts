// Each dashboard's rows as a flat table for CSV / XLSX export: the same
// fields the JSON rows carry, in the same order.
import { type z } from 'zod';
import {
  type FlowDown,
  type Parking,
  type Performance,
  type Spend,
  type Timeliness,
} from './analytics.dto';
import { type Cell, type Table } from './tabular-export';

function tableOf<T extends object>(name: string, rows: T[], columns: (keyof T & string)[]): Table {
  return {
    name,
    columns,
    rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c, (row[c] ?? null) as Cell]))),
  };
}

export const spendTable = (spend: z.infer<typeof Spend>): Table =>
  tableOf(`spend-by-${spend.by}`, spend.rows, [
    'month',
    'key',
    'label',
    'remittedPence',
    'passedDownPence',
    'managementFeePence',
  ]);

export const flowDownTable = (
  flowDown: z.infer<typeof FlowDown>,
  view: 'summary' | 'trend',
): Table =>
  view === 'trend'
    ? tableOf('flow-down-trend', flowDown.trend, [
        'month',
        'primeContractId',
        'subcontractorId',
        'subcontractorName',
        'referrals',
        'chainReferrals',
        'passedDownPence',
        'remittedPence',
      ])
    : tableOf('flow-down', flowDown.rows, [
        'primeContractId',
        'primeContractReference',
        'subcontractorId',
        'subcontractorName',
        'plannedReferralShareBp',
        'referrals',
        'chainReferrals',
        'promisedReferrals',
        'actualReferralShareBp',
        'referralRatioBp',
        'plannedSpendShareBp',
        'passedDownPence',
        'remittedPence',
        'promisedSpendPence',
        'actualSpendShareBp',
        'spendRatioBp',
        'isBelowThreshold',
      ]);

export const timelinessTable = (timeliness: z.infer<typeof Timeliness>): Table =>
  tableOf('payment-timeliness', timeliness.rows, [
    'primeContractId',
    'primeContractReference',
    'subcontractId',
    'subcontractorId',
    'subcontractorName',
    'slaDays',
    'payments',
    'paidPayments',
    'latePayments',
    'unpaidOverdue',
    'lateShareBp',
    'medianDaysToPay',
    'p90DaysToPay',
    'maxDaysToPay',
  ]);

export const parkingTable = (parking: z.infer<typeof Parking>): Table =>
  tableOf('parking', parking.rows, [
    'paymentGroupId',
    'paymentGroupCode',
    'paymentGroupName',
    'jobOutcomeTariffPence',
    'providerId',
    'providerName',
    'isPrimeDelivered',
    'referrals',
    'attached',
    'contacted',
    'medianDaysToFirstContact',
    'openCaseload',
    'inactive',
    'inactiveShareBp',
    'exited',
    'exitedWithoutOutcome',
    'exitedWithoutOutcomeShareBp',
    'jobOutcomes',
    'outcomeRateBp',
    'groupOutcomeRateBp',
    'outcomeRateGapBp',
  ]);

export const performanceTable = (performance: z.infer<typeof Performance>): Table =>
  tableOf('performance', performance.rows, [
    'primeContractId',
    'primeContractReference',
    'primeName',
    'cohortMonth',
    'attached',
    'jobOutcomes',
    'outcomeRateBp',
    'minimumPerformanceLevelBp',
    'meetsMinimum',
    'outcomesShort',
  ]);
