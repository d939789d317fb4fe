// Our own migration runner (prisma migrate needs a schema engine that cannot
// be downloaded offline). Each migration runs in its own transaction; the
// whole run holds a session advisory lock so two API instances starting at
// once apply each migration exactly once; applied files are checksummed and
// a changed file stops everything. A baseline (a folder with replaces.txt)
// stands for the migrations it squashed: an empty database runs it; a
// database that applied all of them records it without running it.
import { type Client } from 'pg';
import { defaultMigrationsDir } from '../repo-root';
import { newPgClient } from '../connection/pg-connection';
import { readMigrationFiles, type MigrationFile } from './migrations';

/** Arbitrary constant shared by every Waymark process: "waymark" in ASCII. */
const MIGRATION_LOCK_KEY = 0x7761796d61726bn;
export const MIGRATIONS_TABLE = '_waymark_migrations';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file no longer matches the recorded checksum. */
  changed: string[];
  /** Applied migrations whose file is gone (and that no baseline replaces). */
  missing: string[];
  /** Pending baselines whose squashed migrations are all applied: recorded as applied without running. */
  adopted: string[];
  /** Baselines of which only some squashed migrations are applied: the database stopped mid-history. */
  incomplete: string[];
}

export class MigrationIntegrityError extends Error {
  constructor(readonly status: MigrationStatus) {
    const problems = [
      ...status.changed.map((name) => `${name} was changed after it was applied`),
      ...status.missing.map((name) => `${name} was applied but its file is missing`),
      ...status.incomplete.map(
        (name) =>
          `${name} squashes migrations of which only some are applied here: upgrade with a release from before the squash first`,
      ),
    ];
    super(
      `Refusing to run: ${problems.join('; ')}. Write a new migration instead of editing an applied one.`,
    );
    this.name = 'MigrationIntegrityError';
  }
}

export interface MigrateOptions {
  databaseUrl: string;
  migrationsDir?: string;
  log?: (message: string) => void;
}

export async function migrate(
  options: MigrateOptions,
): Promise<{ applied: string[]; adopted: string[] }> {
  const files = readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir());
  const client = closingQuietly(newPgClient(options.databaseUrl));
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await ensureMigrationsTable(client);
    const status = await compare(client, files);
    if (status.changed.length > 0 || status.missing.length > 0 || status.incomplete.length > 0)
      throw new MigrationIntegrityError(status);

    const applied: string[] = [];
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      if (status.adopted.includes(file.name)) {
        await client.query(
          `INSERT INTO ${MIGRATIONS_TABLE} (name, checksum, duration_ms) VALUES ($1, $2, 0)`,
          [file.name, file.checksum],
        );
        options.log?.(
          `recorded ${file.name} as applied: the ${file.replaces.length} migrations it squashes already are`,
        );
        continue;
      }
      const started = Date.now();
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query(
          `INSERT INTO ${MIGRATIONS_TABLE} (name, checksum, duration_ms) VALUES ($1, $2, $3)`,
          [file.name, file.checksum, Date.now() - started],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(
          `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
          { cause: error },
        );
      }
      options.log?.(`applied ${file.name} in ${Date.now() - started} ms`);
      applied.push(file.name);
    }
    return { applied, adopted: status.adopted };
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
      .catch(() => undefined);
    await client.end();
  }
}

/**
 * A short-lived client whose connection-level 'error' events are dropped. end() resolves before the server has
 * closed the connection, so dropping the database straight after (tests do, WITH (FORCE)) can terminate it while
 * it closes, and that FATAL would arrive as an unhandled 'error' event and crash the process. Errors of the
 * statements themselves still reject their queries.
 */
function closingQuietly(client: Client): Client {
  client.on('error', () => undefined);
  return client;
}

/** Read-only check used by /ready and at start-up. */
export async function migrationStatus(options: {
  databaseUrl: string;
  migrationsDir?: string;
}): Promise<MigrationStatus> {
  const files = readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir());
  const client = closingQuietly(newPgClient(options.databaseUrl));
  await client.connect();
  try {
    const exists = await client.query<{ present: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AS present`,
      [MIGRATIONS_TABLE],
    );
    if (!exists.rows[0]?.present)
      return {
        applied: [],
        pending: files.map((f) => f.name),
        changed: [],
        missing: [],
        adopted: [],
        incomplete: [],
      };
    return await compare(client, files);
  } finally {
    await client.end();
  }
}

async function ensureMigrationsTable(client: Client): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      name        text PRIMARY KEY,
      checksum    text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now(),
      duration_ms integer NOT NULL
    )`);
}

async function compare(client: Client, files: MigrationFile[]): Promise<MigrationStatus> {
  const { rows } = await client.query<{ name: string; checksum: string }>(
    `SELECT name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY name`,
  );
  const recorded = new Map(rows.map((row) => [row.name, row.checksum]));
  // The checksum each applied migration must have: its file's, or the one its baseline lists.
  const expected = new Map<string, string>();
  for (const file of files) {
    for (const squashed of file.replaces) expected.set(squashed.name, squashed.checksum);
  }
  for (const file of files) expected.set(file.name, file.checksum);

  const pending: string[] = [];
  const adopted: string[] = [];
  const incomplete: string[] = [];
  for (const file of files.filter((f) => !recorded.has(f.name))) {
    const appliedSquashed = file.replaces.filter((squashed) => recorded.has(squashed.name)).length;
    if (appliedSquashed === 0) {
      pending.push(file.name);
    } else if (appliedSquashed === file.replaces.length) {
      pending.push(file.name);
      adopted.push(file.name);
    } else {
      incomplete.push(file.name);
    }
  }
  return {
    applied: rows.map((row) => row.name),
    pending,
    changed: rows
      .filter((row) => expected.has(row.name) && expected.get(row.name) !== row.checksum)
      .map((row) => row.name),
    missing: rows.filter((row) => !expected.has(row.name)).map((row) => row.name),
    adopted,
    incomplete,
  };
}
