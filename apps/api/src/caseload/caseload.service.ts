import { Inject, Injectable } from '@nestjs/common';
import { REFERRAL_STATUSES } from '@waymark/domain';
import { stringify } from 'csv-stringify/sync';
import { type Pool } from 'pg';
import { z } from 'zod';
import { type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { type SqlStatement } from '../common/db/as-one-statement';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { neutraliseFormula } from '../common/csv/neutralise-formula';
import { CursorPart, decodeCursor, encodeCursor } from '../common/paging/cursor';
import { listOffset, takePage } from '../common/paging/list-paging';
import { type Caseload, type CaseloadFilters, type CaseloadSortKey } from './caseload.dto';
import { CaseloadRepository, type CaseloadRow, type Keyset } from './caseload.repository';

const EXPORT_LIMIT = 50_000;
const EXPORT_PAGE = 1_000;

// The key's value as SQL will cast it: a tampered cursor is a 400, never a failed cast.
const SORT_VALUE_FORMATS: Record<CaseloadSortKey, (value: string) => boolean> = {
  receivedAt: (value) => CursorPart.instant.safeParse(value).success,
  status: (value) => (REFERRAL_STATUSES as readonly string[]).includes(value),
  paymentGroup: (value) => value.length <= 40,
  subcontract: (value) => CursorPart.uuid.safeParse(value).success,
  lastContact: (value) => value === '-infinity' || CursorPart.day.safeParse(value).success,
  lastActivity: (value) => CursorPart.day.safeParse(value).success,
};

/** A cursor continues the sort it was issued for: [sort, the sort key's value as text, referral id]. */
function decodeKeyset(cursor: string | undefined, sort: string): Keyset | null {
  const key = (sort.startsWith('-') ? sort.slice(1) : sort) as CaseloadSortKey;
  const parts = decodeCursor(
    cursor,
    [
      z.literal(sort),
      z.string().refine((value) => SORT_VALUE_FORMATS[key](value)),
      CursorPart.uuid,
    ],
    { issuedFor: 'this sort' },
  );
  return parts ? { value: parts[1], id: parts[2] } : null;
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
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The dashboard's "inactive participants" figure as a statement (the dashboard sends it): the size of the caseload list it links to. */
  countInactiveAttached(subcontractIds: string, days: number, today: string): SqlStatement {
    return this.caseload.countInactiveAttached(subcontractIds, days, today);
  }

  async list(principal: Principal, filters: CaseloadFilters): Promise<z.infer<typeof Caseload>> {
    const cap = this.config.listCountCap;
    const offset = listOffset(filters, { cursorFollowsSort: true });
    // Pages stop where the count stops: beyond the cap, narrow the filter (or follow the cursor).
    if (offset >= cap) {
      const message = `pages reach only the first ${cap.toLocaleString('en-GB')} referrals of a filter; narrow the filter or follow nextCursor`;
      throw new AppError(CommonError.VALIDATION_FAILED, `query.page: ${message}`, [
        { field: 'query.page', message },
      ]);
    }
    const after = decodeKeyset(filters.cursor, filters.sort);
    const slice = { kind: principal.organisationKind, organisationId: principal.organisationId };
    const { rows, counted, paymentGroups } = await this.caseload.listInOwnScope(
      this.pool,
      principal,
      {
        ...slice,
        filters,
        after,
        offset,
        limit: filters.limit + 1,
        cap,
        today: this.clock.today(),
      },
    );
    const { page, nextCursor } = takePage(rows, filters.limit, (last) =>
      encodeCursor([filters.sort, last.sortValue, last.referralId]),
    );
    return {
      referrals: page.map(toItem),
      nextCursor,
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
      let after = decodeKeyset(filters.cursor, filters.sort);
      const today = this.clock.today(); // one day for the whole export, however long it reads
      while (records.length < EXPORT_LIMIT) {
        const rows = await this.caseload.page(client, {
          ...slice,
          filters,
          after,
          limit: EXPORT_PAGE,
          today,
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
