import { Inject, Injectable } from '@nestjs/common';
import { REFERRAL_STATUSES } from '@waymark/domain';
import { stringify } from 'csv-stringify/sync';
import { type Pool } from 'pg';
import { type z } from 'zod';
import { type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { neutraliseFormula } from '../common/csv/neutralise-formula';
import { CommonError } from '../common/errors/error-codes';
import { type Caseload, type CaseloadFilters, type CaseloadSortKey } from './caseload.dto';
import { CaseloadRepository, type CaseloadRow, type Keyset } from './caseload.repository';

const EXPORT_LIMIT = 50_000;
const EXPORT_PAGE = 1_000;

function encodeCursor(sort: string, row: CaseloadRow): string {
  return Buffer.from(JSON.stringify({ s: sort, v: row.sortValue, i: row.referralId })).toString(
    'base64url',
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SORT_VALUE_FORMATS: Record<CaseloadSortKey, (value: string) => boolean> = {
  receivedAt: (value) =>
    /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(value),
  status: (value) => (REFERRAL_STATUSES as readonly string[]).includes(value),
  paymentGroup: (value) => value.length <= 40,
  subcontract: (value) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value),
  lastContact: (value) =>
    value === '-infinity' || (DAY.test(value) && !Number.isNaN(Date.parse(value))),
  lastActivity: (value) => DAY.test(value) && !Number.isNaN(Date.parse(value)),
};

/** The key's value as SQL will cast it: a tampered cursor is a 400, never a failed cast. */
function isSortValue(sort: string, value: string): boolean {
  const key = (sort.startsWith('-') ? sort.slice(1) : sort) as CaseloadSortKey;
  return SORT_VALUE_FORMATS[key](value);
}

/** A cursor continues the sort it was issued for; its value is cast in SQL, so it is checked to be short plain text here. */
function decodeCursor(cursor: string | undefined, sort: string): Keyset | null {
  if (!cursor) return null;
  try {
    const { s, v, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      s?: unknown;
      v?: unknown;
      i?: unknown;
    };
    if (
      s === sort &&
      typeof v === 'string' &&
      isSortValue(sort, v) &&
      typeof i === 'string' &&
      /^[0-9a-f-]{36}$/.test(i)
    )
      return { value: v, id: i };
  } catch {
    // fall through
  }
  throw new AppError(
    CommonError.VALIDATION_FAILED,
    'query.cursor: is not a cursor this API issued for this sort',
    [{ field: 'query.cursor', message: 'is not a cursor this API issued for this sort' }],
  );
}

const toItem = (row: CaseloadRow) => ({
  referralId: row.referralId,
  participantReference: row.participantReference,
  status: row.status,
  paymentGroup: row.paymentGroup,
  paymentGroupName: row.paymentGroupName,
  primeContractId: row.primeContractId,
  subcontractId: row.subcontractId,
  receivedAt: row.receivedAt.toISOString(),
  lastActivityOn: row.lastActivityOn,
  lastContactOn: row.lastContactOn,
  daysSinceLastActivity: row.daysSinceLastActivity,
});

@Injectable()
export class CaseloadService {
  constructor(
    private readonly caseload: CaseloadRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(principal: Principal, filters: CaseloadFilters): Promise<z.infer<typeof Caseload>> {
    const cap = this.config.listCountCap;
    if (filters.cursor && filters.page)
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        'query.page: cannot be used with a cursor',
        [{ field: 'query.page', message: 'cannot be used with a cursor' }],
      );
    const offset = filters.page ? (filters.page - 1) * filters.limit : 0;
    // Pages stop where the count stops: beyond the cap, narrow the filter (or follow the cursor).
    if (offset >= cap) {
      const message = `pages reach only the first ${cap.toLocaleString('en-GB')} referrals of a filter; narrow the filter or follow nextCursor`;
      throw new AppError(CommonError.VALIDATION_FAILED, `query.page: ${message}`, [
        { field: 'query.page', message },
      ]);
    }
    const after = decodeCursor(filters.cursor, filters.sort);
    const slice = { kind: principal.organisationKind, organisationId: principal.organisationId };
    const [rows, counted, paymentGroups] = await Promise.all([
      this.caseload.pageInOwnScope(this.pool, principal, {
        ...slice,
        filters,
        after,
        offset,
        limit: filters.limit + 1,
      }),
      this.caseload.countInOwnScope(this.pool, principal, { ...slice, filters, cap }),
      this.caseload.paymentGroupsInOwnScope(this.pool, principal),
    ]);
    const page = rows.slice(0, filters.limit);
    const last = page[page.length - 1];
    return {
      referrals: page.map(toItem),
      nextCursor: rows.length > filters.limit && last ? encodeCursor(filters.sort, last) : null,
      total: Math.min(counted, cap),
      isTotalCapped: counted > cap,
      paymentGroups,
    };
  }

  /** The filtered caseload as CSV (up to 50,000 rows), read in keyset pages inside one snapshot. */
  async exportCsv(principal: Principal, filters: CaseloadFilters): Promise<string> {
    return withPartyScope(this.pool, principal, async (client) => {
      const slice = { kind: principal.organisationKind, organisationId: principal.organisationId };
      const header = [
        'referralId',
        'participantReference',
        'status',
        'paymentGroup',
        'paymentGroupName',
        'primeContractId',
        'subcontractId',
        'receivedAt',
        'lastActivityOn',
        'lastContactOn',
        'daysSinceLastActivity',
      ];
      const records: string[][] = [];
      let after = decodeCursor(filters.cursor, filters.sort);
      while (records.length < EXPORT_LIMIT) {
        const rows = await this.caseload.page(client, {
          ...slice,
          filters,
          after,
          limit: EXPORT_PAGE,
        });
        for (const row of rows) {
          const item = toItem(row);
          records.push(
            header.map((key) => neutraliseFormula(String(item[key as keyof typeof item] ?? ''))),
          );
        }
        const last = rows[rows.length - 1];
        if (rows.length < EXPORT_PAGE || !last) break;
        after = { value: last.sortValue, id: last.referralId };
      }
      return stringify([header, ...records.slice(0, EXPORT_LIMIT)]);
    });
  }
}
