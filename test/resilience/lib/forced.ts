// What makes a drill's fault land where it says it lands: a lock held from the
// drill's own session so a request provably waits mid-transaction (seen in
// pg_stat_activity, blocked by that session, with a transaction id — it has
// written). (The database stopped and started again under load is
// lib/harness.ts's startDrillDatabase.) Every wait has a deadline.
import { Client, type Pool } from 'pg';
import { sleep } from './harness';

interface HeldLock {
  /** The drill session's backend pid: whoever waits on the lock shows it in pg_blocking_pids. */
  pid: number;
  release(): Promise<void>;
}

/** Opens a transaction on its own connection and takes the lock `sql` names (e.g. `SELECT … FOR UPDATE`); kept until release(). */
export async function holdLock(url: string, sql: string, values: unknown[]): Promise<HeldLock> {
  const client = new Client({ connectionString: url, application_name: 'drill-lock' });
  client.on('error', () => undefined);
  await client.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  await client.query('BEGIN');
  const held = await client.query(sql, values);
  if (held.rowCount === 0) {
    await client.end();
    throw new Error(`the lock query took no row: ${sql}`);
  }
  let released = false;
  return {
    pid,
    async release() {
      if (released) return;
      released = true;
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

export interface BlockedBackend {
  pid: number;
  applicationName: string;
  /** Set once the transaction has written something (PostgreSQL assigns an xid at the first write). */
  xid: string | null;
  waitEventType: string | null;
  query: string;
  transactionMs: number;
}

/** Backends waiting on `lockPid` just now. */
async function blockedBy(pool: Pool, lockPid: number): Promise<BlockedBackend[]> {
  const { rows } = await pool.query<{
    pid: number;
    application_name: string;
    backend_xid: string | null;
    wait_event_type: string | null;
    query: string;
    transaction_ms: number;
  }>(
    `SELECT pid, application_name, backend_xid::text, wait_event_type, query,
            (extract(epoch FROM clock_timestamp() - xact_start) * 1000)::float8 AS transaction_ms
       FROM pg_stat_activity
      WHERE $1 = ANY(pg_blocking_pids(pid))
      ORDER BY xact_start`,
    [lockPid],
  );
  return rows.map((row) => ({
    pid: row.pid,
    applicationName: row.application_name,
    xid: row.backend_xid,
    waitEventType: row.wait_event_type,
    query: row.query.replace(/\s+/g, ' ').slice(0, 120),
    transactionMs: Math.round(row.transaction_ms),
  }));
}

/** Waits until `count` backends (optionally with `predicate`) wait on `lockPid`; throws at the deadline. */
export async function waitBlocked(
  pool: Pool,
  lockPid: number,
  options: {
    count?: number;
    timeoutMs?: number;
    predicate?: (b: BlockedBackend[]) => boolean;
  } = {},
): Promise<BlockedBackend[]> {
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let seen: BlockedBackend[] = [];
  while (Date.now() < deadline) {
    seen = await blockedBy(pool, lockPid);
    if (seen.length >= count && (options.predicate?.(seen) ?? true)) return seen;
    await sleep(50);
  }
  throw new Error(
    `${count} request(s) never waited on the drill's lock within the deadline (seen: ${JSON.stringify(seen)})`,
  );
}

/** Waits until backend `pid` is gone (its client died and the server rolled its transaction back). */
export async function waitBackendGone(
  pool: Pool,
  pid: number,
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const { rowCount } = await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rowCount === 0) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`backend ${pid} still there ${timeoutMs / 1000} s after its client died`);
}
