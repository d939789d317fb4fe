// The library behind `npm run db:restore` (scripts/restore.ts is the command line).
// `npm run db:restore -- <file> [--target <database>]`: pg_restore a backup
// into a NEW database on the same server (default `waymark_restore_<time>`),
// leaving the live one alone — inspect it, point DATABASE_URL at it.
//
// `npm run db:restore -- <file> --into-current --yes`: replace the current
// database. The backup is restored into a side database first (so a bad file
// never touches the live data), then connections to the current one are
// ended and the two are swapped by renaming; the old one is kept as
// `<name>_pre_restore_<time>` until you drop it.
import { Client } from 'pg';
import { quoteIdent } from '../database';
import { runPgTool } from './backup';

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export const databaseNameOf = (url: string): string =>
  decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * Marks enum equality LEAKPROOF, as the baseline migration
 * (prisma/migrations/20261206900000_baseline) does, when connected as a superuser. A change to a built-in function lives
 * in the database's catalog and pg_dump does not carry it, so a restored
 * database would otherwise lose it (correct, but status filters under
 * row-level security stop using their indexes).
 */
export const MARK_ENUM_EQUALITY_LEAKPROOF = `DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.enum_eq(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_ne(anyenum, anyenum) LEAKPROOF;
  END IF;
END
$$`;

async function withAdmin<T>(
  url: string,
  work: (client: Client) => Promise<T>,
  database = 'postgres',
): Promise<T> {
  const admin = new Client({ connectionString: withDatabaseName(url, database) });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Creates `database` (which must not exist) and restores the backup into it.
 * Ownership is not restored (objects belong to the connecting user); grants
 * to `waymark_app` are, so row-level security works on the copy.
 */
export async function restoreIntoNewDatabase(options: {
  serverUrl: string;
  file: string;
  database: string;
}): Promise<{ url: string; durationMs: number }> {
  const started = Date.now();
  await withAdmin(options.serverUrl, async (admin) => {
    // The role the RLS policies name; a fresh server (restore to another machine) may not have it yet.
    await admin.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'waymark_app') THEN CREATE ROLE waymark_app NOLOGIN; END IF; END $$`,
    );
    await admin.query(`CREATE DATABASE ${quoteIdent(options.database)}`);
  });
  const url = withDatabaseName(options.serverUrl, options.database);
  try {
    // One transaction: a damaged or truncated file leaves nothing half-restored.
    await runPgTool('pg_restore', [
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      '--no-password',
      `--dbname=${url}`,
      options.file,
    ]);
    await withAdmin(
      options.serverUrl,
      (restored) => restored.query(MARK_ENUM_EQUALITY_LEAKPROOF),
      options.database,
    );
  } catch (error) {
    await withAdmin(options.serverUrl, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(options.database)}`),
    );
    throw error;
  }
  return { url, durationMs: Date.now() - started };
}

/** Restores beside the current database, then swaps names; returns the name the old database is kept under. */
export async function restoreIntoCurrent(options: {
  currentUrl: string;
  file: string;
  stamp: string;
}): Promise<{ keptAs: string; durationMs: number }> {
  const current = databaseNameOf(options.currentUrl);
  const restoring = `${current}_restoring_${options.stamp}`;
  const keptAs = `${current}_pre_restore_${options.stamp}`;
  const { durationMs } = await restoreIntoNewDatabase({
    serverUrl: options.currentUrl,
    file: options.file,
    database: restoring,
  });
  await withAdmin(options.currentUrl, async (admin) => {
    // No new sessions while we swap, then end the existing ones (API instances reconnect to the restored database).
    await admin.query(`ALTER DATABASE ${quoteIdent(current)} WITH ALLOW_CONNECTIONS false`);
    try {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [current],
      );
      await admin.query(`ALTER DATABASE ${quoteIdent(current)} RENAME TO ${quoteIdent(keptAs)}`);
      await admin.query(`ALTER DATABASE ${quoteIdent(restoring)} RENAME TO ${quoteIdent(current)}`);
    } finally {
      const name = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [keptAs]))
        .rowCount
        ? keptAs
        : current;
      await admin.query(`ALTER DATABASE ${quoteIdent(name)} WITH ALLOW_CONNECTIONS true`);
    }
  });
  return { keptAs, durationMs };
}
