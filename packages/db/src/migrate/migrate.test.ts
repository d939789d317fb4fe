import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { migrate, migrationStatus, MigrationIntegrityError, MIGRATIONS_TABLE } from './migrate';
import { defaultMigrationsDir } from '../repo-root';

// Each test mutates the migration history, so each gets its own clone.
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-migrations-'));
  fs.cpSync(defaultMigrationsDir(), dir, { recursive: true });
  return dir;
}

describe('migration runner', () => {
  it('reports the template database as fully migrated', async () => {
    const status = await migrationStatus({ databaseUrl: db.url });
    expect(status.pending).toEqual([]);
    expect(status.changed).toEqual([]);
    expect(status.applied.length).toBeGreaterThan(0);
  });

  it('applies a new migration once, records its checksum, and is a no-op the second time', async () => {
    const dir = copyMigrations();
    const name = '29991231235959_add_probe';
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), 'CREATE TABLE probe (id int);');

    expect((await migrate({ databaseUrl: db.url, migrationsDir: dir })).applied).toEqual([name]);
    expect((await migrate({ databaseUrl: db.url, migrationsDir: dir })).applied).toEqual([]);
    const { rows } = await db.pool.query<{ checksum: string }>(`SELECT checksum FROM ${MIGRATIONS_TABLE} WHERE name = $1`, [name]);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const dir = copyMigrations();
    const first = fs.readdirSync(dir).sort()[0]!;
    fs.appendFileSync(path.join(dir, first, 'migration.sql'), '\n-- edited after the fact\n');
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(MigrationIntegrityError);
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(/was changed after it was applied/);
  });

  it('rolls back a failing migration entirely', async () => {
    const dir = copyMigrations();
    const name = '29991231235958_broken';
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), 'CREATE TABLE half_written (id int); SELECT 1/0;');
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(/29991231235958_broken failed and was rolled back/);
    const { rows } = await db.pool.query<{ t: string | null }>(`SELECT to_regclass('half_written') AS t`);
    expect(rows[0]?.t).toBeNull();
  });

  it('applies each migration exactly once when two runners start together', async () => {
    const dir = copyMigrations();
    const name = '29991231235957_concurrent';
    fs.mkdirSync(path.join(dir, name));
    // Not idempotent on purpose: a second application would fail.
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), 'CREATE TABLE concurrent_probe (id int); SELECT pg_sleep(0.2);');
    const results = await Promise.all([
      migrate({ databaseUrl: db.url, migrationsDir: dir }),
      migrate({ databaseUrl: db.url, migrationsDir: dir }),
    ]);
    expect(results.flatMap((r) => r.applied).filter((n) => n === name)).toHaveLength(1);
  });
});
