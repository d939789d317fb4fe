// Due diligence: the prime records what it checked about a subcontractor
// (registration, insurance, safeguarding, its own quality checks) with expiry
// dates; both sides see each record's expiry state against today.
import { Inject, Injectable } from '@nestjs/common';
import { expiryStatus } from '@waymark/domain';
import { type Pool } from 'pg';
import { type z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { type DueDiligenceRecordView, type RecordDueDiligenceBody } from './due-diligence.dto';
import { type DueDiligenceRow, DueDiligenceRepository } from './due-diligence.repository';
import { SupplyChainRepository } from './supply-chain.repository';

type View = z.infer<typeof DueDiligenceRecordView>;

@Injectable()
export class DueDiligenceService {
  constructor(
    private readonly records: DueDiligenceRepository,
    private readonly organisations: SupplyChainRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async list(principal: Principal, subcontractorId: string | undefined): Promise<View[]> {
    return withPartyScope(this.pool, principal, async (client) =>
      (await this.records.list(client, principal.organisationId, subcontractorId ?? null)).map(
        (row) => this.view(row),
      ),
    );
  }

  async record(principal: Principal, input: z.infer<typeof RecordDueDiligenceBody>): Promise<View> {
    if (!principal.userId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'This action must be taken by a signed-in person, not an API key.',
      );
    const userId = principal.userId;
    if (input.expiresOn !== undefined && input.expiresOn < input.checkedOn) {
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        'body.expiresOn: must be on or after the day it was checked',
        [{ field: 'body.expiresOn', message: 'must be on or after checkedOn' }],
      );
    }
    return withPartyScope(this.pool, principal, async (client) => {
      if (!(await this.organisations.isSubcontractorOrganisation(client, input.subcontractorId))) {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'body.subcontractorId: is not a subcontractor organisation',
          [{ field: 'body.subcontractorId', message: 'is not a subcontractor organisation' }],
        );
      }
      const id = await this.records.insert(client, {
        primeId: principal.organisationId,
        subcontractorId: input.subcontractorId,
        kind: input.kind,
        title: input.title,
        reference: input.reference ?? null,
        checkedOn: input.checkedOn,
        expiresOn: input.expiresOn ?? null,
        notes: input.notes ?? null,
        userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'due-diligence.record',
        entityType: 'due_diligence_record',
        entityId: id,
        data: {
          subcontractorId: input.subcontractorId,
          kind: input.kind,
          checkedOn: input.checkedOn,
          expiresOn: input.expiresOn ?? null,
        },
      });
      return this.view((await this.records.find(client, id))!);
    });
  }

  private view(row: DueDiligenceRow): View {
    const { status, daysLeft } = expiryStatus({
      expiresOn: row.expiresOn,
      today: this.clock.today(),
    });
    return {
      id: row.id,
      prime: { id: row.primeId, name: row.primeName },
      subcontractor: { id: row.subcontractorId, name: row.subcontractorName },
      kind: row.kind,
      title: row.title,
      reference: row.reference,
      checkedOn: row.checkedOn,
      expiresOn: row.expiresOn,
      expiry: status,
      daysLeft,
      notes: row.notes,
      recordedBy: row.recordedBy,
      recordedAt: row.recordedAt.toISOString(),
    };
  }
}
