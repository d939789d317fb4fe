// Audited writes that scale with cores (issue 20, W17): activity writes
// (POST /referrals/:id/activities — one activity row and one audit event per
// request) against the production entrypoint, at 4 and 16 connections.
//
//   npx tsx bench/audit-writes.ts [--referrals 20000] [--seconds 15] [--label after]
//
// A throw-away embedded PostgreSQL (default durability: every commit is
// flushed), the scale generator's national programme at --referrals, and a
// bench caseworker in each of the 16 subcontractors delivering the most live
// referrals. Each connection writes activities on its own referral, so no two
// requests wait on the same referral row. Two shapes per connection count:
//   spread   connection i acts for subcontractor i mod 16 (different
//            organisations, as caseworkers of a national programme are);
//   one org  every connection acts for the same subcontractor.
// While a run goes, pg_stat_activity is sampled every 100 ms for sessions
// waiting on a lock (wait_event_type = 'Lock'): the audit chain's queue.
// Where a write's time goes, per run: the statements the server ran per
// write (pg_stat_statements, top level: a round trip may carry several, e.g.
// BEGIN and the scope's CALL) with their mean time, and the CPU each side
// spent per write — the API process, every PostgreSQL process, and this
// load generator — read from /proc. `--cpu-prof` also writes a V8 CPU
// profile of the API process to /tmp/waymark-cpu-prof/ (PROFILER_PRELOAD).
// Writes bench/results/audit-writes-<N>-<label>.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../packages/db/src/index';
import { generateScaleData } from '../packages/db/src/generate/index';
import { startApi, startDrillDatabase, stopApi, waitReady } from '../test/resilience/lib/harness';
import { argument, summarise } from './lib/measure';

const ROOT = path.join(__dirname, '..');
const ORGANISATIONS = 16;
const PROFILE_DIR = path.join(os.tmpdir(), 'waymark-cpu-prof');
/**
 * Preloaded into the API process for --cpu-prof (node refuses --cpu-prof in
 * NODE_OPTIONS; --require is allowed): V8-profiles the whole process and
 * writes a .cpuprofile (Chrome DevTools, speedscope) when it exits. The
 * inspector session is on the same thread, so stopping the profiler answers
 * synchronously, in time for the 'exit' event.
 */
const PROFILER_PRELOAD = `
const fs = require('node:fs');
const path = require('node:path');
const session = new (require('node:inspector').Session)();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    fs.mkdirSync(${JSON.stringify(PROFILE_DIR)}, { recursive: true });
    fs.writeFileSync(path.join(${JSON.stringify(PROFILE_DIR)}, 'api-' + process.pid + '.cpuprofile'), JSON.stringify(result.profile));
  });
});
`;
const PASSWORD = 'audit bench password, long enough';

interface Writer {
  organisationId: string;
  token: string;
  referrals: string[];
}

interface RunResult {
  shape: string;
  /** Top-level statements the server ran per successful write, most frequent first. */
  statements: { query: string; perWrite: number; meanMs: number }[];
  /** CPU ms per successful write: the API process, PostgreSQL (all its processes), this load generator. */
  cpuMsPerWrite: { api: number; postgres: number; generator: number };
  /** Wall-clock share of both cores that was busy across the whole machine (other helpers' work included). */
  machineBusy: number;
  connections: number;
  writes: number;
  perSecond: number;
  p50: number;
  p95: number;
  errors: number;
  meanLockWaiters: number;
}

function labelArgument(): string {
  const at = process.argv.indexOf('--label');
  return at === -1 ? 'run' : (process.argv[at + 1] ?? 'run');
}

async function run(options: {
  apiUrl: string;
  writers: Writer[];
  connections: number;
  seconds: number;
  shape: 'spread' | 'one org';
  monitor: Client;
  cpu: CpuWatch;
}): Promise<RunResult> {
  await options.monitor.query('SELECT pg_stat_statements_reset()');
  const cpuBefore = options.cpu.read();
  const today = new Date().toISOString().slice(0, 10);
  const latencies: number[] = [];
  let errors = 0;
  let sampling = true;
  const waiters: number[] = [];
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await options.monitor.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      );
      waiters.push(Number(rows[0]!.n));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const until = Date.now() + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async (_, index) => {
      const writer =
        options.shape === 'spread'
          ? options.writers[index % options.writers.length]!
          : options.writers[0]!;
      const referralIndex =
        options.shape === 'spread' ? Math.floor(index / options.writers.length) : index;
      const referralId = writer.referrals[referralIndex % writer.referrals.length]!;
      let n = 0;
      while (Date.now() < until) {
        const started = performance.now();
        const response = await fetch(`${options.apiUrl}/referrals/${referralId}/activities`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.token}` },
          body: JSON.stringify({
            kind: 'CONTACT',
            occurredOn: today,
            notes: `audit bench ${index}-${n++}`,
          }),
        });
        await response.arrayBuffer();
        if (response.status === 201) latencies.push(performance.now() - started);
        else errors++;
      }
    }),
  );
  sampling = false;
  await sampler;
  const cpuAfter = options.cpu.read();
  const { p50, p95 } = summarise(latencies);
  const writes = Math.max(1, latencies.length);
  const { rows: statements } = await options.monitor.query<{
    query: string;
    calls: string;
    total: number;
  }>(
    `SELECT query, calls::text, total_exec_time AS total FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%pg_stat_%'`,
  );
  // The scope's CALL carries its caller as literals (party-scope.ts): one entry, whoever calls.
  const grouped = new Map<string, { calls: number; total: number }>();
  for (const row of statements) {
    const query = row.query.replace(
      /^CALL waymark_open_scope\(.*\)$/s,
      'CALL waymark_open_scope(…)',
    );
    const entry = grouped.get(query) ?? { calls: 0, total: 0 };
    entry.calls += Number(row.calls);
    entry.total += row.total;
    grouped.set(query, entry);
  }
  return {
    shape: options.shape,
    statements: [...grouped]
      .map(([query, row]) => ({
        query: query.replace(/\s+/g, ' ').slice(0, 110),
        perWrite: row.calls / writes,
        meanMs: row.total / row.calls,
      }))
      .filter((row) => row.perWrite >= 0.01)
      .sort((a, b) => b.perWrite - a.perWrite || b.meanMs - a.meanMs),
    cpuMsPerWrite: {
      api: (cpuAfter.api - cpuBefore.api) / writes,
      postgres: (cpuAfter.postgres - cpuBefore.postgres) / writes,
      generator: (cpuAfter.generator - cpuBefore.generator) / writes,
    },
    machineBusy:
      (cpuAfter.machineBusy - cpuBefore.machineBusy) /
      (cpuAfter.machineTotal - cpuBefore.machineTotal),
    connections: options.connections,
    writes: latencies.length,
    perSecond: latencies.length / options.seconds,
    p50,
    p95,
    errors,
    meanLockWaiters: waiters.reduce((sum, n) => sum + n, 0) / Math.max(1, waiters.length),
  };
}

/** Writes PROFILER_PRELOAD where the API process can --require it; returns its path. */
function writeProfilerPreload(): string {
  const file = path.join(os.tmpdir(), 'waymark-cpu-profile.cjs');
  fs.writeFileSync(file, PROFILER_PRELOAD);
  return file;
}

/** CPU ms a process has used (user + system), from /proc/<pid>/stat; 0 once it has gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime 14, stime 15 (1-based, man proc).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

interface CpuWatch {
  read(): {
    api: number;
    postgres: number;
    generator: number;
    machineBusy: number;
    machineTotal: number;
  };
}

/** Reads the CPU of the API process, the postmaster and its children (every backend), and this process. */
function watchCpu(apiPid: number, pgDataDir: string): CpuWatch {
  const postmaster = Number(
    fs.readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  return {
    read() {
      let postgres = processCpuMs(postmaster);
      for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
          const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (parent === postmaster) postgres += processCpuMs(Number(entry));
        } catch {
          // gone meanwhile
        }
      }
      const usage = process.cpuUsage();
      const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
      const ticks = cpu!.trim().split(/\s+/).slice(1).map(Number);
      const idle = ticks[3]! + ticks[4]!;
      const total = ticks.reduce((sum, n) => sum + n, 0);
      return {
        api: processCpuMs(apiPid),
        postgres,
        generator: (usage.user + usage.system) / 1000,
        machineBusy: total - idle,
        machineTotal: total,
      };
    },
  };
}

/**
 * EXPLAIN (ANALYZE) of one activity insert on a writer's referral, as the
 * writer's organisation (row-level security on), rolled back: where the
 * insert's time goes — its policy check, foreign keys and triggers.
 */
async function explainActivityInsert(databaseUrl: string, writer: Writer): Promise<string> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench explain' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('CALL waymark_open_scope($1, NULL, NULL, NULL, NULL)', [
      writer.organisationId,
    ]);
    const referralId = writer.referrals[0]!;
    const insert = `INSERT INTO activity (programme_id, prime_contract_id, referral_id, kind, occurred_on, notes, recorded_by_user_id, recorded_on)
       SELECT r.programme_id, r.prime_contract_id, r.id, 'CONTACT', current_date, 'explain', u.id, current_date
         FROM referral r, (SELECT id FROM app_user WHERE organisation_id = $2 LIMIT 1) u WHERE r.id = $1`;
    // Once unmeasured, so the plan shows the insert, not this connection's first use of the functions and catalogs.
    await client.query(insert, [referralId, writer.organisationId]);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${insert}`,
      [referralId, writer.organisationId],
    );
    // What the insert trigger did before migration 20261209200000 (updates and deletes still do):
    // a re-read of every activity of the referral — as the trigger's owner, past row-level security, as the
    // SECURITY DEFINER trigger reads.
    await client.query('RESET ROLE');
    const recompute = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
       SELECT max(a.occurred_on), max(a.occurred_on) FILTER (WHERE a.kind = 'CONTACT') FROM activity a WHERE a.referral_id = $1`,
      [referralId],
    );
    const activities = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM activity WHERE referral_id = $1',
      [referralId],
    );
    return [
      `-- the referral holds ${activities.rows[0]!.n} activities`,
      ...rows.map((row) => row['QUERY PLAN']),
      '',
      "-- the full recompute of the referral's days, as the trigger's owner (the insert trigger before migration 20261209200000; updates and deletes still):",
      ...recompute.rows.map((row) => row['QUERY PLAN']),
    ].join('\n');
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

async function main(): Promise<void> {
  const referrals = argument('referrals', 20_000);
  const seconds = argument('seconds', 15);
  const label = labelArgument();
  const isProfiling = process.argv.includes('--cpu-prof');
  const loadAtStart = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  const db = await startDrillDatabase();
  const monitor = new Client({ connectionString: db.url, application_name: 'bench monitor' });
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    await migrate({ databaseUrl: db.url });
    console.log(`generating ${referrals} referrals…`);
    await generateScaleData({ databaseUrl: db.url, referrals, seed: 42, activitiesPerReferral: 4 });
    const { hash } = await import('@node-rs/argon2');
    const passwordHash = await hash(PASSWORD, {
      algorithm: 2,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    const organisations = (
      await db.pool.query<{ subcontractor_id: string; referrals: string[] }>(
        `SELECT s.subcontractor_id, (array_agg(r.id ORDER BY r.id))[1:16]::text[] AS referrals
           FROM referral r JOIN subcontract s ON s.id = r.subcontract_id
          WHERE r.status IN ('ALLOCATED', 'ATTACHED')
          GROUP BY s.subcontractor_id ORDER BY count(*) DESC LIMIT $1`,
        [ORGANISATIONS],
      )
    ).rows;
    if (organisations.length < ORGANISATIONS)
      throw new Error(
        `only ${organisations.length} subcontractors have live referrals; generate more`,
      );
    // pg_stat_statements needs loading at server start: restart the throw-away server with it.
    await db.pool.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await db.stopServer();
    await db.startServer();
    await db.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const emails: string[] = [];
    for (const [index, organisation] of organisations.entries()) {
      const email = `audit-bench-${index}@bench.test`;
      await db.pool.query(
        `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Audit bench caseworker', $3, '{CASEWORKER}')`,
        [organisation.subcontractor_id, email, passwordHash],
      );
      emails.push(email);
    }
    api = await startApi({
      name: 'api',
      databaseUrl: db.url,
      storageDir: path.join(db.dataDir, 'storage'),
      env: {
        JOBS_ENABLED: 'false',
        MIGRATE_ON_START: 'false',
        LOG_LEVEL: 'warn',
        DATABASE_POOL_MAX: '20',
        ...(isProfiling ? { NODE_OPTIONS: `--require ${writeProfilerPreload()}` } : {}),
      },
    });
    await waitReady(api, 120_000);
    const writers: Writer[] = [];
    for (const [index, organisation] of organisations.entries()) {
      const response = await fetch(`${api.url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: emails[index], password: PASSWORD }),
      });
      if (response.status !== 200)
        throw new Error(`sign-in ${emails[index]}: ${response.status} ${await response.text()}`);
      writers.push({
        organisationId: organisation.subcontractor_id,
        token: ((await response.json()) as { accessToken: string }).accessToken,
        referrals: organisation.referrals,
      });
    }
    await monitor.connect();
    const cpu = watchCpu(api.child.pid!, path.join(db.dataDir, 'pg'));
    // Warm-up: connections, JIT, statement caches.
    await run({
      apiUrl: api.url,
      writers,
      connections: 4,
      seconds: 3,
      shape: 'spread',
      monitor,
      cpu,
    });
    const results: RunResult[] = [];
    for (const connections of [4, 16]) {
      for (const shape of ['spread', 'one org'] as const) {
        const result = await run({
          apiUrl: api.url,
          writers,
          connections,
          seconds,
          shape,
          monitor,
          cpu,
        });
        console.log(
          `${shape}, ${connections} connections: ${result.perSecond.toFixed(0)} writes/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, ${result.errors} errors, ${result.meanLockWaiters.toFixed(2)} sessions waiting on a lock; CPU ms/write api ${result.cpuMsPerWrite.api.toFixed(2)} postgres ${result.cpuMsPerWrite.postgres.toFixed(2)} generator ${result.cpuMsPerWrite.generator.toFixed(2)}; machine ${(result.machineBusy * 100).toFixed(0)}% busy`,
        );
        results.push(result);
      }
    }
    const profiled = results.find((r) => r.shape === 'spread' && r.connections === 16)!;
    const insertPlan = await explainActivityInsert(db.url, writers[0]!);
    const chain = await db.pool.query<{ events: string }>(
      'SELECT count(*) AS events FROM audit_event',
    );
    // What ran: the built write path (the API runs apps/api/dist, whatever the sources say).
    const revision = crypto.createHash('sha256');
    for (const file of ['common/audit/audit-chain.js', 'journeys/journeys.service.js'])
      revision.update(fs.readFileSync(path.join(ROOT, 'apps/api/dist/src', file)));
    const markdown = `# Audited activity writes — ${referrals.toLocaleString('en-GB')} referrals (${label})

\`npx tsx bench/audit-writes.ts --referrals ${referrals} --seconds ${seconds} --label ${label}\`, run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
on a 2-core machine shared with other helpers' work (figures are noisy; compare runs, not absolutes). Small scale, not 2M.
Throw-away embedded PostgreSQL 15 (default durability), the production API (\`apps/api/dist\`, NODE_ENV=production, jobs off,
\`DATABASE_POOL_MAX=20\`), ${seconds} s per run after a 3 s warm-up. Each request: one activity row and one audit event
in one transaction. Each connection writes on its own referral. built audit-chain.js + journeys.service.js sha256 ${revision.digest('hex').slice(0, 12)}; ${chain.rows[0]!.events} audit events at the end.

Load average at the start ${loadAtStart}, at the end ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}. CPU per write from /proc:
the API process, every PostgreSQL process, and the load generator (this script's fetch calls); machine busy is both cores, everyone's work included.

| shape | connections | writes/s | p50 ms | p95 ms | errors | mean sessions waiting on a lock | CPU ms/write API | CPU ms/write PostgreSQL | CPU ms/write generator | machine busy |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${results.map((r) => `| ${r.shape === 'spread' ? `spread over ${Math.min(r.connections, ORGANISATIONS)} subcontractors` : 'one subcontractor'} | ${r.connections} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.errors} | ${r.meanLockWaiters.toFixed(2)} | ${r.cpuMsPerWrite.api.toFixed(2)} | ${r.cpuMsPerWrite.postgres.toFixed(2)} | ${r.cpuMsPerWrite.generator.toFixed(2)} | ${(r.machineBusy * 100).toFixed(0)}% |`).join('\n')}

Statements the server ran per write (pg_stat_statements, top level), spread over 16 subcontractors at 16 connections —
${profiled.statements.reduce((sum, s) => sum + s.perWrite, 0).toFixed(2)} in all:

| statement | per write | mean ms |
|---|---:|---:|
${profiled.statements.map((s) => `| \`${s.query.replace(/\|/g, '\\|')}\` | ${s.perWrite.toFixed(2)} | ${s.meanMs.toFixed(3)} |`).join('\n')}

The activity insert on the first writer's referral after the runs (EXPLAIN ANALYZE of the second of two in the caseworker's party scope, rolled back):

\`\`\`
${insertPlan}
\`\`\`
`;
    const file = path.join(ROOT, 'bench/results', `audit-writes-${referrals}-${label}.md`);
    fs.writeFileSync(file, markdown);
    console.log(markdown);
    console.log(`wrote ${path.relative(ROOT, file)}`);
  } finally {
    await monitor.end().catch(() => undefined);
    if (api) await stopApi(api);
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
