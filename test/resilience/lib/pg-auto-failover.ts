// A pg_auto_failover formation (Debian's postgresql-15-auto-failover) for a
// drill: a monitor and two PostgreSQL 15 nodes on localhost, each `pg_autoctl
// … --run` a child process leading its own process group, so a drill can kill
// a node outright (keeper and postmaster together, SIGKILL: the machine gone).
// Everything lives in one throw-away directory; pg_autoctl's own config and
// state files too (XDG_CONFIG_HOME / XDG_DATA_HOME point into it).
// pg_autoctl and PostgreSQL refuse to run as root: on a root machine the
// processes run as the `postgres` user the Debian package created.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../../../packages/db/src/index';
import { queryOnce, sleep } from './harness';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_AUTOCTL = '/usr/bin/pg_autoctl';
export const DATABASE = 'waymark';

export interface FormationNode {
  name: string;
  port: number;
  /** One-host URL of the node's `waymark` database (trust authentication on 127.0.0.1). */
  url: string;
  child: ChildProcess;
  lines: string[];
}

export interface NodeState {
  name: string;
  port: number;
  reportedState: string;
  goalState: string;
}

export interface Formation {
  monitorUrl: string;
  /** `pg_autoctl show uri --formation default`: every node, target_session_attrs=read-write. */
  formationUrl: string;
  nodes: FormationNode[];
  states(): Promise<NodeState[]>;
  /** SIGKILL to the node's process group: its keeper, its postmaster and every backend. */
  kill(node: FormationNode): void;
  stop(): Promise<void>;
}

interface Runner {
  uid?: number;
  gid?: number;
  env: NodeJS.ProcessEnv;
}

function runnerFor(directory: string): Runner {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const env = {
    ...process.env,
    PATH: `${PG_BIN}:${process.env.PATH ?? ''}`,
    HOME: directory,
    XDG_CONFIG_HOME: path.join(directory, 'config'),
    XDG_DATA_HOME: path.join(directory, 'share'),
    PG_CONFIG: path.join(PG_BIN, 'pg_config'),
  };
  if (!isRoot) return { env };
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  fs.chownSync(directory, uid, gid);
  return { uid, gid, env };
}

function spawnAutoctl(runner: Runner, args: string[], lines: string[]): ChildProcess {
  const child = spawn(PG_AUTOCTL, args, {
    env: runner.env,
    uid: runner.uid,
    gid: runner.gid,
    cwd: runner.env.HOME,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return child;
}

function autoctlOutput(runner: Runner, args: string[]): string {
  return execFileSync(PG_AUTOCTL, args, {
    env: runner.env,
    uid: runner.uid,
    gid: runner.gid,
    cwd: runner.env.HOME,
  }).toString();
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  onWait?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await onWait?.().catch(() => undefined);
    await sleep(250);
  }
}

/**
 * The monitor's health checks, tightened for the drill (the defaults take ~20 s to call a node unhealthy).
 * primary_demote_timeout keeps its default (30 s): the promoted standby stays read-only that long, in case the
 * old primary is only cut off and still taking writes — the production behaviour the drill measures.
 */
const MONITOR_SETTINGS: Record<string, string> = {
  'pgautofailover.health_check_period': '1000',
  'pgautofailover.health_check_timeout': '1000',
  'pgautofailover.health_check_max_retries': '1',
  'pgautofailover.health_check_retry_delay': '500',
  'pgautofailover.node_considered_unhealthy_timeout': '3000',
};

export async function startFormation(options: {
  directory: string;
  log: (line: string) => void;
}): Promise<Formation> {
  if (!fs.existsSync(PG_AUTOCTL) || !fs.existsSync(path.join(PG_BIN, 'postgres')))
    throw new Error(
      'pg_auto_failover is not installed: apt-get update && apt-get install -y postgresql-15 postgresql-15-auto-failover',
    );
  fs.mkdirSync(options.directory, { recursive: true });
  for (let dir = path.dirname(options.directory); dir !== '/'; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
  const runner = runnerFor(options.directory);
  const children: ChildProcess[] = [];
  const monitorPort = await findFreePort();
  const monitorLines: string[] = [];
  const common = ['--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl'];
  children.push(
    spawnAutoctl(
      runner,
      [
        'create',
        'monitor',
        '--pgdata',
        path.join(options.directory, 'monitor'),
        '--pgport',
        String(monitorPort),
        ...common,
        '--run',
      ],
      monitorLines,
    ),
  );
  const monitorAdminUrl = `postgresql://postgres@127.0.0.1:${monitorPort}/pg_auto_failover`;
  await until(
    'the pg_auto_failover monitor',
    async () => (await queryOnce(monitorAdminUrl, 'SELECT 1')).length === 1,
    60_000,
  );
  for (const [name, value] of Object.entries(MONITOR_SETTINGS))
    await queryOnce(monitorAdminUrl, `ALTER SYSTEM SET ${name} = '${value}'`);
  await queryOnce(monitorAdminUrl, 'SELECT pg_reload_conf()');
  const monitorUrl = `postgresql://autoctl_node@127.0.0.1:${monitorPort}/pg_auto_failover?sslmode=prefer`;
  options.log(`monitor on port ${monitorPort}`);

  const states = async (): Promise<NodeState[]> =>
    queryOnce<NodeState>(
      monitorAdminUrl,
      `SELECT nodename AS name, nodeport AS port, reportedstate::text AS "reportedState", goalstate::text AS "goalState" FROM pgautofailover.node ORDER BY nodeid`,
    );

  const nodes: FormationNode[] = [];
  const killGroup = (child: ChildProcess) => {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    // Nodes first (their keepers would otherwise re-register), then the monitor: SIGTERM lets pg_autoctl stop PostgreSQL.
    for (const child of [...children].reverse()) {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await addNodes();
  } catch (error) {
    await stop();
    throw error;
  }
  const formationUrl = autoctlOutput(runner, [
    'show',
    'uri',
    '--formation',
    'default',
    '--pgdata',
    path.join(options.directory, 'monitor'),
  ]).trim();
  return {
    monitorUrl: monitorAdminUrl,
    // The nodes run without TLS (--no-ssl) yet pg_autoctl writes sslmode=prefer, which node-postgres reads as
    // verify-full: say disable. A formation with TLS takes sslmode=verify-full and its CA.
    formationUrl: formationUrl
      .replace(/^postgres:\/\/(?!postgres@)/, 'postgres://postgres@')
      .replace('sslmode=prefer', 'sslmode=disable'),
    nodes,
    states,
    kill: (node) => killGroup(node.child),
    stop,
  };

  async function addNodes(): Promise<void> {
    // A lone node is "single"; it becomes "primary" once the second has caught up as "secondary".
    for (const [index, expected] of ['single', 'secondary'].entries()) {
      const name = `node_${index + 1}`;
      const port = await findFreePort();
      const lines: string[] = [];
      const child = spawnAutoctl(
        runner,
        [
          'create',
          'postgres',
          '--pgdata',
          path.join(options.directory, name),
          '--pgport',
          String(port),
          '--name',
          name,
          '--dbname',
          DATABASE,
          '--monitor',
          monitorUrl,
          ...common,
          '--run',
        ],
        lines,
      );
      children.push(child);
      const node = {
        name,
        port,
        url: `postgresql://postgres@127.0.0.1:${port}/${DATABASE}`,
        child,
        lines,
      };
      nodes.push(node);
      // pg_basebackup waits for a spread checkpoint on the primary: ask for it now instead of minutes from now.
      await until(
        `${name} ${expected}`,
        async () =>
          (await states()).some((s) => s.name === name && s.reportedState === expected) &&
          node.child.exitCode === null,
        180_000,
        index > 0 ? () => queryOnce(nodes[0]!.url, 'CHECKPOINT').then(() => undefined) : undefined,
      ).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\n${lines.slice(-20).join('\n')}`);
      });
      options.log(`${name} on port ${port}: ${expected}`);
    }
    await until(
      'node_1 primary',
      async () =>
        (await states()).some((s) => s.name === 'node_1' && s.reportedState === 'primary'),
      60_000,
    );
  }
}
