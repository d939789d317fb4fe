import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { migrate, migrationStatus, MigrationIntegrityError, MIGRATIONS_TABLE } from './migrate';
import { readMigrationFiles } from './migrations';
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
    const { rows } = await db.pool.query<{ checksum: string }>(
      `SELECT checksum FROM ${MIGRATIONS_TABLE} WHERE name = $1`,
      [name],
    );
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const dir = copyMigrations();
    const first = fs.readdirSync(dir).sort()[0]!;
    fs.appendFileSync(path.join(dir, first, 'migration.sql'), '\n-- edited after the fact\n');
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(
      MigrationIntegrityError,
    );
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(
      /was changed after it was applied/,
    );
  });

  it('rolls back a failing migration entirely', async () => {
    const dir = copyMigrations();
    const name = '29991231235958_broken';
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(
      path.join(dir, name, 'migration.sql'),
      'CREATE TABLE half_written (id int); SELECT 1/0;',
    );
    await expect(migrate({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(
      /29991231235958_broken failed and was rolled back/,
    );
    const { rows } = await db.pool.query<{ t: string | null }>(
      `SELECT to_regclass('half_written') AS t`,
    );
    expect(rows[0]?.t).toBeNull();
  });

  it('applies each migration exactly once when two runners start together', async () => {
    const dir = copyMigrations();
    const name = '29991231235957_concurrent';
    fs.mkdirSync(path.join(dir, name));
    // Not idempotent on purpose: a second application would fail.
    fs.writeFileSync(
      path.join(dir, name, 'migration.sql'),
      'CREATE TABLE concurrent_probe (id int); SELECT pg_sleep(0.2);',
    );
    const results = await Promise.all([
      migrate({ databaseUrl: db.url, migrationsDir: dir }),
      migrate({ databaseUrl: db.url, migrationsDir: dir }),
    ]);
    expect(results.flatMap((r) => r.applied).filter((n) => n === name)).toHaveLength(1);
  });
});

describe('the baseline that squashes the pre-release migrations', () => {
  const baseline = readMigrationFiles(defaultMigrationsDir()).find(
    (file) => file.replaces.length > 0,
  )!;

  /**
   * A database as the squashed migrations left it: the schema, and one history row per squashed migration
   * (the migrations after the baseline stay recorded as applied, as on a database that took them later).
   */
  async function makeLikeBeforeTheSquash(replaces = baseline.replaces): Promise<void> {
    await db.pool.query(`DELETE FROM ${MIGRATIONS_TABLE} WHERE name <= $1`, [baseline.name]);
    for (const squashed of replaces) {
      await db.pool.query(
        `INSERT INTO ${MIGRATIONS_TABLE} (name, checksum, duration_ms) VALUES ($1, $2, 1)`,
        [squashed.name, squashed.checksum],
      );
    }
  }

  it('replaces every migration up to 20261206300100_pseudonymised_record_closed', () => {
    expect(baseline.replaces.length).toBe(30);
    expect(baseline.replaces.at(-1)?.name).toBe('20261206300100_pseudonymised_record_closed');
    expect(baseline.replaces.every((squashed) => squashed.name < baseline.name)).toBe(true);
  });

  it('builds an empty database from the baseline, then applies later migrations after it', async () => {
    const empty = await createTestDatabase({ empty: true });
    try {
      const dir = copyMigrations();
      const later = '29991231000000_after_every_migration_probe';
      fs.mkdirSync(path.join(dir, later));
      fs.writeFileSync(
        path.join(dir, later, 'migration.sql'),
        'ALTER TABLE claim ADD COLUMN probe int;',
      );

      const result = await migrate({ databaseUrl: empty.url, migrationsDir: dir });

      expect(result.applied[0]).toBe(baseline.name);
      expect(result.applied.at(-1)).toBe(later);
      expect(result.adopted).toEqual([]);
      const { rows } = await empty.pool.query<{ policies: string }>(
        `SELECT count(*) AS policies FROM pg_policies WHERE tablename = 'claim'`,
      );
      expect(Number(rows[0]?.policies)).toBeGreaterThan(0);
    } finally {
      await empty.drop();
    }
  });

  it('records the baseline as applied, without running it, on a database made by the squashed migrations', async () => {
    await makeLikeBeforeTheSquash();
    const dir = copyMigrations();
    const later = '29991231000000_after_every_migration_probe';
    fs.mkdirSync(path.join(dir, later));
    fs.writeFileSync(
      path.join(dir, later, 'migration.sql'),
      'ALTER TABLE claim ADD COLUMN probe int;',
    );
    expect((await migrationStatus({ databaseUrl: db.url, migrationsDir: dir })).adopted).toEqual([
      baseline.name,
    ]);

    // Running the baseline here would fail: every type and table already exists.
    const result = await migrate({ databaseUrl: db.url, migrationsDir: dir });

    expect(result.adopted).toEqual([baseline.name]);
    expect(result.applied).toEqual([later]);
    const status = await migrationStatus({ databaseUrl: db.url, migrationsDir: dir });
    expect(status).toMatchObject({ pending: [], changed: [], missing: [], incomplete: [] });
    const { rows } = await db.pool.query<{ checksum: string }>(
      `SELECT checksum FROM ${MIGRATIONS_TABLE} WHERE name = $1`,
      [baseline.name],
    );
    expect(rows[0]?.checksum).toBe(baseline.checksum);
  });

  it('refuses a database where only some of the squashed migrations were applied', async () => {
    await makeLikeBeforeTheSquash(baseline.replaces.slice(0, 10));
    await expect(migrate({ databaseUrl: db.url })).rejects.toThrow(
      /squashes migrations of which only some are applied here/,
    );
  });

  it('refuses a database where a squashed migration was applied with different text', async () => {
    const [first, ...rest] = baseline.replaces;
    await makeLikeBeforeTheSquash([{ name: first!.name, checksum: 'f'.repeat(64) }, ...rest]);
    await expect(migrate({ databaseUrl: db.url })).rejects.toThrow(
      `${first!.name} was changed after it was applied`,
    );
  });
});
