// Samples of claims for evidence checks, the population they were drawn from,
// the recovery when closed, and the clawbacks it is charged as.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface SampleRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  populationSize: number;
  sampleSize: number;
  seed: string;
  drawnByUserId: string;
  drawnAt: Date;
  periodStart: string;
  periodEnd: string;
  populationValuePence: string;
  recoveryPence: string | null;
  sampledValuePence: string | null;
  failedValuePence: string | null;
  explanation: string | null;
  closedAt: Date | null;
}

@Injectable()
export class ClaimSamplesRepository {
  async findCommissionedContract(
    client: PoolClient,
    organisationId: string,
    primeContractId: string,
  ): Promise<{ id: string; programmeId: string } | undefined> {
    const { rows } = await client.query<{ id: string; programmeId: string }>(
      `SELECT pc.id, pc.programme_id AS "programmeId" FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.id = $1 AND p.commissioner_id = $2`,
      [primeContractId, organisationId],
    );
    return rows[0];
  }

  /** APPROVED and PAID claims of the contract whose milestone fell in the period. */
  async population(
    client: PoolClient,
    primeContractId: string,
    period: { start: string; end: string },
  ) {
    const { rows } = await client.query<{ claimId: string; amountPence: string }>(
      `SELECT id AS "claimId", amount_pence::text AS "amountPence" FROM claim
       WHERE prime_contract_id = $1 AND status IN ('APPROVED', 'PAID') AND milestone_on BETWEEN $2 AND $3 ORDER BY id`,
      [primeContractId, period.start, period.end],
    );
    return rows;
  }

  async insertSample(
    client: PoolClient,
    sample: {
      programmeId: string;
      primeContractId: string;
      seed: number;
      drawnByUserId: string;
      period: { start: string; end: string };
      population: { claimId: string; amountPence: string }[];
      sampledIds: string[];
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO claim_sample (programme_id, prime_contract_id, population_size, sample_size, seed, drawn_by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        sample.programmeId,
        sample.primeContractId,
        sample.population.length,
        sample.sampledIds.length,
        String(sample.seed),
        sample.drawnByUserId,
      ],
    );
    const id = rows[0]!.id;
    const populationValue = sample.population.reduce((sum, c) => sum + BigInt(c.amountPence), 0n);
    await client.query(
      `INSERT INTO claim_sample_period (claim_sample_id, programme_id, prime_contract_id, period_start, period_end, population_value_pence) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        sample.programmeId,
        sample.primeContractId,
        sample.period.start,
        sample.period.end,
        populationValue.toString(),
      ],
    );
    await client.query(
      `INSERT INTO claim_sample_population (claim_sample_id, programme_id, prime_contract_id, claim_id, amount_pence)
       SELECT $1, $2, $3, * FROM unnest($4::uuid[], $5::bigint[])`,
      [
        id,
        sample.programmeId,
        sample.primeContractId,
        sample.population.map((c) => c.claimId),
        sample.population.map((c) => c.amountPence),
      ],
    );
    await client.query(
      `INSERT INTO claim_sample_item (claim_sample_id, programme_id, prime_contract_id, claim_id) SELECT $1, $2, $3, unnest($4::uuid[])`,
      [id, sample.programmeId, sample.primeContractId, sample.sampledIds],
    );
    return id;
  }

  /** The commissioner of the programme or the prime holding the contract. */
  async findVisible(
    client: PoolClient,
    organisationId: string,
    sampleId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<SampleRow | undefined> {
    const { rows } = await client.query<SampleRow>(
      `SELECT s.id, s.programme_id AS "programmeId", s.prime_contract_id AS "primeContractId", s.population_size AS "populationSize", s.sample_size AS "sampleSize",
         s.seed, s.drawn_by_user_id AS "drawnByUserId", s.drawn_at AS "drawnAt", sp.period_start::text AS "periodStart", sp.period_end::text AS "periodEnd",
         sp.population_value_pence::text AS "populationValuePence", sr.recovery_pence::text AS "recoveryPence", sr.sampled_value_pence::text AS "sampledValuePence",
         sr.failed_value_pence::text AS "failedValuePence", sr.explanation, sr.closed_at AS "closedAt"
       FROM claim_sample s JOIN claim_sample_period sp ON sp.claim_sample_id = s.id
       JOIN prime_contract pc ON pc.id = s.prime_contract_id JOIN programme p ON p.id = s.programme_id
       LEFT JOIN claim_sample_recovery sr ON sr.claim_sample_id = s.id
       WHERE s.id = $2 AND (p.commissioner_id = $1 OR pc.prime_id = $1)${options.forUpdate ? ' FOR UPDATE OF s' : ''}`,
      [organisationId, sampleId],
    );
    return rows[0];
  }

  async items(client: PoolClient, sampleId: string) {
    const { rows } = await client.query<{
      claimId: string;
      amountPence: string;
      outcome: 'PENDING' | 'PASSED' | 'FAILED';
      note: string | null;
      checkedByUserId: string | null;
      checkedAt: Date | null;
    }>(
      `SELECT i.claim_id AS "claimId", p.amount_pence::text AS "amountPence", i.outcome::text AS outcome, i.note, i.checked_by_user_id AS "checkedByUserId", i.checked_at AS "checkedAt"
       FROM claim_sample_item i JOIN claim_sample_population p ON p.claim_sample_id = i.claim_sample_id AND p.claim_id = i.claim_id
       WHERE i.claim_sample_id = $1 ORDER BY i.claim_id`,
      [sampleId],
    );
    return rows;
  }

  async populationOf(client: PoolClient, sampleId: string) {
    const { rows } = await client.query<{
      claimId: string;
      amountPence: string;
      outcome: 'PENDING' | 'PASSED' | 'FAILED' | null;
    }>(
      `SELECT p.claim_id AS "claimId", p.amount_pence::text AS "amountPence", i.outcome::text AS outcome
       FROM claim_sample_population p LEFT JOIN claim_sample_item i ON i.claim_sample_id = p.claim_sample_id AND i.claim_id = p.claim_id
       WHERE p.claim_sample_id = $1 ORDER BY p.claim_id`,
      [sampleId],
    );
    return rows;
  }

  async recordItem(
    client: PoolClient,
    sampleId: string,
    claimId: string,
    check: { outcome: 'PASSED' | 'FAILED'; note: string; userId: string },
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE claim_sample_item SET outcome = $3::"SampleCheckOutcome", note = $4, checked_by_user_id = $5, checked_at = now() WHERE claim_sample_id = $1 AND claim_id = $2`,
      [sampleId, claimId, check.outcome, check.note, check.userId],
    );
    return (rowCount ?? 0) > 0;
  }

  async insertRecovery(
    client: PoolClient,
    sample: SampleRow,
    recovery: {
      sampledValuePence: bigint;
      failedValuePence: bigint;
      populationValuePence: bigint;
      recoveryPence: bigint;
      explanation: string;
      closedByUserId: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO claim_sample_recovery (claim_sample_id, programme_id, prime_contract_id, sampled_value_pence, failed_value_pence, population_value_pence, recovery_pence, explanation, closed_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        sample.id,
        sample.programmeId,
        sample.primeContractId,
        recovery.sampledValuePence,
        recovery.failedValuePence,
        recovery.populationValuePence,
        recovery.recoveryPence,
        recovery.explanation,
        recovery.closedByUserId,
      ],
    );
  }

  async insertClawbacks(
    client: PoolClient,
    sample: SampleRow,
    clawbacks: { claimId: string; amountPence: bigint; reason: string }[],
    decidedByUserId: string,
  ): Promise<void> {
    await client.query(
      `INSERT INTO claim_clawback (programme_id, prime_contract_id, claim_sample_id, claim_id, amount_pence, reason, decided_by_user_id)
       SELECT $1, $2, $3, * , $7 FROM unnest($4::uuid[], $5::bigint[], $6::text[])`,
      [
        sample.programmeId,
        sample.primeContractId,
        sample.id,
        clawbacks.map((c) => c.claimId),
        clawbacks.map((c) => c.amountPence.toString()),
        clawbacks.map((c) => c.reason),
        decidedByUserId,
      ],
    );
  }

  async clawbacksOf(client: PoolClient, sampleId: string) {
    const { rows } = await client.query<{ claimId: string; amountPence: string; reason: string }>(
      `SELECT claim_id AS "claimId", amount_pence::text AS "amountPence", reason FROM claim_clawback WHERE claim_sample_id = $1 ORDER BY claim_id`,
      [sampleId],
    );
    return rows;
  }
}
