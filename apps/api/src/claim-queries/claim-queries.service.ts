// Query threads: a prime or commissioner queries a claim (the transition opens
// the thread, ClaimsService), the other side answers with messages, and the
// party that raised it resolves it. Every message and resolution is audited.
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { ClaimQueryError } from './claim-queries.errors';
import { ClaimQueriesRepository, type ClaimQueryRow } from './claim-queries.repository';

@Injectable()
export class ClaimQueriesService {
  constructor(
    private readonly queries: ClaimQueriesRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Opens a query thread on a claim sent back with a reason, in the caller's transaction (the reason is its first message). */
  async openThread(
    client: PoolClient,
    claim: { id: string; programmeId: string; primeContractId: string },
    thread: { subject: string; raisedByUserId: string },
  ): Promise<string> {
    return this.queries.insertThread(client, claim, thread);
  }

  async listForClaim(principal: Principal, claimId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      if (!(await this.queries.isClaimVisible(client, principal.organisationId, claimId))) {
        throw new AppError(
          CommonError.NOT_FOUND,
          'No claim with that id is visible to your organisation.',
        );
      }
      return this.withMessages(client, await this.queries.listForClaim(client, claimId));
    });
  }

  async postMessage(principal: Principal, queryId: string, body: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const query = await this.openQuery(client, principal, queryId);
      const messageId = await this.queries.insertMessage(client, query.id, {
        authorUserId: principal.userId!,
        body,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim-query.message',
        entityType: 'claim_query',
        entityId: query.id,
        programmeId: query.programmeId,
        data: { claimId: query.claimId, messageId },
      });
      return (await this.withMessages(client, [query]))[0]!;
    });
  }

  async resolve(principal: Principal, queryId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const query = await this.openQuery(client, principal, queryId);
      if (query.raisedByOrganisationId !== principal.organisationId) {
        throw new AppError(
          ClaimQueryError.NOT_RAISED_BY_YOU,
          'Only the organisation that raised the query can resolve it; answer it with a message instead.',
        );
      }
      await this.queries.resolve(client, query.id);
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim-query.resolve',
        entityType: 'claim_query',
        entityId: query.id,
        programmeId: query.programmeId,
        data: { claimId: query.claimId },
      });
      return (
        await this.withMessages(client, [
          (await this.queries.findVisible(client, principal.organisationId, query.id))!,
        ])
      )[0]!;
    });
  }

  private async openQuery(
    client: PoolClient,
    principal: Principal,
    queryId: string,
  ): Promise<ClaimQueryRow> {
    const query = await this.queries.findVisible(client, principal.organisationId, queryId, {
      forUpdate: true,
    });
    if (!query)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No query with that id is visible to your organisation.',
      );
    if (query.resolvedAt)
      throw new AppError(
        ClaimQueryError.RESOLVED,
        `The query was resolved at ${query.resolvedAt.toISOString()}.`,
      );
    return query;
  }

  private async withMessages(client: PoolClient, threads: ClaimQueryRow[]) {
    const messages = await this.queries.messagesOf(
      client,
      threads.map((t) => t.id),
    );
    return threads.map((thread) => ({
      ...thread,
      raisedAt: thread.raisedAt.toISOString(),
      resolvedAt: thread.resolvedAt?.toISOString() ?? null,
      messages: messages
        .filter((m) => m.claimQueryId === thread.id)
        .map(({ claimQueryId: _thread, ...m }) => ({ ...m, sentAt: m.sentAt.toISOString() })),
    }));
  }
}
