// One participant's pseudonymisation with its audit events, shared by the
// retention run and an executed erasure request, so both do exactly the same:
// the participant's live referrals end (the record is closed: nothing more is
// delivered, recorded or claimed under it; a returning person is a new
// referral and a new start), then personal fields and free text are cleared.
import { Inject, Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { CLOCK, type Clock } from '../common/clock/clock';
import {
  type PseudonymisationCause,
  type PseudonymisationCounts,
  RetentionRepository,
} from './retention.repository';

export interface AuditActor {
  actorUserId: string | null;
  actorOrganisationId: string | null;
}

@Injectable()
export class Pseudonymiser {
  constructor(
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async pseudonymise(
    client: PoolClient,
    actor: AuditActor,
    participant: { participantId: string; programmeId: string; primeContractId: string },
    cause: PseudonymisationCause,
  ): Promise<PseudonymisationCounts & { referralsClosed: number }> {
    const closed = await this.retention.closeLiveReferrals(client, {
      participantId: participant.participantId,
      cause,
      byUserId: actor.actorUserId,
      on: this.clock.today(),
    });
    for (const referral of closed) {
      await this.audit.record(client, {
        ...actor,
        action: 'referral.exit',
        entityType: 'referral',
        entityId: referral.referralId,
        programmeId: participant.programmeId,
        data: { from: referral.fromStatus, to: 'EXITED', closedBy: cause },
      });
    }
    const counts = {
      ...(await this.retention.pseudonymiseParticipant(client, { ...participant, cause })),
      referralsClosed: closed.length,
    };
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
