// Backups restore to a database whose money and audit trail still verify:
// the demo programme is seeded, a few audit events are written through the
// real AuditService, then `npm run db:backup`'s function dumps it and
// `npm run db:restore`'s function restores it into a fresh database.
// (Here rather than test/resilience: the `repo` Jest project does not parse
// the decorators of the AuditService it needs.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import { seedDemoData } from '@waymark/db';
import { backupDatabase } from '@waymark/db';
import { restoreIntoNewDatabase, withDatabaseName } from '@waymark/db';
import { AuditService, verifyAuditChain } from '../audit/audit.service';

jest.setTimeout(120_000);

let db: TestDatabase;
let restored: Pool | undefined;
const restoredName = `${process.env.WAYMARK_TEST_TEMPLATE_DATABASE ?? 'waymark'}_restored_${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-backup-'));

async function tableCounts(pool: Pick<Pool, 'query'>): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows)
    counts[table_name] = Number(
      (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${table_name}"`)).rows[0]!.n,
    );
  return counts;
}

const unbalancedTransactions = async (pool: Pick<Pool, 'query'>) =>
  (
    await pool.query(
      `SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(amount_pence) <> 0`,
    )
  ).rowCount;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData({ databaseUrl: db.url, asOf: '2026-11-25' });
  const audit = new AuditService(db.pool);
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    for (const action of ['backup-test.one', 'backup-test.two', 'backup-test.three']) {
      await audit.record(client, {
        actorUserId: null,
        actorOrganisationId: null,
        action,
        entityType: 'backup_test',
        entityId: action,
        data: { note: 'written before the backup' },
      });
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await restored?.end();
  const admin = new Client({ connectionString: withDatabaseName(db.url, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
  await admin.end();
  await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('restores a backup into a fresh database with the same rows, a balanced ledger and a verifying audit chain', async () => {
  const backup = await backupDatabase({ databaseUrl: db.url, file: path.join(dir, 'demo.dump') });
  expect(backup.sizeBytes).toBeGreaterThan(10_000);
  expect(fs.existsSync(`${backup.file}.partial`)).toBe(false);

  const { url } = await restoreIntoNewDatabase({
    serverUrl: db.url,
    file: backup.file,
    database: restoredName,
  });
  restored = new Pool({ connectionString: url, max: 2 });

  const [before, after] = [await tableCounts(db.pool), await tableCounts(restored)];
  expect(after).toEqual(before);
  expect(before.ledger_entry).toBeGreaterThan(0);
  expect(before.audit_event).toBeGreaterThanOrEqual(3);
  expect(await unbalancedTransactions(restored)).toBe(0);
  const chain = await verifyAuditChain(restored);
  expect(chain).toMatchObject({ isValid: true, eventsChecked: before.audit_event });
  // The restored database keeps its guards: the audit trail is still append-only.
  await expect(restored.query(`DELETE FROM audit_event`)).rejects.toThrow();
  // …and enum equality is LEAKPROOF again (pg_dump does not carry it; migration 20261125180000).
  const leakproof = await restored.query<{ proname: string; proleakproof: boolean }>(
    `SELECT proname, proleakproof FROM pg_proc WHERE proname IN ('enum_eq', 'enum_ne') ORDER BY proname`,
  );
  expect(leakproof.rows).toEqual([
    { proname: 'enum_eq', proleakproof: true },
    { proname: 'enum_ne', proleakproof: true },
  ]);
});

it('refuses a truncated backup and leaves no half-restored database behind', async () => {
  const good = await backupDatabase({ databaseUrl: db.url, file: path.join(dir, 'whole.dump') });
  const truncated = path.join(dir, 'truncated.dump');
  fs.writeFileSync(
    truncated,
    fs.readFileSync(good.file).subarray(0, Math.floor(good.sizeBytes / 2)),
  );
  const name = `${restoredName}_bad`;
  await expect(
    restoreIntoNewDatabase({ serverUrl: db.url, file: truncated, database: name }),
  ).rejects.toThrow(/pg_restore exited/);
  const left = await db.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  expect(left.rowCount).toBe(0);
});
