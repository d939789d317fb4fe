// One participant's pseudonymisation with its audit event, shared by the
// retention run and an executed erasure request, so both do exactly the same.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { type PseudonymisationCause, type PseudonymisationCounts, RetentionRepository } from './retention.repository';

export interface AuditActor {
  actorUserId: string | null;
  actorOrganisationId: string | null;
}

@Injectable()
export class Pseudonymiser {
  constructor(
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
  ) {}

  async pseudonymise(client: PoolClient, actor: AuditActor, participant: { participantId: string; programmeId: string; primeContractId: string }, cause: PseudonymisationCause): Promise<PseudonymisationCounts> {
    const counts = await this.retention.pseudonymiseParticipant(client, { ...participant, cause });
    // Ids and counts only: the audit trail must never hold what was removed.
    await this.audit.record(client, {
      ...actor,
      action: 'participant.pseudonymise',
      entityType: 'participant',
      entityId: participant.participantId,
      programmeId: participant.programmeId,
      data: { ...cause, cleared: counts },
    });
    return counts;
  }
}
