// Retention policies per programme (set by the commissioner, the data
// controller; read by every party in it) and the runs that apply them:
// personal fields pseudonymised N years after exit / last activity, evidence
// files deleted M years after the contract ends. Claims, money, ledger and
// audit rows are never touched. The nightly job and the "run now" route share
// one code path; a dry run reports what would change and changes nothing.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { CLOCK, type Clock } from '../common/clock/clock';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { withTransaction } from '../common/db/transaction';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { JobsService } from '../common/jobs/jobs.service';
import { FILE_STORAGE, type FileStorage } from '../common/storage/file-storage';
import { DataProtectionError } from './data-protection.errors';
import { type AuditActor, Pseudonymiser } from './pseudonymiser';
import {
  type RetentionPolicyRow,
  RetentionRepository,
  type RetentionRunRow,
} from './retention.repository';
import { describeCause } from '../common/errors/infrastructure-failure';

export const RETENTION_QUEUE = 'data-protection.retention';
/** Nightly at 02:30 UTC, after the day's work and before the working day. */
const RETENTION_CRON = '30 2 * * *';

function toPolicyView(programmeId: string, row: RetentionPolicyRow | undefined) {
  return {
    programmeId,
    isSet: row !== undefined,
    personalDataYearsAfterExit: row?.personalDataYearsAfterExit ?? null,
    evidenceYearsAfterContractEnd: row?.evidenceYearsAfterContractEnd ?? null,
    notes: row?.notes ?? null,
    setByUserId: row?.setByUserId ?? null,
    setAt: row?.setAt.toISOString() ?? null,
  };
}

export function toRunView(row: RetentionRunRow) {
  return {
    id: row.id,
    programmeId: row.programmeId,
    trigger: row.trigger,
    isDryRun: row.isDryRun,
    asOf: row.asOf,
    personalDataYears: row.personalDataYears,
    evidenceYears: row.evidenceYears,
    participantsPseudonymised: row.participantsPseudonymised,
    evidenceFilesPurged: row.evidenceFilesPurged,
    triggeredByUserId: row.triggeredByUserId,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly retention: RetentionRepository,
    private readonly pseudonymiser: Pseudonymiser,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(RETENTION_QUEUE, () => this.runScheduled(), {
      cron: RETENTION_CRON,
      policy: 'singleton',
      expireInSeconds: 60 * 60,
      retryLimit: 1,
    });
  }

  async getPolicy(principal: Principal, programmeId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      await this.findProgrammeOrThrow(client, programmeId);
      return toPolicyView(programmeId, await this.retention.findPolicy(client, programmeId));
    });
  }

  async setPolicy(
    principal: Principal,
    programmeId: string,
    input: {
      personalDataYearsAfterExit: number;
      evidenceYearsAfterContractEnd: number;
      notes?: string | undefined;
    },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      await this.findControlledProgrammeOrThrow(client, principal, programmeId);
      const before = await this.retention.findPolicy(client, programmeId);
      await this.retention.upsertPolicy(client, {
        programmeId,
        ...input,
        notes: input.notes ?? null,
        userId: principal.userId!,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'retention-policy.set',
        entityType: 'programme',
        entityId: programmeId,
        programmeId,
        data: {
          from: before
            ? {
                personalDataYearsAfterExit: before.personalDataYearsAfterExit,
                evidenceYearsAfterContractEnd: before.evidenceYearsAfterContractEnd,
              }
            : null,
          to: {
            personalDataYearsAfterExit: input.personalDataYearsAfterExit,
            evidenceYearsAfterContractEnd: input.evidenceYearsAfterContractEnd,
          },
        },
      });
      return toPolicyView(programmeId, await this.retention.findPolicy(client, programmeId));
    });
  }

  async listRuns(principal: Principal, programmeId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      await this.findControlledProgrammeOrThrow(client, principal, programmeId);
      return (await this.retention.listRuns(client, programmeId)).map(toRunView);
    });
  }

  /** "Run now" for the programme's commissioner: the same run as the nightly job, recorded with who asked. */
  async runNow(
    principal: Principal,
    programmeId: string,
    input: { dryRun: boolean; asOf?: string | undefined },
  ) {
    await withPartyScope(this.pool, principal, (client) =>
      this.findControlledProgrammeOrThrow(client, principal, programmeId),
    );
    if (!input.dryRun && input.asOf !== undefined && input.asOf !== this.clock.today()) {
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        'Only a dry run may be evaluated as of another day; a real run applies the policy as of today.',
        [{ field: 'body.asOf', message: 'is only allowed with dryRun: true' }],
      );
    }
    return this.run(programmeId, {
      trigger: 'MANUAL',
      isDryRun: input.dryRun,
      asOf: input.asOf ?? this.clock.today(),
      actor: auditActor(principal),
    });
  }

  /** The nightly job: every programme with a policy, each in its own transaction, as the system. */
  async runScheduled(): Promise<void> {
    const programmeIds = await withTransaction(this.pool, (client) =>
      this.retention.listProgrammesWithPolicy(client),
    );
    for (const programmeId of programmeIds) {
      try {
        const report = await this.run(programmeId, {
          trigger: 'SCHEDULE',
          isDryRun: false,
          asOf: this.clock.today(),
          actor: { actorUserId: null, actorOrganisationId: null },
        });
        this.logger.log(
          {
            programmeId,
            participants: report.run.participantsPseudonymised,
            evidence: report.run.evidenceFilesPurged,
          },
          'retention applied',
        );
      } catch (error) {
        // One programme's failure must not stop the others; the job is retried tomorrow.
        this.logger.error({ cause: describeCause(error), programmeId }, 'retention run failed');
      }
    }
  }

  /**
   * One run, as the table owner (system work, across the programme's whole
   * supply chain). Evidence files are deleted before their purge row is
   * written: if the transaction then fails, the next run finds the row
   * unpurged and deletes again (a no-op) — never a row marked purged over a
   * file still on disk.
   */
  private async run(
    programmeId: string,
    options: { trigger: 'SCHEDULE' | 'MANUAL'; isDryRun: boolean; asOf: string; actor: AuditActor },
  ) {
    return withTransaction(this.pool, async (client) => {
      const policy = await this.retention.findPolicy(client, programmeId);
      if (!policy)
        throw new AppError(
          DataProtectionError.RETENTION_POLICY_NOT_SET,
          'Set the programme’s retention policy before running it.',
        );
      const years = {
        personalDataYears: policy.personalDataYearsAfterExit,
        evidenceYears: policy.evidenceYearsAfterContractEnd,
      };
      const runId = await this.retention.insertRun(client, {
        programmeId,
        trigger: options.trigger,
        isDryRun: options.isDryRun,
        asOf: options.asOf,
        ...years,
        userId: options.actor.actorUserId,
        organisationId: options.actor.actorOrganisationId,
      });
      const participants = await this.retention.listDueParticipants(client, {
        programmeId,
        years: years.personalDataYears,
        asOf: options.asOf,
      });
      const evidence = await this.retention.listDueEvidence(client, {
        programmeId,
        years: years.evidenceYears,
        asOf: options.asOf,
      });
      if (!options.isDryRun) {
        for (const participant of participants) {
          await this.pseudonymiser.pseudonymise(
            client,
            options.actor,
            { ...participant, programmeId },
            { reason: 'RETENTION', retentionRunId: runId },
          );
        }
        for (const item of evidence) {
          await this.storage.delete(item.storageKey);
          await this.retention.markEvidencePurged(client, {
            evidenceId: item.evidenceId,
            programmeId,
            primeContractId: item.primeContractId,
            retentionRunId: runId,
          });
          await this.audit.record(client, {
            ...options.actor,
            action: 'evidence.purge',
            entityType: 'evidence',
            entityId: item.evidenceId,
            programmeId,
            data: { claimId: item.claimId, sha256: item.sha256, retentionRunId: runId },
          });
        }
      }
      const run = await this.retention.finishRun(client, runId, {
        participants: participants.length,
        evidence: evidence.length,
      });
      await this.audit.record(client, {
        ...options.actor,
        action: options.isDryRun ? 'retention.dry-run' : 'retention.run',
        entityType: 'retention_run',
        entityId: runId,
        programmeId,
        data: {
          trigger: options.trigger,
          asOf: options.asOf,
          ...years,
          participants: participants.length,
          evidenceFiles: evidence.length,
        },
      });
      return {
        run: toRunView(run),
        participants: participants.map(
          ({ participantId, participantReference, clockStartsOn, dueOn }) => ({
            participantId,
            participantReference,
            clockStartsOn,
            dueOn,
          }),
        ),
        evidence: evidence.map(({ evidenceId, claimId, sha256, contractEndsOn, dueOn }) => ({
          evidenceId,
          claimId,
          sha256,
          contractEndsOn,
          dueOn,
        })),
      };
    });
  }

  private async findProgrammeOrThrow(client: PoolClient, programmeId: string) {
    const programme = await this.retention.findProgrammeForParty(client, programmeId);
    if (!programme)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No programme with that id is visible to your organisation.',
      );
    return programme;
  }

  /** Visible to the caller, and the caller is its commissioner (the controller). */
  private async findControlledProgrammeOrThrow(
    client: PoolClient,
    principal: Principal,
    programmeId: string,
  ) {
    const programme = await this.findProgrammeOrThrow(client, programmeId);
    if (programme.commissionerId !== principal.organisationId)
      throw new AppError(
        DataProtectionError.NOT_DATA_CONTROLLER,
        'Only the programme’s commissioner manages its retention.',
      );
    return programme;
  }
}
