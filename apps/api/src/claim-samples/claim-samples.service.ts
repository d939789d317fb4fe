// Sampling and clawback (DWP's method): the commissioner draws a reproducible
// sample (drawSample, stored seed) of a prime contract's APPROVED and PAID
// claims for a period, records each evidence check, and on closing the failure
// rate by value is extrapolated to the population (extrapolateRecovery) and
// charged to its claims as clawbacks (apportionClawback). A PAID claim
// recovered in full moves to CLAWED_BACK.
import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { drawSample, extrapolateRecovery } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { ClaimsService } from '../claims/claims.service';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { apportionClawback } from './apportion-clawback';
import { ClaimSampleError } from './claim-samples.errors';
import { ClaimSamplesRepository, type SampleRow } from './claim-samples.repository';

@Injectable()
export class ClaimSamplesService {
  constructor(
    private readonly samples: ClaimSamplesRepository,
    private readonly claims: ClaimsService,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async draw(
    principal: Principal,
    input: {
      primeContractId: string;
      periodStart: string;
      periodEnd: string;
      size: number;
      seed?: number;
    },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.samples.findCommissionedContract(
        client,
        principal.organisationId,
        input.primeContractId,
      );
      if (!contract)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No prime contract with that id is in a programme you commission.',
        );
      const period = { start: input.periodStart, end: input.periodEnd };
      const population = await this.samples.population(client, contract.id, period);
      if (population.length === 0)
        throw new AppError(
          ClaimSampleError.EMPTY_POPULATION,
          `No APPROVED or PAID claims with a milestone between ${period.start} and ${period.end}.`,
        );
      if (input.size > population.length) {
        throw new AppError(
          ClaimSampleError.SIZE_TOO_LARGE,
          `Cannot sample ${input.size} claims from a population of ${population.length}.`,
          [{ field: 'body.size', message: `at most ${population.length}` }],
        );
      }
      const seed = input.seed ?? randomInt(0, 2 ** 32);
      const sampledIds = drawSample({
        seed,
        populationIds: population.map((c) => c.claimId),
        size: input.size,
      });
      const id = await this.samples.insertSample(client, {
        programmeId: contract.programmeId,
        primeContractId: contract.id,
        seed,
        drawnByUserId: principal.userId!,
        period,
        population,
        sampledIds,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim-sample.draw',
        entityType: 'claim_sample',
        entityId: id,
        programmeId: contract.programmeId,
        data: {
          primeContractId: contract.id,
          period,
          seed,
          populationSize: population.length,
          sampledIds,
        },
      });
      return this.detail(client, principal, id);
    });
  }

  async get(principal: Principal, sampleId: string) {
    return withPartyScope(this.pool, principal, (client) =>
      this.detail(client, principal, sampleId),
    );
  }

  async recordCheck(
    principal: Principal,
    sampleId: string,
    claimId: string,
    check: { outcome: 'PASSED' | 'FAILED'; note: string },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const sample = await this.openSample(client, principal, sampleId);
      if (
        !(await this.samples.recordItem(client, sample.id, claimId, {
          ...check,
          userId: principal.userId!,
        }))
      ) {
        throw new AppError(CommonError.NOT_FOUND, 'That claim is not in this sample.');
      }
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim-sample.check',
        entityType: 'claim_sample',
        entityId: sample.id,
        programmeId: sample.programmeId,
        data: { claimId, ...check },
      });
      return this.detail(client, principal, sample.id);
    });
  }

  async close(principal: Principal, sampleId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const sample = await this.openSample(client, principal, sampleId);
      const population = (await this.samples.populationOf(client, sample.id)).map((c) => ({
        claimId: c.claimId,
        amountPence: BigInt(c.amountPence),
        outcome: c.outcome,
      }));
      const pending = population.filter((c) => c.outcome === 'PENDING');
      if (pending.length > 0) {
        throw new AppError(
          ClaimSampleError.NOT_COMPLETE,
          `${pending.length} sampled claim(s) are not checked yet.`,
          pending.map((c) => ({ field: `items.${c.claimId}`, message: 'is PENDING' })),
        );
      }
      const sum = (list: typeof population) => list.reduce((total, c) => total + c.amountPence, 0n);
      const sampled = population.filter((c) => c.outcome !== null);
      const sampledValuePence = sum(sampled);
      const failedValuePence = sum(sampled.filter((c) => c.outcome === 'FAILED'));
      const populationValuePence = sum(population);
      // A sample of zero-value claims says nothing about the rest: nothing to extrapolate.
      const { recoveryPence, explanation } =
        sampledValuePence > 0n
          ? extrapolateRecovery({
              sampledFailedValuePence: failedValuePence,
              sampledValuePence,
              populationValuePence,
            })
          : {
              recoveryPence: 0n,
              explanation: 'the sampled claims have no value; nothing to extrapolate',
            };
      await this.samples.insertRecovery(client, sample, {
        sampledValuePence,
        failedValuePence,
        populationValuePence,
        recoveryPence,
        explanation,
        closedByUserId: principal.userId!,
      });

      const shares = apportionClawback({
        population: population.map((c) => ({
          claimId: c.claimId,
          amountPence: c.amountPence,
          sampleOutcome: c.outcome === 'PENDING' ? null : c.outcome,
        })),
        recoveryPence,
      });
      const clawbacks = [...shares].map(([claimId, amountPence]) => {
        const outcome = population.find((c) => c.claimId === claimId)?.outcome;
        const reason =
          outcome === 'FAILED'
            ? `failed evidence check in sample ${sample.id}`
            : `share of the recovery extrapolated from sample ${sample.id} (${explanation})`;
        return { claimId, amountPence, reason };
      });
      if (clawbacks.length > 0)
        await this.samples.insertClawbacks(client, sample, clawbacks, principal.userId!);
      for (const clawback of clawbacks) {
        const claim = await this.claims.findVisibleClaim(client, principal, clawback.claimId, {
          forUpdate: true,
        });
        if (claim.status === 'PAID' && clawback.amountPence >= BigInt(claim.amountPence)) {
          await this.claims.applyTransition(
            client,
            principal,
            claim,
            'CLAWED_BACK',
            clawback.reason,
            'sampling',
          );
        }
      }
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim-sample.close',
        entityType: 'claim_sample',
        entityId: sample.id,
        programmeId: sample.programmeId,
        data: {
          recoveryPence: String(recoveryPence),
          explanation,
          clawbacks: clawbacks.map((c) => ({
            claimId: c.claimId,
            amountPence: String(c.amountPence),
          })),
        },
      });
      return this.detail(client, principal, sample.id);
    });
  }

  private async openSample(
    client: PoolClient,
    principal: Principal,
    sampleId: string,
  ): Promise<SampleRow> {
    const sample = await this.samples.findVisible(client, principal.organisationId, sampleId, {
      forUpdate: true,
    });
    if (!sample || principal.organisationKind !== 'COMMISSIONER')
      throw new AppError(
        CommonError.NOT_FOUND,
        'No sample with that id is visible to your organisation.',
      );
    if (sample.closedAt)
      throw new AppError(
        ClaimSampleError.CLOSED,
        `The sample was closed at ${sample.closedAt.toISOString()}.`,
      );
    return sample;
  }

  private async detail(client: PoolClient, principal: Principal, sampleId: string) {
    const sample = await this.samples.findVisible(client, principal.organisationId, sampleId);
    if (!sample)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No sample with that id is visible to your organisation.',
      );
    const items = await this.samples.items(client, sample.id);
    const clawbacks = await this.samples.clawbacksOf(client, sample.id);
    return {
      id: sample.id,
      primeContractId: sample.primeContractId,
      periodStart: sample.periodStart,
      periodEnd: sample.periodEnd,
      seed: Number(sample.seed),
      populationSize: sample.populationSize,
      populationValuePence: sample.populationValuePence,
      sampleSize: sample.sampleSize,
      drawnAt: sample.drawnAt.toISOString(),
      items: items.map((item) => ({
        claimId: item.claimId,
        amountPence: item.amountPence,
        outcome: item.outcome,
        note: item.note,
        checkedAt: item.checkedAt?.toISOString() ?? null,
      })),
      recovery:
        sample.closedAt && sample.recoveryPence !== null
          ? {
              sampledValuePence: sample.sampledValuePence!,
              failedValuePence: sample.failedValuePence!,
              recoveryPence: sample.recoveryPence,
              explanation: sample.explanation!,
              closedAt: sample.closedAt.toISOString(),
            }
          : null,
      clawbacks,
    };
  }
}
