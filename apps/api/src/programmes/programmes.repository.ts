// Every query of programme set-up: programmes, contract areas, payment models and their versions,
// the catalogue rows a published version needs, and prime contracts. Runs in the caller's party
// scope; row-level security lets only the programme's commissioner write any of it.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type PaymentModelDefinition } from '@waymark/domain';
import { type PoolClient } from 'pg';

export interface VersionRow {
  id: string;
  paymentModelId: string;
  paymentModelName: string;
  programmeId: string;
  commissionerId: string;
  version: number;
  status: 'DRAFT' | 'AWAITING_APPROVAL' | 'PUBLISHED';
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: unknown;
  changeNote: string | null;
  createdByUserId: string | null;
  createdByName: string | null;
  submittedByUserId: string | null;
  submittedByName: string | null;
  submittedAt: Date | null;
  publishedByUserId: string | null;
  publishedByName: string | null;
  publishedAt: Date | null;
}

/** A programme as lists and its own page read it: with its commissioner's name. */
export interface ProgrammeRow {
  id: string;
  name: string;
  commissionerId: string;
  commissionerName: string;
  startsOn: string;
  endsOn: string | null;
  supportPeriodWeeks: number;
  lateRecordingDays: number;
}

const PROGRAMME_SELECT = `SELECT p.id, p.name, p.commissioner_id AS "commissionerId", o.name AS "commissionerName",
       p.starts_on::text AS "startsOn", p.ends_on::text AS "endsOn", p.support_period_weeks AS "supportPeriodWeeks",
       p.late_recording_days AS "lateRecordingDays"
  FROM programme p JOIN organisation o ON o.id = p.commissioner_id`;

const VERSION_SELECT = `
  SELECT v.id, v.payment_model_id AS "paymentModelId", m.name AS "paymentModelName", m.programme_id AS "programmeId", p.commissioner_id AS "commissionerId",
    v.version, v.status::text AS status, v.effective_from::text AS "effectiveFrom", v.effective_to::text AS "effectiveTo", v.definition, v.change_note AS "changeNote",
    v.created_by_user_id AS "createdByUserId", cu.display_name AS "createdByName", v.submitted_by_user_id AS "submittedByUserId", su.display_name AS "submittedByName",
    v.submitted_at AS "submittedAt", v.published_by_user_id AS "publishedByUserId", pu.display_name AS "publishedByName", v.published_at AS "publishedAt"
  FROM payment_model_version v JOIN payment_model m ON m.id = v.payment_model_id JOIN programme p ON p.id = m.programme_id
  LEFT JOIN app_user cu ON cu.id = v.created_by_user_id LEFT JOIN app_user su ON su.id = v.submitted_by_user_id LEFT JOIN app_user pu ON pu.id = v.published_by_user_id`;

@Injectable()
export class ProgrammesRepository {
  async listProgrammes(client: PoolClient, organisationId: string) {
    const { rows } = await client.query<ProgrammeRow>(
      `${PROGRAMME_SELECT}
       WHERE p.commissioner_id = $1 OR p.id IN (SELECT programme_id FROM prime_contract)
       ORDER BY p.name`,
      [organisationId],
    );
    return rows;
  }

  /** Sets how many days late a journey fact may be recorded; answers the value it replaced. */
  async setLateRecordingDays(
    client: PoolClient,
    programmeId: string,
    days: number,
  ): Promise<number | undefined> {
    const { rows } = await client.query<{ previous: number }>(
      `UPDATE programme p SET late_recording_days = $2
         FROM (SELECT late_recording_days AS previous FROM programme WHERE id = $1 FOR UPDATE) before
        WHERE p.id = $1 RETURNING before.previous`,
      [programmeId, days],
    );
    return rows[0]?.previous;
  }

  async findProgramme(client: PoolClient, programmeId: string) {
    const { rows } = await client.query<ProgrammeRow>(`${PROGRAMME_SELECT} WHERE p.id = $1`, [
      programmeId,
    ]);
    return rows[0];
  }

  async insertProgramme(
    client: PoolClient,
    input: {
      commissionerId: string;
      name: string;
      startsOn: string;
      endsOn: string | null;
      supportPeriodWeeks: number;
      userId: string;
    },
  ): Promise<string | null> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO programme (commissioner_id, name, starts_on, ends_on, support_period_weeks, created_by_user_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (commissioner_id, name) DO NOTHING RETURNING id`,
      [
        input.commissionerId,
        input.name,
        input.startsOn,
        input.endsOn,
        input.supportPeriodWeeks,
        input.userId,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async insertContractArea(
    client: PoolClient,
    programmeId: string,
    area: { name: string; region?: string | undefined },
  ): Promise<string | null> {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO contract_area (programme_id, name, region) VALUES ($1, $2, $3) ON CONFLICT (programme_id, name) DO NOTHING RETURNING id',
      [programmeId, area.name, area.region ?? null],
    );
    return rows[0]?.id ?? null;
  }

  async contractAreas(client: PoolClient, programmeId: string) {
    const { rows } = await client.query<{ id: string; name: string; region: string | null }>(
      'SELECT id, name, region FROM contract_area WHERE programme_id = $1 ORDER BY name',
      [programmeId],
    );
    return rows;
  }

  async paymentModels(client: PoolClient, programmeId: string) {
    const { rows } = await client.query<{ id: string; name: string; description: string | null }>(
      'SELECT id, name, description FROM payment_model WHERE programme_id = $1 ORDER BY name',
      [programmeId],
    );
    return rows;
  }

  async findPaymentModel(client: PoolClient, paymentModelId: string) {
    const { rows } = await client.query<{
      id: string;
      name: string;
      description: string | null;
      programmeId: string;
      programmeName: string;
      commissionerId: string;
    }>(
      `SELECT m.id, m.name, m.description, m.programme_id AS "programmeId", p.name AS "programmeName", p.commissioner_id AS "commissionerId"
       FROM payment_model m JOIN programme p ON p.id = m.programme_id WHERE m.id = $1`,
      [paymentModelId],
    );
    return rows[0];
  }

  async insertPaymentModel(
    client: PoolClient,
    input: { programmeId: string; name: string; description: string | null; userId: string },
  ): Promise<string | null> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO payment_model (programme_id, name, description, created_by_user_id) VALUES ($1, $2, $3, $4) ON CONFLICT (programme_id, name) DO NOTHING RETURNING id`,
      [input.programmeId, input.name, input.description, input.userId],
    );
    return rows[0]?.id ?? null;
  }

  async versions(client: PoolClient, paymentModelIds: readonly string[]): Promise<VersionRow[]> {
    const { rows } = await client.query<VersionRow>(
      `${VERSION_SELECT} WHERE v.payment_model_id = ANY($1::uuid[]) ORDER BY v.version`,
      [paymentModelIds],
    );
    return rows;
  }

  async findVersion(
    client: PoolClient,
    versionId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<VersionRow | undefined> {
    const { rows } = await client.query<VersionRow>(
      `${VERSION_SELECT} WHERE v.id = $1${options.forUpdate ? ' FOR UPDATE OF v' : ''}`,
      [versionId],
    );
    return rows[0];
  }

  /** Versions are numbered per model; the model row is locked so two drafts never take one number. */
  async insertVersion(
    client: PoolClient,
    input: {
      paymentModelId: string;
      effectiveFrom: string;
      effectiveTo: string | null;
      definition: unknown;
      changeNote: string | null;
      userId: string;
    },
  ): Promise<string> {
    await client.query('SELECT 1 FROM payment_model WHERE id = $1 FOR UPDATE', [
      input.paymentModelId,
    ]);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO payment_model_version (payment_model_id, version, effective_from, effective_to, definition, change_note, created_by_user_id)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM payment_model_version WHERE payment_model_id = $1 RETURNING id`,
      [
        input.paymentModelId,
        input.effectiveFrom,
        input.effectiveTo,
        JSON.stringify(input.definition),
        input.changeNote,
        input.userId,
      ],
    );
    return rows[0]!.id;
  }

  async updateDraft(
    client: PoolClient,
    versionId: string,
    input: {
      effectiveFrom: string;
      effectiveTo: string | null;
      definition: unknown;
      changeNote: string | null;
    },
  ): Promise<void> {
    await client.query(
      `UPDATE payment_model_version SET effective_from = $2, effective_to = $3, definition = $4, change_note = COALESCE($5, change_note) WHERE id = $1 AND status = 'DRAFT'`,
      [
        versionId,
        input.effectiveFrom,
        input.effectiveTo,
        JSON.stringify(input.definition),
        input.changeNote,
      ],
    );
  }

  async submit(client: PoolClient, versionId: string, userId: string): Promise<void> {
    await client.query(
      `UPDATE payment_model_version SET status = 'AWAITING_APPROVAL', submitted_by_user_id = $2, submitted_at = now() WHERE id = $1`,
      [versionId, userId],
    );
  }

  async returnToDraft(client: PoolClient, versionId: string): Promise<void> {
    await client.query(
      `UPDATE payment_model_version SET status = 'DRAFT', submitted_by_user_id = NULL, submitted_at = NULL WHERE id = $1`,
      [versionId],
    );
  }

  /** The published version of the model that is open-ended or runs past `from`, if any. */
  async publishedCovering(client: PoolClient, paymentModelId: string, from: string) {
    const { rows } = await client.query<{
      id: string;
      version: number;
      effectiveFrom: string;
      effectiveTo: string | null;
    }>(
      `SELECT id, version, effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo" FROM payment_model_version
       WHERE payment_model_id = $1 AND status = 'PUBLISHED' AND (effective_to IS NULL OR effective_to >= $2) ORDER BY effective_from`,
      [paymentModelId, from],
    );
    return rows;
  }

  async closeVersion(client: PoolClient, versionId: string, effectiveTo: string): Promise<void> {
    await client.query('UPDATE payment_model_version SET effective_to = $2 WHERE id = $1', [
      versionId,
      effectiveTo,
    ]);
  }

  /** Codes and names the version uses, then one tariff row per (group, milestone), then PUBLISHED: one transaction. */
  async publish(
    client: PoolClient,
    version: { id: string; programmeId: string },
    definition: PaymentModelDefinition,
    userId: string,
  ): Promise<void> {
    for (const group of definition.paymentGroups) {
      await client.query(
        `INSERT INTO payment_group (programme_id, code, name, description) VALUES ($1, $2, $3, $4)
         ON CONFLICT (programme_id, code) DO UPDATE SET name = EXCLUDED.name, description = COALESCE(EXCLUDED.description, payment_group.description)`,
        [version.programmeId, group.code, group.name, group.description ?? null],
      );
    }
    for (const milestone of definition.milestones) {
      await client.query(
        `INSERT INTO milestone_type (programme_id, code, name) VALUES ($1, $2, $3) ON CONFLICT (programme_id, code) DO UPDATE SET name = EXCLUDED.name`,
        [version.programmeId, milestone.code, milestone.name],
      );
    }
    await client.query(
      `INSERT INTO tariff (payment_model_version_id, payment_group_id, milestone_type_id, amount_pence)
       SELECT $1, g.id, mt.id, t.amount FROM jsonb_to_recordset($3::jsonb) AS t(group_code text, milestone_code text, amount bigint)
       JOIN payment_group g ON g.programme_id = $2 AND g.code = t.group_code JOIN milestone_type mt ON mt.programme_id = $2 AND mt.code = t.milestone_code`,
      [
        version.id,
        version.programmeId,
        JSON.stringify(
          definition.tariffs.map((t) => ({
            group_code: t.paymentGroup,
            milestone_code: t.milestone,
            amount: t.amountsPence[0] ?? '0',
          })),
        ),
      ],
    );
    await client.query(
      `UPDATE payment_model_version SET status = 'PUBLISHED', published_by_user_id = $2, published_at = now() WHERE id = $1`,
      [version.id, userId],
    );
  }

  async primeContracts(client: PoolClient, programmeId: string) {
    const { rows } = await client.query<{
      id: string;
      reference: string;
      primeName: string;
      contractAreaName: string;
      paymentModelName: string;
      valueCapPence: string;
      startsOn: string;
      endsOn: string;
    }>(
      `SELECT pc.id, pc.reference, o.name AS "primeName", a.name AS "contractAreaName", m.name AS "paymentModelName", pc.value_cap_pence::text AS "valueCapPence",
         pc.starts_on::text AS "startsOn", pc.ends_on::text AS "endsOn"
       FROM prime_contract pc JOIN organisation o ON o.id = pc.prime_id JOIN contract_area a ON a.id = pc.contract_area_id JOIN payment_model m ON m.id = pc.payment_model_id
       WHERE pc.programme_id = $1 ORDER BY pc.reference`,
      [programmeId],
    );
    return rows;
  }

  async insertPrimeContract(
    client: PoolClient,
    input: {
      programmeId: string;
      contractAreaId: string;
      primeId: string;
      paymentModelId: string;
      reference: string;
      valueCapPence: string;
      startsOn: string;
      endsOn: string;
      minimumPerformanceLevelBp: number | null;
    },
  ): Promise<{ id: string } | { conflict: string }> {
    // Checked first: a unique violation would abort the caller's transaction.
    const clash = await client.query<{ reason: string }>(
      `SELECT CASE WHEN reference = $1 THEN 'reference ' || reference || ' is already used' ELSE 'this prime already holds a contract for this area' END AS reason
       FROM prime_contract WHERE reference = $1 OR (programme_id = $2 AND contract_area_id = $3 AND prime_id = $4) LIMIT 1`,
      [input.reference, input.programmeId, input.contractAreaId, input.primeId],
    );
    if (clash.rows[0]) return { conflict: clash.rows[0].reason };
    // No RETURNING: the new row is not yet visible to the read policy (waymark_scoped_prime_contracts()) inside its own statement.
    const id = randomUUID();
    await client.query(
      `INSERT INTO prime_contract (id, programme_id, contract_area_id, prime_id, payment_model_id, reference, value_cap_pence, starts_on, ends_on, minimum_performance_level_bp)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        input.programmeId,
        input.contractAreaId,
        input.primeId,
        input.paymentModelId,
        input.reference,
        input.valueCapPence,
        input.startsOn,
        input.endsOn,
        input.minimumPerformanceLevelBp,
      ],
    );
    return { id };
  }

  async primeOrganisations(client: PoolClient) {
    const { rows } = await client.query<{ id: string; name: string; kind: string }>(
      `SELECT id, name, kind::text AS kind FROM organisation WHERE kind = 'PRIME' ORDER BY name`,
    );
    return rows;
  }
}
