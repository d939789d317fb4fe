// Browsing the audit trail: per organisation (filtered, paged with totals,
// exportable as CSV) and per record (a claim's or a referral's whole story).
// Scope, decided conservatively (docs/operations.md "Audit trail"):
//   platform                 every event
//   commissioner             events in its programmes, and its own people's
//   prime, subcontractor,    its own people's events only — a prime does not
//   referral partner         browse its subcontractors' people (their own audit is theirs)
//   one record               every event about a claim or referral the caller
//                            may see (ClaimsService / ReferralsService decide; else 404)
// The reads run in the caller's party scope, so records are described in words
// only where row-level security shows them; the platform reads as the owner.
import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { type Pool, type PoolClient } from 'pg';
import { ClaimsService } from '../claims/claims.service';
import { type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { withTransaction } from '../common/db/transaction';
import { ReferralsService } from '../referrals/referrals.service';
import { neutraliseFormula } from '../common/csv/neutralise-formula';
import {
  describeAuditAction,
  describeRecordType,
  knownAuditActions,
  knownRecordTypes,
} from '@waymark/domain';
import { type AuditEvent, type AuditEventQuery, type AuditExportQuery } from './audit-trail.dto';
import {
  type AuditEventRow,
  type AuditScope,
  AuditTrailRepository,
} from './audit-trail.repository';

const CSV_PAGE = 5000;
const CSV_HEADER = [
  'occurred_at',
  'actor',
  'actor_organisation',
  'action',
  'action_code',
  'record_type',
  'record',
  'record_id',
  'programme',
  'reason',
  'actor_user_id',
  'actor_organisation_id',
  'seq',
];

function scopeWords(scope: AuditScope): string {
  switch (scope.kind) {
    case 'ALL':
      return 'Every event in Waymark.';
    case 'COMMISSIONER':
      return 'Events in the programmes you commission, and everything your own people did.';
    case 'OWN':
      return 'Everything people in your organisation did.';
    case 'RECORD':
      return `Every event about this ${describeRecordType(scope.entityType).toLowerCase()}.`;
  }
}

function reasonOf(data: Record<string, unknown>): string | null {
  for (const key of ['reason', 'note'])
    if (typeof data[key] === 'string' && data[key] !== '') return data[key];
  return null;
}

function toEvent(row: AuditEventRow): AuditEvent {
  return {
    ...row,
    occurredAt: row.occurredAt.toISOString(),
    description: describeAuditAction(row.action),
    recordType: describeRecordType(row.entityType),
    reason: reasonOf(row.data),
  };
}

@Injectable()
export class AuditTrailService {
  constructor(
    private readonly trail: AuditTrailRepository,
    private readonly claims: ClaimsService,
    private readonly referrals: ReferralsService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async browse(principal: Principal, query: AuditEventQuery) {
    const scope = scopeFor(principal);
    return this.read(principal, async (client) => {
      const [rows, total] = await Promise.all([
        this.trail.page(client, scope, query, {
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        this.trail.count(client, scope, query),
      ]);
      return {
        events: rows.map(toEvent),
        total,
        page: query.page,
        pageSize: query.pageSize,
        scope: scopeWords(scope),
      };
    });
  }

  async recordTrail(
    principal: Principal,
    record: { entityType: 'claim' | 'referral'; entityId: string },
    page: { page: number; pageSize: number },
  ) {
    const scope: AuditScope = { kind: 'RECORD', ...record };
    return this.read(principal, async (client) => {
      if (record.entityType === 'claim')
        await this.claims.findVisibleClaim(client, principal, record.entityId);
      else await this.referrals.findVisibleOrThrow(client, principal, record.entityId);
      const rows = await this.trail.page(
        client,
        scope,
        {},
        { offset: (page.page - 1) * page.pageSize, limit: page.pageSize },
      );
      const total = await this.trail.count(client, scope, {});
      return {
        events: rows.map(toEvent),
        total,
        page: page.page,
        pageSize: page.pageSize,
        scope: scopeWords(scope),
      };
    });
  }

  /** Every matching event as CSV, oldest first: ISO instants, names beside ids, each text cell through the formula-injection guard. */
  async exportCsv(principal: Principal, query: AuditExportQuery): Promise<string> {
    const scope = scopeFor(principal);
    const lines: string[][] = [CSV_HEADER];
    await this.read(principal, async (client) => {
      let afterSeq = '0';
      for (;;) {
        const rows = await this.trail.after(client, scope, query, afterSeq, CSV_PAGE);
        for (const row of rows) {
          const event = toEvent(row);
          lines.push(
            [
              event.occurredAt,
              event.actorName ?? 'System',
              event.actorOrganisationName ?? '',
              event.description,
              event.action,
              event.recordType,
              event.record ?? '',
              event.entityId,
              event.programmeName ?? '',
              event.reason ?? '',
              event.actorUserId ?? '',
              event.actorOrganisationId ?? '',
              event.seq,
            ].map(neutraliseFormula),
          );
        }
        if (rows.length < CSV_PAGE) return;
        afterSeq = rows[rows.length - 1]!.seq;
      }
    });
    return stringify(lines);
  }

  async vocabulary(principal: Principal) {
    const actors = await this.read(principal, (client) =>
      this.trail.actors(client, scopeFor(principal), 500),
    );
    return { actions: knownAuditActions(), recordTypes: knownRecordTypes(), actors };
  }

  /** The platform reads as the owner (it sees everything); everyone else in their party scope. */
  private read<T>(principal: Principal, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return principal.organisationKind === 'PLATFORM'
      ? withTransaction(this.pool, work)
      : withPartyScope(this.pool, principal, work);
  }
}

function scopeFor(principal: Principal): AuditScope {
  switch (principal.organisationKind) {
    case 'PLATFORM':
      return { kind: 'ALL' };
    case 'COMMISSIONER':
      return { kind: 'COMMISSIONER', organisationId: principal.organisationId };
    case 'PRIME':
    case 'SUBCONTRACTOR':
    case 'REFERRAL_PARTNER':
      return { kind: 'OWN', organisationId: principal.organisationId };
  }
}
