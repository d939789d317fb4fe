// The rules a payment model runs on, read from its published versions' stored definitions: the one
// place claims, the claimable list, forecasts and payment-group assignment get their rules from.
// Nothing here chooses rules by a model's name or picks "the first entry".
import { Injectable } from '@nestjs/common';
import {
  parseDefinition,
  programmeRulesOf,
  type ProgrammeRules,
  type StoredModelVersion,
} from '@waymark/domain';
import { type PoolClient } from 'pg';
import { AppError } from '../common/errors/app-error';
import { ProgrammeError } from './programmes.errors';

interface PublishedVersionRow {
  id: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: unknown;
  modelName: string;
}

@Injectable()
export class ProgrammeRulesService {
  async rulesFor(client: PoolClient, paymentModelId: string): Promise<ProgrammeRules> {
    const { rows } = await client.query<PublishedVersionRow>(
      `SELECT v.id, v.version, v.effective_from::text AS "effectiveFrom", v.effective_to::text AS "effectiveTo", v.definition, m.name AS "modelName"
       FROM payment_model_version v JOIN payment_model m ON m.id = v.payment_model_id
       WHERE v.payment_model_id = $1 AND v.status = 'PUBLISHED' ORDER BY v.effective_from`,
      [paymentModelId],
    );
    if (rows.length === 0)
      throw new AppError(
        ProgrammeError.NO_PUBLISHED_VERSION,
        'The prime contract’s payment model has no published version yet, so nothing can be assessed or priced. Publish a version first.',
      );
    return programmeRulesOf({
      paymentModelId,
      name: rows[0]!.modelName,
      versions: rows.map(toStoredVersion),
    });
  }

  /** The tariff row (and so the version) a claim priced under `tariffVersion` points at. */
  async tariffId(
    client: PoolClient,
    input: { paymentModelId: string; version: number; paymentGroup: string; milestoneCode: string },
  ): Promise<string | null> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT t.id FROM tariff t
       JOIN payment_model_version v ON v.id = t.payment_model_version_id
       JOIN payment_group g ON g.id = t.payment_group_id
       JOIN milestone_type mt ON mt.id = t.milestone_type_id
       WHERE v.payment_model_id = $1 AND v.version = $2 AND g.code = $3 AND mt.code = $4`,
      [input.paymentModelId, input.version, input.paymentGroup, input.milestoneCode],
    );
    return rows[0]?.id ?? null;
  }
}

export function toStoredVersion(row: {
  id: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: unknown;
}): StoredModelVersion {
  const parsed = parseDefinition(row.definition);
  // Published definitions were checked when they were published; a stored one that no longer parses is our bug.
  if (!parsed.ok)
    throw new Error(
      `payment model version ${row.id} holds an invalid definition: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  return {
    id: row.id,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    ...(row.effectiveTo ? { effectiveTo: row.effectiveTo } : {}),
    definition: parsed.definition,
  };
}
