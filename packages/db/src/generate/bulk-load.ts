// Bulk loading: inside the load's transaction, drop the large tables' indexes
// and foreign keys and disable the per-row triggers whose work one set-based
// statement does after the load: the ledger balance check, and the live claim
// total per prime contract (trigger claim_total_refresh, prisma/schema.sql),
// which upserted one prime_contract_claim_total row per claim inserted — a
// handful of rows updated millions of times, so each COPY of claims got slower
// than the one before (≈100k referrals in 2.5 min and slowing). Afterwards:
// recreate indexes and keys (which validates every foreign key set-based),
// check the ledger balances with one query, recompute the claim totals from
// the claims, each remittance's line count and gross from its lines and each
// subcontract's referrals per status from the referrals, one query each, and enable the triggers again. DDL is
// transactional, so a failed load leaves the schema exactly as it was.
import { type PoolClient } from 'pg';
import { LARGE_TABLES } from './tables';

/** Per-row triggers off during the load; restoreLoadIndexes does their work set-based. */
export const LOAD_TRIGGERS = [
  { table: 'ledger_entry', trigger: 'ledger_entry_transaction_balanced' },
  { table: 'claim', trigger: 'claim_total_refresh' },
  // Keeps remittance.line_count / gross_pence; a remittance's lines may be loaded before its own row.
  { table: 'remittance_line', trigger: 'remittance_totals_after_insert' },
  // Keep subcontract_referral_count: one recount after the load instead of an upsert per COPY and update.
  { table: 'referral', trigger: 'referral_counts_after_insert' },
  { table: 'referral', trigger: 'referral_counts_after_move' },
  { table: 'referral', trigger: 'referral_counts_after_delete' },
] as const;

interface SavedDefinition {
  table: string;
  name: string;
  definition: string;
}

export interface DroppedSchema {
  constraints: SavedDefinition[];
  foreignKeys: SavedDefinition[];
  indexes: SavedDefinition[];
}

export async function dropLoadIndexes(client: PoolClient): Promise<DroppedSchema> {
  const tables = [...LARGE_TABLES];
  const foreignKeys = await client.query<SavedDefinition>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
      WHERE c.contype = 'f' AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1))
      ORDER BY 1, 2`,
    [tables],
  );
  const constraints = await client.query<SavedDefinition>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
      WHERE c.contype IN ('p', 'u') AND c.conrelid::regclass::text = ANY($1)
      ORDER BY 1, c.contype, 2`,
    [tables],
  );
  const indexes = await client.query<SavedDefinition>(
    `SELECT i.tablename AS table, i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid::regclass::text = i.tablename)
      ORDER BY 1, 2`,
    [tables],
  );
  for (const fk of foreignKeys.rows)
    await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const c of constraints.rows)
    await client.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes.rows) await client.query(`DROP INDEX ${i.name}`);
  for (const { table, trigger } of LOAD_TRIGGERS)
    await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  return { constraints: constraints.rows, foreignKeys: foreignKeys.rows, indexes: indexes.rows };
}

export async function restoreLoadIndexes(
  client: PoolClient,
  dropped: DroppedSchema,
  log: (line: string) => void,
): Promise<void> {
  await client.query("SET LOCAL maintenance_work_mem = '512MB'");
  const timed = async (label: string, sql: string) => {
    const started = performance.now();
    await client.query(sql);
    log(`  ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  for (const c of dropped.constraints)
    await timed(c.name, `ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.definition}`);
  for (const i of dropped.indexes) await timed(i.name, i.definition);
  for (const fk of dropped.foreignKeys)
    await timed(fk.name, `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  const unbalanced = await client.query<{ transaction_id: string }>(
    'SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(amount_pence) <> 0 LIMIT 1',
  );
  if (unbalanced.rowCount)
    throw new Error(
      `ledger transaction ${String(unbalanced.rows[0]?.transaction_id)} does not balance`,
    );
  // What claim_total_refresh keeps, for every contract: the sum of its live claims (waymark_claim_is_live).
  await client.query(
    `INSERT INTO prime_contract_claim_total (prime_contract_id, live_pence)
     SELECT prime_contract_id, sum(amount_pence) FROM claim WHERE waymark_claim_is_live(status) GROUP BY prime_contract_id
     ON CONFLICT (prime_contract_id) DO UPDATE SET live_pence = EXCLUDED.live_pence`,
  );
  // What remittance_totals_after_insert keeps, for every remittance: its lines' count and sum.
  await client.query(
    `UPDATE remittance r SET line_count = t.line_count, gross_pence = t.gross_pence
       FROM (SELECT remittance_id, count(*)::int AS line_count, sum(amount_pence) AS gross_pence
               FROM remittance_line GROUP BY remittance_id) t
      WHERE t.remittance_id = r.id`,
  );
  // What the referral_counts_* triggers keep, for every subcontract: its referrals per status, recounted whole.
  await client.query('DELETE FROM subcontract_referral_count');
  await client.query(
    `INSERT INTO subcontract_referral_count (subcontract_id, status, programme_id, prime_contract_id, referrals)
     SELECT subcontract_id, status, programme_id, prime_contract_id, count(*)::int
       FROM referral WHERE subcontract_id IS NOT NULL
      GROUP BY subcontract_id, status, programme_id, prime_contract_id`,
  );
  for (const { table, trigger } of LOAD_TRIGGERS)
    await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
}
