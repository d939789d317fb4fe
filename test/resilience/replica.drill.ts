// `npm run drill:replica`: the heavy reads on a streaming replica.
//
// A throw-away embedded PostgreSQL (the primary) with the demo seed and its
// analytics summary tables built, a streaming replica of it (Debian's
// pg_basebackup; the embedded PostgreSQL 15 binary as a hot standby logging
// every data-modifying statement and every error), and the production API
// with DATABASE_READ_URL pointing at the replica. Then, under WORKERS
// concurrent clients, a mix of statements (JSON and CSV; each read is audited
// on the primary — a write the routing must keep off the replica), payment
// timeliness, flow-down, a spend export and home dashboards, each answer
// checked:
//   steady   the replica answers the heavy reads (Waymark-Data-Source), with
//            0 errors; every statement line and timeliness row a
//            subcontractor receives is its own (known from the primary), and
//            another subcontractor's statement or figures answer 404;
//   lagging  replay paused on the replica while writes continue: once its lag
//            passes DATABASE_READ_MAX_LAG_SECONDS the reads go to the primary,
//            with 0 errors; replay resumed, they come back;
//   control  one INSERT sent straight to the replica: refused, and the
//            replica's log shows it — the write check below can fail;
//   no write the API's run left no data-modifying statement and no error in
//            the replica's log (counted before the control), and its
//            statements were all served (pg_stat_database on the replica);
//   stopped  the replica shut down (fast) mid-load: 0 errors, the reads that
//            follow come from the primary.
// Ends with the ledger and audit chain checks every drill ends with, and no
// error in the API's log. Writes bench/results/replica.md; exit code 1 when a
// check fails.
import path from 'node:path';
import { migrate } from '../../packages/db/src/index';
import {
  api,
  checkInvariants,
  seed,
  signInAs,
  sleep,
  startApi,
  startDrillDatabase,
  stopApi,
  waitReady,
  writeResult,
  type ApiProcess,
  type DrillDatabase,
} from './lib/harness';
import {
  bump,
  checksTable,
  describeCounts,
  invariantsCheck,
  percentile,
  total,
  type Check,
} from './lib/report';
import { startReplica, type Replica } from './lib/replica';

const WORKERS = 12;
const STEADY_SECONDS = 15;
const LAG_BOUND_SECONDS = 2;
const STOP_LOAD_SECONDS = 16;
const STOP_AFTER_SECONDS = 5;

interface Member {
  email: string;
  organisationId: string;
  kind: 'PRIME' | 'SUBCONTRACTOR';
  subcontractIds: string[];
  claimIds: Set<string>;
  token: string;
}

interface Tally {
  requests: number;
  byKind: Map<string, number>;
  /** Heavy reads by the server that answered them (Waymark-Data-Source). */
  bySource: Map<string, number>;
  errors: Map<string, number>;
  leaks: string[];
  latencies: number[];
  /** Source of each heavy answer with its completion time, for "after the stop". */
  timeline: { at: number; source: string }[];
  /** Largest Waymark-Data-Lag-Seconds seen on a replica answer. */
  maxLagSeen: number;
}

const today = new Date().toISOString().slice(0, 10);
const PERIOD = `periodStart=2000-01-01&periodEnd=${today}`;

const newTally = (): Tally => ({
  requests: 0,
  byKind: new Map(),
  bySource: new Map(),
  errors: new Map(),
  leaks: [],
  latencies: [],
  timeline: [],
  maxLagSeen: 0,
});

async function findMembers(db: DrillDatabase): Promise<Member[]> {
  const { rows } = await db.pool.query<{
    email: string;
    organisation_id: string;
    kind: 'PRIME' | 'SUBCONTRACTOR';
  }>(
    `(SELECT DISTINCT ON (o.id) u.email, o.id AS organisation_id, o.kind::text AS kind
        FROM organisation o JOIN app_user u ON u.organisation_id = o.id AND u.is_active AND u.roles && ARRAY['FINANCE', 'ADMIN']::"Role"[]
       WHERE o.kind = 'SUBCONTRACTOR'
         AND EXISTS (SELECT 1 FROM subcontract s JOIN claim c ON c.subcontract_id = s.id WHERE s.subcontractor_id = o.id)
       ORDER BY o.id, u.email LIMIT 3)
     UNION ALL
     (SELECT u.email, o.id, o.kind::text FROM organisation o JOIN app_user u ON u.organisation_id = o.id AND u.is_active AND u.roles && ARRAY['FINANCE']::"Role"[]
       WHERE o.kind = 'PRIME' ORDER BY u.email LIMIT 1)`,
  );
  const members: Member[] = [];
  for (const row of rows) {
    const subcontracts = await db.pool.query<{ id: string }>(
      `SELECT id FROM subcontract WHERE subcontractor_id = $1 ORDER BY id`,
      [row.organisation_id],
    );
    const claims = await db.pool.query<{ id: string }>(
      `SELECT c.id FROM claim c JOIN subcontract s ON s.id = c.subcontract_id WHERE s.subcontractor_id = $1`,
      [row.organisation_id],
    );
    members.push({
      email: row.email,
      organisationId: row.organisation_id,
      kind: row.kind,
      subcontractIds: subcontracts.rows.map((s) => s.id),
      claimIds: new Set(claims.rows.map((c) => c.id)),
      token: '',
    });
  }
  return members;
}

/** One request of the mix, checked against what the caller may see. */
async function oneRequest(
  instance: ApiProcess,
  members: Member[],
  tally: Tally,
  step: number,
): Promise<void> {
  const member = members[step % members.length]!;
  const subcontractors = members.filter((m) => m.kind === 'SUBCONTRACTOR');
  const stranger = subcontractors.find((m) => m !== member)!;
  const kinds =
    member.kind === 'SUBCONTRACTOR'
      ? [
          'statement',
          'statement',
          'statement-csv',
          'timeliness',
          'foreign-statement',
          'foreign-figures',
          'dashboard',
        ]
      : ['flow-down', 'spend-csv', 'timeliness', 'dashboard'];
  const kind = kinds[Math.floor(Math.random() * kinds.length)]!;
  const own = member.subcontractIds[step % Math.max(1, member.subcontractIds.length)];
  let route: string;
  let expected = 200;
  switch (kind) {
    case 'statement':
      route = `/statements/subcontracts/${own}?${PERIOD}`;
      break;
    case 'statement-csv':
      route = `/statements/subcontracts/${own}/csv?${PERIOD}`;
      break;
    case 'foreign-statement':
      route = `/statements/subcontracts/${stranger.subcontractIds[0]}?${PERIOD}`;
      expected = 404;
      break;
    case 'foreign-figures':
      route = `/analytics/payment-timeliness?subcontractorId=${stranger.organisationId}`;
      expected = 404;
      break;
    case 'timeliness':
      route = '/analytics/payment-timeliness';
      break;
    case 'flow-down':
      route = '/analytics/flow-down';
      break;
    case 'spend-csv':
      route = '/analytics/spend?format=csv';
      break;
    default:
      route = '/dashboard';
  }
  const started = performance.now();
  try {
    const response = await fetch(`${instance.url}${route}`, {
      headers: { authorization: `Bearer ${member.token}` },
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    const source = response.headers.get('waymark-data-source') ?? 'none';
    if (response.status === 200) {
      bump(tally.bySource, source);
      tally.timeline.push({ at: Date.now(), source });
      if (source === 'replica')
        tally.maxLagSeen = Math.max(
          tally.maxLagSeen,
          Number(response.headers.get('waymark-data-lag-seconds') ?? 0),
        );
    }
    if (response.status !== expected)
      bump(tally.errors, `${kind} answered ${response.status} (expected ${expected})`);
    else if (response.status === 200 && kind === 'statement') {
      const body = JSON.parse(text) as { statement: { lines: { claimId: string | null }[] } };
      for (const line of body.statement.lines)
        if (line.claimId && !member.claimIds.has(line.claimId))
          tally.leaks.push(`${member.email} was shown claim ${line.claimId} (from ${source})`);
    } else if (
      response.status === 200 &&
      kind === 'timeliness' &&
      member.kind === 'SUBCONTRACTOR'
    ) {
      const body = JSON.parse(text) as { timeliness: { rows: { subcontractorId: string }[] } };
      for (const row of body.timeliness.rows)
        if (row.subcontractorId !== member.organisationId)
          tally.leaks.push(
            `${member.email} was shown ${row.subcontractorId}'s timeliness (from ${source})`,
          );
    }
  } catch (error) {
    bump(tally.errors, `${kind}: ${(error as Error).message.slice(0, 80)}`);
  }
  tally.requests++;
  tally.latencies.push(performance.now() - started);
  bump(tally.byKind, kind);
}

async function runLoad(
  instance: ApiProcess,
  members: Member[],
  seconds: number,
  during?: () => Promise<void>,
): Promise<Tally> {
  const tally = newTally();
  const until = Date.now() + seconds * 1000;
  let step = 0;
  await Promise.all([
    ...Array.from({ length: WORKERS }, async () => {
      while (Date.now() < until) await oneRequest(instance, members, tally, step++);
    }),
    during?.(),
  ]);
  return tally;
}

const loadLine = (tally: Tally, seconds: number) =>
  `${tally.requests} requests in ${seconds} s (${(tally.requests / seconds).toFixed(0)}/s), p50 ${percentile(tally.latencies, 50).toFixed(0)} ms, p95 ${percentile(tally.latencies, 95).toFixed(0)} ms; answered by: ${describeCounts(tally.bySource)}; errors: ${describeCounts(tally.errors)}`;

async function replicaLag(replica: Replica): Promise<number> {
  const rows = await replica.query<{ lag_seconds: number }>(
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 1e9) END::float8 AS lag_seconds`,
  );
  return rows[0]!.lag_seconds;
}

async function main(): Promise<void> {
  const started = Date.now();
  const checks: Check[] = [];
  const db = await startDrillDatabase();
  const storageDir = path.join(db.dataDir, 'storage');
  let replica: Replica | undefined;
  let instance: ApiProcess | undefined;
  const lines: string[] = [];
  try {
    await migrate({ databaseUrl: db.url });
    await seed(db);
    // Build the analytics summary tables on the primary (a commissioner administrator's refresh), so the
    // replica's copy has figures to scope.
    const refresher = await startApi({
      name: 'refresher',
      databaseUrl: db.url,
      storageDir,
      env: { JOBS_ENABLED: 'false' },
    });
    await waitReady(refresher, 120_000);
    const commissionerAdmin = (
      await db.pool.query<{ email: string }>(
        `SELECT u.email FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.kind = 'COMMISSIONER' AND 'ADMIN' = ANY(u.roles) AND u.is_active ORDER BY u.email LIMIT 1`,
      )
    ).rows[0]!.email;
    const refreshed = await api(refresher.url, 'POST', '/analytics/refresh', {
      token: await signInAs(refresher.url, commissionerAdmin),
      body: { full: true },
    });
    await stopApi(refresher);
    if (refreshed.status !== 200)
      throw new Error(
        `analytics refresh answered ${refreshed.status}: ${JSON.stringify(refreshed.body)}`,
      );

    const copyStarted = performance.now();
    replica = await startReplica({
      primaryUrl: db.url,
      directory: path.join(db.dataDir, 'replica'),
    });
    const copySeconds = (performance.now() - copyStarted) / 1000;
    lines.push(`Base backup and replica start to streaming: ${copySeconds.toFixed(1)} s.`);

    const members = await findMembers(db);
    const subcontractors = members.filter((m) => m.kind === 'SUBCONTRACTOR');
    if (subcontractors.length < 2 || !members.some((m) => m.kind === 'PRIME'))
      throw new Error(
        'the demo seed has fewer than two subcontractors with claims and a finance reader',
      );

    instance = await startApi({
      name: 'api',
      databaseUrl: db.url,
      storageDir,
      env: {
        DATABASE_READ_URL: replica.url,
        DATABASE_READ_MAX_LAG_SECONDS: String(LAG_BOUND_SECONDS),
      },
    });
    await waitReady(instance, 120_000);
    for (const member of members) member.token = await signInAs(instance.url, member.email);
    const servedBefore = await replica.query<{ n: string }>(
      `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = 'waymark'`,
    );
    const auditBefore = Number(
      (
        await db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM audit_event WHERE action = 'statement.read'`,
        )
      ).rows[0]!.n,
    );

    // Steady: the replica serves.
    const steady = await runLoad(instance, members, STEADY_SECONDS);
    const steadyReplica = steady.bySource.get('replica') ?? 0;
    const steadyHeavy = total(steady.bySource);
    checks.push({
      check: 'steady: the replica answers the heavy reads, 0 errors',
      ok: total(steady.errors) === 0 && steadyHeavy > 0 && steadyReplica / steadyHeavy >= 0.9,
      detail: `${loadLine(steady, STEADY_SECONDS)}; largest lag reported ${steady.maxLagSeen.toFixed(1)} s`,
    });
    checks.push({
      check:
        'row-level security on the replica: no subcontractor saw another’s statement line or figures; another’s records answer 404',
      ok:
        steady.leaks.length === 0 &&
        (steady.byKind.get('statement') ?? 0) > 0 &&
        (steady.byKind.get('foreign-statement') ?? 0) > 0 &&
        (steady.byKind.get('foreign-figures') ?? 0) > 0,
      detail: `${steady.leaks.length} leaks${steady.leaks.length ? ` (${steady.leaks.slice(0, 3).join('; ')})` : ''}; ${steady.byKind.get('statement') ?? 0} statements and ${steady.byKind.get('timeliness') ?? 0} timeliness answers checked line by line; ${steady.byKind.get('foreign-statement') ?? 0} reads of another subcontractor’s statement and ${steady.byKind.get('foreign-figures') ?? 0} of its figures (404 each)`,
    });
    const auditAfter = Number(
      (
        await db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM audit_event WHERE action = 'statement.read'`,
        )
      ).rows[0]!.n,
    );
    const statementsServed =
      (steady.byKind.get('statement') ?? 0) + (steady.byKind.get('statement-csv') ?? 0);
    checks.push({
      check:
        'each statement read on the replica is audited on the primary (a write the routing kept off the replica)',
      ok: auditAfter - auditBefore === statementsServed && statementsServed > 0,
      detail: `${auditAfter - auditBefore} statement.read audit events on the primary for ${statementsServed} statements served`,
    });

    // Lagging: pause replay; the statement audits keep writing on the primary.
    await replica.query('SELECT pg_wal_replay_pause()');
    let lagWhenPaused = 0;
    const lagDeadline = Date.now() + 30_000;
    const lagging = await runLoad(instance, members, LAG_BOUND_SECONDS + 8, async () => {
      while (Date.now() < lagDeadline) {
        lagWhenPaused = await replicaLag(replica!);
        if (lagWhenPaused > LAG_BOUND_SECONDS + 1) return;
        await sleep(250);
      }
    });
    const afterLag = await runLoad(instance, members, 4);
    await replica.query('SELECT pg_wal_replay_resume()');
    const resumeDeadline = Date.now() + 30_000;
    while ((await replicaLag(replica)) > 0 && Date.now() < resumeDeadline) await sleep(100);
    const resumed = await runLoad(instance, members, 4);
    checks.push({
      check: `lagging: replay paused past the ${LAG_BOUND_SECONDS} s bound, reads go to the primary with 0 errors; resumed, back to the replica`,
      ok:
        total(lagging.errors) + total(afterLag.errors) + total(resumed.errors) === 0 &&
        lagWhenPaused > LAG_BOUND_SECONDS &&
        (afterLag.bySource.get('replica') ?? 0) === 0 &&
        (afterLag.bySource.get('primary') ?? 0) > 0 &&
        (resumed.bySource.get('replica') ?? 0) > 0,
      detail: `lag measured on the replica ${lagWhenPaused.toFixed(1)} s when paused; while it grew: ${loadLine(lagging, LAG_BOUND_SECONDS + 8)}; past the bound (the next 4 s): ${loadLine(afterLag, 4)}; resumed: ${loadLine(resumed, 4)}`,
    });

    // No write from the API reached the replica: its log before the control.
    const servedAfter = await replica.query<{ n: string }>(
      `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = 'waymark'`,
    );
    const apiRun = replica.writesAndErrors();
    const replicaTransactions = Number(servedAfter[0]!.n) - Number(servedBefore[0]!.n);
    // Control: a write sent straight to the replica is refused and shows in its log.
    const control = await replica
      .query(`INSERT INTO organisation (name, kind) VALUES ('replica drill control', 'PRIME')`)
      .then(
        () => 'accepted',
        (error: Error) => error.message,
      );
    const withControl = replica.writesAndErrors();
    checks.push({
      check:
        'control: a write sent straight to the replica is refused and its log shows it (the next check can fail)',
      ok:
        /read-only transaction/.test(control) &&
        withControl.writes.length === apiRun.writes.length + 1 &&
        withControl.refusedWrites.length > apiRun.refusedWrites.length,
      detail: `the replica answered "${control}"; its log: ${withControl.writes.length - apiRun.writes.length} data-modifying statement and ${withControl.refusedWrites.length - apiRun.refusedWrites.length} refused write(s) more`,
    });
    checks.push({
      check:
        'no write ever reached the replica: its log shows no data-modifying statement and no refused write from the API’s run',
      ok:
        apiRun.writes.length === 0 && apiRun.refusedWrites.length === 0 && replicaTransactions > 0,
      detail: `${replicaTransactions} transactions served by the replica (pg_stat_database.xact_commit); ${apiRun.writes.length} data-modifying statements and ${apiRun.refusedWrites.length} refused writes in its log${apiRun.writes.length + apiRun.refusedWrites.length ? `: ${[...apiRun.writes, ...apiRun.refusedWrites].slice(0, 3).join(' / ')}` : ''}; other errors it logged (each answered again by the primary): ${apiRun.otherErrors.length}${apiRun.otherErrors.length ? ` (${apiRun.otherErrors.slice(0, 2).join(' / ')})` : ''}`,
    });

    // Stopped mid-load.
    let stoppedAt = 0;
    const stopped = await runLoad(instance, members, STOP_LOAD_SECONDS, async () => {
      await sleep(STOP_AFTER_SECONDS * 1000);
      await replica!.stop();
      stoppedAt = Date.now();
    });
    const beforeStop = stopped.timeline.filter((entry) => entry.at < stoppedAt);
    // A second for the in-flight reads and the probe interval; after that every heavy read is the primary's.
    const afterStop = stopped.timeline.filter((entry) => entry.at > stoppedAt + 1_000);
    checks.push({
      check: `stopped: the replica shut down ${STOP_AFTER_SECONDS} s into the load costs 0 errors; the reads after it come from the primary`,
      ok:
        total(stopped.errors) === 0 &&
        beforeStop.some((entry) => entry.source === 'replica') &&
        afterStop.length > 0 &&
        afterStop.every((entry) => entry.source === 'primary'),
      detail: `${loadLine(stopped, STOP_LOAD_SECONDS)}; before the stop ${beforeStop.filter((e) => e.source === 'replica').length} of ${beforeStop.length} heavy answers from the replica; from 1 s after it ${afterStop.filter((e) => e.source === 'primary').length} of ${afterStop.length} from the primary`,
    });

    const logErrors = instance.lines
      .filter((line) => /"level":(50|60)/.test(line))
      .map((line) => line.slice(0, 300));
    const fallbacks = instance.lines.filter((line) =>
      /runs again on the primary|heavy reads use/.test(line),
    );
    checks.push({
      check: 'no error in the API log (losing the replica is a warning)',
      ok: logErrors.length === 0,
      detail: `${logErrors.length} errors${logErrors.length ? `: ${logErrors.slice(0, 2).join('<br>')}` : ''}; ${fallbacks.length} routing notices (warnings and info)`,
    });
    const invariants = await checkInvariants(db);
    checks.push(invariantsCheck(invariants));
  } finally {
    if (instance) await stopApi(instance);
    await replica?.stop();
    await db.stop();
  }

  const ok = checks.every((check) => check.ok);
  const markdown = `# Heavy reads on a streaming replica

\`npm run drill:replica\`, run ${new Date().toISOString().slice(0, 10)} on a 2-core machine shared with other work (${((Date.now() - started) / 1000).toFixed(0)} s), on the demo seed (small scale).
Primary: a throw-away embedded PostgreSQL 15. Replica: \`pg_basebackup -X stream\` (Debian postgresql-15 client) of it, run by the embedded PostgreSQL 15 binary as a hot standby streaming from the primary, with \`log_statement = mod\` and \`log_min_error_statement = error\`.
API: one production instance (apps/api/dist) with \`DATABASE_READ_URL\` = the replica and \`DATABASE_READ_MAX_LAG_SECONDS=${LAG_BOUND_SECONDS}\`; ${WORKERS} concurrent clients: subcontractor finance users (statements JSON and CSV, payment timeliness, another subcontractor's statement and figures, dashboard) and a prime finance user (flow-down, spend CSV, timeliness, dashboard).
${lines.join('\n')}

${checksTable(checks)}
`;
  console.log(markdown);
  console.log(`written to ${writeResult('replica.md', markdown)}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
