// Every query on participant, participant_special_category and needs_assessment.
import { Inject, Injectable } from '@nestjs/common';
import { type Barrier } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';

export interface SpecialCategoryData {
  health?: string;
  disability?: string;
  offending?: string;
}

export interface ExistingParticipant {
  participantId: string;
  participantReference: string;
  primeContractId: string;
  liveReferralId: string | null;
  liveReferralStatus: string | null;
}

export interface NeedsAssessmentRow {
  id: string;
  barriers: Barrier[];
  paymentGroupCode: string;
  ruleId: string;
  explanation: string;
  assessedByUserId: string;
  assessedAt: Date;
}

@Injectable()
export class ParticipantsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Matching by keyed hash across the whole programme, past every party's
   * slice (runs as the table owner): a duplicate must be found even when
   * another partner made the live referral. Returns ids and status only.
   */
  async findByNiHmac(
    programmeId: string,
    niNumberHmac: Buffer,
  ): Promise<ExistingParticipant | undefined> {
    const { rows } = await this.pool.query<ExistingParticipant>(
      `SELECT p.id AS "participantId", p.reference AS "participantReference", p.prime_contract_id AS "primeContractId",
              live.id AS "liveReferralId", live.status::text AS "liveReferralStatus"
         FROM participant p
         LEFT JOIN LATERAL (
           SELECT r.id, r.status FROM referral r
            WHERE r.participant_id = p.id AND r.status NOT IN ('REJECTED', 'EXITED')
            ORDER BY r.received_at DESC LIMIT 1
         ) live ON true
        WHERE p.programme_id = $1 AND p.ni_number_hmac = $2`,
      [programmeId, niNumberHmac],
    );
    return rows[0];
  }

  async insert(
    client: PoolClient,
    input: {
      id: string;
      programmeId: string;
      primeContractId: string;
      reference: string;
      niNumberHmac: Buffer;
      niNumberCiphertext: Buffer;
      benefitType: string;
      dateOfBirth: string;
    },
  ): Promise<void> {
    // No RETURNING: the new row is not yet visible to the caller's slice (it becomes visible through its referral).
    await client.query(
      `INSERT INTO participant (id, programme_id, prime_contract_id, reference, ni_number_hmac, ni_number_ciphertext, benefit_type, date_of_birth)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        input.id,
        input.programmeId,
        input.primeContractId,
        input.reference,
        input.niNumberHmac,
        input.niNumberCiphertext,
        input.benefitType,
        input.dateOfBirth,
      ],
    );
  }

  async upsertSpecialCategory(
    client: PoolClient,
    input: {
      participantId: string;
      programmeId: string;
      primeContractId: string;
      data: SpecialCategoryData;
      recordedByUserId: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO participant_special_category (participant_id, programme_id, prime_contract_id, data, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (participant_id) DO UPDATE SET data = EXCLUDED.data, recorded_by_user_id = EXCLUDED.recorded_by_user_id, recorded_at = now()`,
      [
        input.participantId,
        input.programmeId,
        input.primeContractId,
        input.data,
        input.recordedByUserId,
      ],
    );
  }

  async findSpecialCategory(
    client: PoolClient,
    participantId: string,
  ): Promise<SpecialCategoryData | undefined> {
    const { rows } = await client.query<{ data: SpecialCategoryData }>(
      'SELECT data FROM participant_special_category WHERE participant_id = $1',
      [participantId],
    );
    return rows[0]?.data;
  }

  async findPaymentGroup(
    client: PoolClient,
    programmeId: string,
    code: string,
  ): Promise<{ id: string; code: string } | undefined> {
    const { rows } = await client.query<{ id: string; code: string }>(
      'SELECT id, code FROM payment_group WHERE programme_id = $1 AND code = $2',
      [programmeId, code],
    );
    return rows[0];
  }

  async insertNeedsAssessment(
    client: PoolClient,
    input: {
      programmeId: string;
      primeContractId: string;
      participantId: string;
      barriers: readonly Barrier[];
      paymentGroupId: string;
      ruleId: string;
      explanation: string;
      assessedByUserId: string;
      assessedAt: Date;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO needs_assessment (programme_id, prime_contract_id, participant_id, barriers, payment_group_id, rule_id, explanation, assessed_by_user_id, assessed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        input.programmeId,
        input.primeContractId,
        input.participantId,
        JSON.stringify(input.barriers),
        input.paymentGroupId,
        input.ruleId,
        input.explanation,
        input.assessedByUserId,
        input.assessedAt,
      ],
    );
  }

  /** Oldest first: the history a reassessment adds to, never rewrites. */
  async listNeedsAssessments(
    client: PoolClient,
    participantId: string,
  ): Promise<NeedsAssessmentRow[]> {
    const { rows } = await client.query<NeedsAssessmentRow>(
      `SELECT na.id, na.barriers, pg.code AS "paymentGroupCode", na.rule_id AS "ruleId", na.explanation,
              na.assessed_by_user_id AS "assessedByUserId", na.assessed_at AS "assessedAt"
         FROM needs_assessment na JOIN payment_group pg ON pg.id = na.payment_group_id
        WHERE na.participant_id = $1
        ORDER BY na.assessed_at, na.id`,
      [participantId],
    );
    return rows;
  }
}
