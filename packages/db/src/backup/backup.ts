// The library behind `npm run db:backup` (scripts/backup.ts is the command line).
// `npm run db:backup [-- --out <file>]`: pg_dump (custom format) of the running
// database — DATABASE_URL, or the embedded server under .data/pg — to
// .data/backups/<timestamp>.dump, printing the path and size. pg_dump comes
// from Debian's postgresql-client-15 (same major version as the server).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolveDatabase, type ResolvedDatabase } from '../database';
import { readDatabaseEnv } from '../env';

// The embedded server's superuser (packages/db/src/embedded-server.ts); only used to reach a server another process started.
const EMBEDDED_SUPERUSER = 'postgres';
const EMBEDDED_PASSWORD = 'waymark-embedded';

/**
 * The database to back up or restore into. An embedded server that is already
 * running (npm start, a bench) is reached through its postmaster.pid port —
 * starting a second postmaster on the same data directory would fail.
 */
export async function connectToDatabase(): Promise<ResolvedDatabase> {
  const env = readDatabaseEnv();
  if (env.databaseUrl) return resolveDatabase(env);
  const running = runningEmbeddedPort(path.join(env.dataDir, 'pg'));
  if (running !== null) {
    return {
      url: `postgresql://${EMBEDDED_SUPERUSER}:${EMBEDDED_PASSWORD}@127.0.0.1:${running}/waymark`,
      isEmbedded: false,
      stop: async () => undefined,
    };
  }
  return resolveDatabase(env);
}

function runningEmbeddedPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const [pid, , , port] = fs.readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch (error) {
    // EPERM: alive but owned by the postgres OS user (we run as root or another user).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return Number(port);
}

/** Runs a PostgreSQL client tool, failing with its stderr. */
export function runPgTool(tool: 'pg_dump' | 'pg_restore' | 'psql', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`${tool} not found: apt-get install -y postgresql-client-15`)
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

export interface Backup {
  file: string;
  sizeBytes: number;
  durationMs: number;
}

/**
 * pg_dump --format=custom of one database; the file is written beside and renamed, so a crash never leaves a truncated backup under
 * the final name.
 */
export async function backupDatabase(options: {
  databaseUrl: string;
  file: string;
}): Promise<Backup> {
  const started = Date.now();
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const partial = `${options.file}.partial`;
  await runPgTool('pg_dump', [
    '--format=custom',
    '--compress=6',
    '--no-password',
    `--file=${partial}`,
    `--dbname=${options.databaseUrl}`,
  ]);
  fs.renameSync(partial, options.file);
  return {
    file: options.file,
    sizeBytes: fs.statSync(options.file).size,
    durationMs: Date.now() - started,
  };
}

export function defaultBackupFile(dataDir = readDatabaseEnv().dataDir, at = new Date()): string {
  return path.join(dataDir, 'backups', `${at.toISOString().replace(/[:.]/g, '-')}.dump`);
}

export const formatBytes = (bytes: number): string =>
  bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(2)} GB`
    : bytes >= 1024 ** 2
      ? `${(bytes / 1024 ** 2).toFixed(1)} MB`
      : `${(bytes / 1024).toFixed(1)} kB`;
