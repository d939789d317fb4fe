// Erasure and rectification requests (UK GDPR Arts. 16 and 17): recorded by
// the commissioner or the prime (who hears from participants), decided by the
// commissioner as data controller — never by whoever recorded it — and
// executed with the retention run's pseudonymisation or a field correction.
// Audit events carry ids, kinds and states only: never what was asked or the
// corrected values (those stay in the request row, which the controller holds).
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { CursorPart, decodeCursor, encodeCursor } from '../common/paging/cursor';
import { DataProtectionError } from './data-protection.errors';
import { type DataSubjectRequestView } from './data-protection.dto';
import {
  allowedNextStatuses,
  canMoveDataSubjectRequest,
  type DataSubjectRequestStatus,
} from './data-subject-request-transitions';
import {
  DataSubjectRequestsRepository,
  type RequestRow,
  type TransitionRow,
} from './data-subject-requests.repository';
import { Pseudonymiser } from './pseudonymiser';
import { RetentionRepository } from './retention.repository';

function toView(row: RequestRow, transitions: TransitionRow[]): DataSubjectRequestView {
  return {
    id: row.id,
    programmeId: row.programmeId,
    primeContractId: row.primeContractId,
    participantId: row.participantId,
    participantReference: row.participantReference,
    kind: row.kind,
    status: row.status,
    receivedOn: row.receivedOn,
    description: row.description,
    lawfulBasisNotes: row.lawfulBasisNotes,
    rectification: row.rectification,
    requestedByUserId: row.requestedByUserId,
    requestedByOrganisationId: row.requestedByOrganisationId,
    requestedAt: row.requestedAt.toISOString(),
    decidedByUserId: row.decidedByUserId,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    executedByUserId: row.executedByUserId,
    executedAt: row.executedAt?.toISOString() ?? null,
    version: row.version,
    transitions: transitions.map((t) => ({ ...t, at: t.at.toISOString() })),
  };
}

function decodeListCursor(
  cursor: string | undefined,
): { requestedAt: string; id: string } | undefined {
  const key = decodeCursor(cursor, [CursorPart.instant, CursorPart.uuid]);
  return key && { requestedAt: key[0], id: key[1] };
}

@Injectable()
export class DataSubjectRequestsService {
  constructor(
    private readonly requests: DataSubjectRequestsRepository,
    private readonly retention: RetentionRepository,
    private readonly pseudonymiser: Pseudonymiser,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async create(
    principal: Principal,
    participantId: string,
    input: {
      kind: 'ERASURE' | 'RECTIFICATION';
      receivedOn: string;
      description: string;
      lawfulBasisNotes?: string | undefined;
      rectification?:
        { dateOfBirth?: string | undefined; benefitType?: string | undefined } | undefined;
    },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const participant = await this.requests.findParticipant(client, participantId);
      if (!participant)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No participant with that id is visible to your organisation.',
        );
      // A later erasure is always possible (it sweeps again: anything recorded since, free text); a correction is not.
      if (
        input.kind === 'RECTIFICATION' &&
        (await this.retention.isPseudonymised(client, participant.id))
      ) {
        throw new AppError(
          DataProtectionError.PARTICIPANT_PSEUDONYMISED,
          'This participant’s personal data has already been pseudonymised; there is nothing left to correct.',
        );
      }
      const userId = principal.userId!;
      const id = await this.requests.insert(client, {
        programmeId: participant.programmeId,
        primeContractId: participant.primeContractId,
        participantId: participant.id,
        kind: input.kind,
        receivedOn: input.receivedOn,
        description: input.description,
        lawfulBasisNotes: input.lawfulBasisNotes ?? null,
        rectification: input.rectification ?? null,
        userId,
        organisationId: principal.organisationId,
      });
      await this.requests.insertTransition(client, {
        requestId: id,
        from: null,
        to: 'REQUESTED',
        userId,
        reason: null,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'data-subject-request.create',
        entityType: 'data_subject_request',
        entityId: id,
        programmeId: participant.programmeId,
        data: {
          participantId: participant.id,
          kind: input.kind,
          receivedOn: input.receivedOn,
          fields: Object.keys(input.rectification ?? {}),
        },
      });
      return this.view(client, id);
    });
  }

  async get(principal: Principal, id: string) {
    return withPartyScope(this.pool, principal, (client) => this.view(client, id));
  }

  async list(
    principal: Principal,
    query: {
      programmeId?: string | undefined;
      status?: DataSubjectRequestStatus | undefined;
      cursor?: string | undefined;
      limit: number;
    },
  ) {
    const after = decodeListCursor(query.cursor);
    return withPartyScope(this.pool, principal, async (client) => {
      const rows = await this.requests.list(client, {
        programmeId: query.programmeId,
        status: query.status,
        after,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      return {
        dataSubjectRequests: page.map((row) => {
          const { transitions: _transitions, ...rest } = toView(row, []);
          return rest;
        }),
        nextCursor:
          rows.length > query.limit
            ? encodeCursor([
                page[page.length - 1]!.requestedAt.toISOString(),
                page[page.length - 1]!.id,
              ])
            : null,
      };
    });
  }

  async decide(principal: Principal, id: string, to: 'APPROVED' | 'REFUSED', reason: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const request = await this.findForChange(client, principal, id, to);
      // Maker ≠ checker: the database refuses it too (data_subject_request_maker_is_not_checker).
      if (request.requestedByUserId === principal.userId)
        throw new AppError(
          DataProtectionError.MAKER_CANNOT_CHECK,
          'You recorded this request; another of the commissioner’s admins must decide it.',
        );
      if (
        !(await this.requests.decide(client, {
          id,
          version: request.version,
          to,
          userId: principal.userId!,
          reason,
        }))
      ) {
        throw new AppError(
          DataProtectionError.REQUEST_VERSION_STALE,
          'The request changed while it was being decided: read it again.',
        );
      }
      await this.requests.insertTransition(client, {
        requestId: id,
        from: request.status,
        to,
        userId: principal.userId!,
        reason,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: `data-subject-request.${to === 'APPROVED' ? 'approve' : 'refuse'}`,
        entityType: 'data_subject_request',
        entityId: id,
        programmeId: request.programmeId,
        data: {
          participantId: request.participantId,
          kind: request.kind,
          from: request.status,
          to,
        },
      });
      return this.view(client, id);
    });
  }

  /** Erasure: the retention run's pseudonymisation. Rectification: the corrected fields. Money, ledger and audit rows untouched. */
  async execute(principal: Principal, id: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const request = await this.findForChange(client, principal, id, 'EXECUTED');
      const actor = auditActor(principal);
      const participant = {
        participantId: request.participantId,
        programmeId: request.programmeId,
        primeContractId: request.primeContractId,
      };
      const isPseudonymised = await this.retention.isPseudonymised(client, request.participantId);
      let outcome: Record<string, unknown>;
      if (request.kind === 'ERASURE') {
        // Already pseudonymised (by retention or an earlier erasure): the same sweep runs again, so
        // anything recorded since and any free text is cleared too, and any live referral is closed.
        outcome = {
          alreadyPseudonymised: isPseudonymised,
          cleared: await this.pseudonymiser.pseudonymise(client, actor, participant, {
            reason: 'ERASURE',
            dataSubjectRequestId: id,
          }),
        };
      } else {
        if (isPseudonymised)
          throw new AppError(
            DataProtectionError.PARTICIPANT_PSEUDONYMISED,
            'This participant has been pseudonymised since the request was made; there is nothing left to correct.',
          );
        const fields = request.rectification ?? {};
        await this.requests.rectifyParticipant(client, request.participantId, fields);
        await this.audit.record(client, {
          ...actor,
          action: 'participant.rectify',
          entityType: 'participant',
          entityId: request.participantId,
          programmeId: request.programmeId,
          data: { dataSubjectRequestId: id, fields: Object.keys(fields) },
        });
        outcome = { fields: Object.keys(fields) };
      }
      if (
        !(await this.requests.markExecuted(client, {
          id,
          version: request.version,
          userId: principal.userId!,
        }))
      ) {
        throw new AppError(
          DataProtectionError.REQUEST_VERSION_STALE,
          'The request changed while it was being executed: read it again.',
        );
      }
      await this.requests.insertTransition(client, {
        requestId: id,
        from: request.status,
        to: 'EXECUTED',
        userId: principal.userId!,
        reason: null,
      });
      await this.audit.record(client, {
        ...actor,
        action: 'data-subject-request.execute',
        entityType: 'data_subject_request',
        entityId: id,
        programmeId: request.programmeId,
        data: {
          participantId: request.participantId,
          kind: request.kind,
          from: request.status,
          to: 'EXECUTED',
          ...outcome,
        },
      });
      return this.view(client, id);
    });
  }

  /** Visible (else 404), the caller is the controller (else 403), and the move is allowed from here (else 409). */
  private async findForChange(
    client: PoolClient,
    principal: Principal,
    id: string,
    to: DataSubjectRequestStatus,
  ): Promise<RequestRow> {
    const request = await this.requests.find(client, id, { forUpdate: true });
    if (!request)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No data subject request with that id is visible to your organisation.',
      );
    if (request.commissionerId !== principal.organisationId)
      throw new AppError(
        DataProtectionError.NOT_DATA_CONTROLLER,
        'Only the programme’s commissioner (the data controller) decides and executes requests.',
      );
    if (!canMoveDataSubjectRequest(request.status, to)) {
      throw new AppError(
        DataProtectionError.REQUEST_TRANSITION_NOT_ALLOWED,
        `A ${request.status} request cannot become ${to}.`,
        [],
        {},
        { allowedTransitions: allowedNextStatuses(request.status) },
      );
    }
    return request;
  }

  private async view(client: PoolClient, id: string): Promise<DataSubjectRequestView> {
    const row = await this.requests.find(client, id);
    if (!row)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No data subject request with that id is visible to your organisation.',
      );
    return toView(row, await this.requests.listTransitions(client, id));
  }
}
