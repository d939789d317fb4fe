// Where a heavy read runs: the read replica (DATABASE_READ_URL) when it is up
// and close enough behind the primary, otherwise the primary. The one place
// that decides (docs/architecture.md, "Reads on the replica").
//
// The rule:
//   - Only reads a service opens with `ReadDatabase.withReadScope` may go to
//     the replica: analytics, the home dashboard, statements and their
//     exports. Everything else — every write, the job queue, sign-in and the
//     session lookup, anything that must read its own writes — uses PG_POOL
//     (the primary) as before.
//   - The replica is used while its last probe (cached PROBE_INTERVAL_MS, not
//     per query) found it answering and at most `maxLagSeconds` behind.
//   - A read that fails on the replica because the replica cannot serve it
//     (down, restarting, a recovery conflict cancelled it), or that the
//     replica answers "no such record" or "no such session" for (it may not
//     have replayed them yet), runs again on the primary in the same request.
//     The primary's answer is the answer; the caller sees no error. Only a
//     write attempted on the replica (SQLSTATE 25006) is never retried: that
//     is a routing bug, and it must show.
//   - Row-level security is the same on both: the replica runs the read in
//     the same `withPartyScope` (waymark_open_scope, waymark_app, the
//     caller's organisation) on a copy of the same policies.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import {
  type Pool,
  type PoolClient,
  type QueryConfig,
  type QueryResult,
  type QueryResultRow,
} from 'pg';
import { queryInPartyScope, type ScopeCaller, withPartyScope } from './party-scope';
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';
import { describeCause } from '../errors/infrastructure-failure';

/** How often the replica's health and lag are measured (each instance, at most once per interval). */
export const PROBE_INTERVAL_MS = 1_000;
/** A probe not answered within this counts the replica as down. */
const PROBE_TIMEOUT_MS = 2_000;

/** How fresh the data behind an answer is: what the API sends as Waymark-Data-* headers. */
export interface ReadFreshness {
  source: 'replica' | 'primary';
  /** The instant the data read is complete up to (the read's own time on the primary). */
  dataAsOf: Date;
  /** Seconds the replica was behind the primary at its last probe; 0 on the primary. */
  lagSeconds: number;
}

/** What a probe of the replica found. */
export interface ReplicaProbe {
  isReachable: boolean;
  /** Seconds behind the primary; null when unreachable. */
  lagSeconds: number | null;
  /** The replica's clock when probed. */
  checkedAt: Date;
}

/** The rule as a plain function: use the replica only when it answered its last probe within the lag bound. */
export function isReplicaUsable(probe: ReplicaProbe | null, maxLagSeconds: number): boolean {
  if (!probe || !probe.isReachable || probe.lagSeconds === null) return false;
  return probe.lagSeconds <= maxLagSeconds;
}

/**
 * The replica's lag. While it streams from the primary and has replayed all
 * it received, it is up to date (0). Otherwise it is as old as the last
 * transaction it replayed — also when the primary has been quiet, which
 * errs on the side of the primary. A server that is not a standby (a
 * promoted replica, or the primary itself given as the reader) is up to date.
 * Reading pg_stat_wal_receiver's status needs pg_read_all_stats (or a
 * superuser) on the reader's role; without it the replica counts as not
 * streaming (docs/operations.md).
 */
export const PROBE_SQL = `SELECT now() AS checked_at,
  CASE WHEN NOT pg_is_in_recovery() THEN 0
       WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
        AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 1e9)
  END::float8 AS lag_seconds`;

/** waymark_open_scope's "the caller is no longer who the API thinks": the replica may not have the new session yet. */
const CALLER_CHANGED = 'WMS01';
/** A write inside a read-only transaction: a write routed to the replica by mistake. Never hidden by a retry. */
const READ_ONLY_TRANSACTION = '25006';

/**
 * What a failed read on the replica means: 'retry' on the primary; 'down'
 * (retry, and use the primary until the next probe) when the replica itself
 * failed — unreachable, shut down, a recovery conflict, its database gone;
 * 'answer' when the failure is the answer (the primary would say the same).
 */
function onReplicaFailure(error: unknown): 'retry' | 'down' | 'answer' {
  if (error instanceof AppError)
    // The replica may not have replayed the record or the session yet: the primary decides.
    return error.code === CommonError.NOT_FOUND || error.code === CommonError.UNAUTHENTICATED
      ? 'retry'
      : 'answer';
  const { code } = error as { code?: unknown };
  if (code === READ_ONLY_TRANSACTION) return 'answer';
  if (code === CALLER_CHANGED) return 'retry';
  return 'down';
}

/** Per request: the freshness of the reads it made, for the response headers (ReadFreshnessInterceptor). */
export const readFreshnessStore = new AsyncLocalStorage<{ freshness?: ReadFreshness }>();

function record(freshness: ReadFreshness): void {
  const store = readFreshnessStore.getStore();
  if (!store) return;
  // Several reads in one request: the answer is as old as its oldest part.
  if (!store.freshness || freshness.dataAsOf < store.freshness.dataAsOf)
    store.freshness = freshness;
}

export class ReadDatabase {
  private readonly logger = new Logger('ReadDatabase');
  private probe: ReplicaProbe | null = null;
  private probedAt = 0;
  private probing: Promise<void> | null = null;

  constructor(
    private readonly primary: Pool,
    private readonly replica: Pool | null,
    private readonly maxLagSeconds: number,
  ) {}

  /** True when DATABASE_READ_URL is set: routes reading here may be answered from a copy that lags. */
  get hasReplica(): boolean {
    return this.replica !== null;
  }

  /**
   * Runs a read-only party-scoped unit of work on the replica when it is
   * usable, else on the primary (the rule at the top of this file). `work`
   * must only read: on the replica a write fails (read-only), and a read may
   * be run twice (replica, then primary).
   */
  async withReadScope<T>(
    caller: ScopeCaller,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    return this.onReadServer((pool) => withPartyScope(pool, caller, work));
  }

  /**
   * One read-only statement in the caller's party scope, routed as withReadScope is, in a single round trip
   * (queryInPartyScope: the scope opening pipelined with the statement) — for a heavy read that is one statement.
   */
  async queryInReadScope<R extends QueryResultRow>(
    caller: ScopeCaller,
    text: string,
    values: unknown[],
  ): Promise<QueryResult<R>> {
    return this.onReadServer((pool) => queryInPartyScope<R>(pool, caller, text, values));
  }

  /** Runs `read` on the replica when it is usable, else (or when the replica cannot serve it) on the primary. */
  private async onReadServer<T>(read: (pool: Pool) => Promise<T>): Promise<T> {
    const replica = this.replica;
    if (replica) {
      const probe = await this.currentProbe();
      if (isReplicaUsable(probe, this.maxLagSeconds) && probe) {
        try {
          const result = await read(replica);
          record({
            source: 'replica',
            lagSeconds: probe.lagSeconds ?? 0,
            dataAsOf: new Date(probe.checkedAt.getTime() - (probe.lagSeconds ?? 0) * 1000),
          });
          return result;
        } catch (error) {
          const next = onReplicaFailure(error);
          if (next === 'answer') throw error;
          if (next === 'down') {
            this.markDown();
            this.logger.warn(
              { cause: describeCause(error) },
              'a read failed on the replica; it runs again on the primary, and reads use the primary until the next probe',
            );
          }
        }
      }
    }
    const result = await read(this.primary);
    // Without a replica nothing can lag, and answers stay as they were (no Waymark-Data-* headers).
    if (replica) record({ source: 'primary', lagSeconds: 0, dataAsOf: new Date() });
    return result;
  }

  /** The last probe, refreshed when older than PROBE_INTERVAL_MS; concurrent requests share one probe. */
  private async currentProbe(): Promise<ReplicaProbe | null> {
    if (Date.now() - this.probedAt >= PROBE_INTERVAL_MS) {
      this.probing ??= this.runProbe().finally(() => (this.probing = null));
      await this.probing;
    }
    return this.probe;
  }

  private async runProbe(): Promise<void> {
    const replica = this.replica;
    if (!replica) return;
    const wasUsable = isReplicaUsable(this.probe, this.maxLagSeconds);
    try {
      // A hung replica must not hold the requests waiting on this probe: it counts as down.
      const { rows } = await replica.query<{ checked_at: Date; lag_seconds: number }>({
        text: PROBE_SQL,
        query_timeout: PROBE_TIMEOUT_MS,
      } as QueryConfig);
      const row = rows[0]!;
      this.probe = { isReachable: true, lagSeconds: row.lag_seconds, checkedAt: row.checked_at };
    } catch (error) {
      this.probe = { isReachable: false, lagSeconds: null, checkedAt: new Date() };
      if (wasUsable)
        this.logger.warn(
          { cause: describeCause(error) },
          'the read replica does not answer; heavy reads use the primary',
        );
    }
    this.probedAt = Date.now();
    const isUsable = isReplicaUsable(this.probe, this.maxLagSeconds);
    if (isUsable !== wasUsable && this.probe.isReachable)
      this.logger.log(
        { lagSeconds: this.probe.lagSeconds, maxLagSeconds: this.maxLagSeconds },
        isUsable
          ? 'heavy reads use the read replica'
          : 'the read replica is too far behind; heavy reads use the primary',
      );
  }

  /** A read found the replica down: use the primary until the next probe says otherwise. */
  private markDown(): void {
    this.probe = { isReachable: false, lagSeconds: null, checkedAt: new Date() };
    this.probedAt = Date.now();
  }
}
