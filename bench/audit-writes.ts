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
// Writes bench/results/audit-writes-<N>-<label>.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../packages/db/src/index';
import { generateScaleData } from '../packages/db/src/generate/index';
import { startApi, startDrillDatabase, stopApi, waitReady } from '../test/resilience/lib/harness';
import { argument, summarise } from './lib/measure';

const ROOT = path.join(__dirname, '..');
const ORGANISATIONS = 16;
const PASSWORD = 'audit bench password, long enough';

interface Writer {
  organisationId: string;
  token: string;
  referrals: string[];
}

interface RunResult {
  shape: string;
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
}): Promise<RunResult> {
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
  const { p50, p95 } = summarise(latencies);
  return {
    shape: options.shape,
    connections: options.connections,
    writes: latencies.length,
    perSecond: latencies.length / options.seconds,
    p50,
    p95,
    errors,
    meanLockWaiters: waiters.reduce((sum, n) => sum + n, 0) / Math.max(1, waiters.length),
  };
}

async function main(): Promise<void> {
  const referrals = argument('referrals', 20_000);
  const seconds = argument('seconds', 15);
  const label = labelArgument();
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
    // Warm-up: connections, JIT, statement caches.
    await run({ apiUrl: api.url, writers, connections: 4, seconds: 3, shape: 'spread', monitor });
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
        });
        console.log(
          `${shape}, ${connections} connections: ${result.perSecond.toFixed(0)} writes/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, ${result.errors} errors, ${result.meanLockWaiters.toFixed(2)} sessions waiting on a lock`,
        );
        results.push(result);
      }
    }
    const chain = await db.pool.query<{ events: string }>(
      'SELECT count(*) AS events FROM audit_event',
    );
    const revision = crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(ROOT, 'apps/api/src/common/audit/audit.service.ts')))
      .digest('hex')
      .slice(0, 12);
    const markdown = `# Audited activity writes — ${referrals.toLocaleString('en-GB')} referrals (${label})

\`npx tsx bench/audit-writes.ts --referrals ${referrals} --seconds ${seconds} --label ${label}\`, run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
on a 2-core machine shared with other helpers' work (figures are noisy; compare runs, not absolutes). Small scale, not 2M.
Throw-away embedded PostgreSQL 15 (default durability), the production API (\`apps/api/dist\`, NODE_ENV=production, jobs off,
\`DATABASE_POOL_MAX=20\`), ${seconds} s per run after a 3 s warm-up. Each request: one activity row and one audit event
in one transaction. Each connection writes on its own referral. audit.service.ts sha256 ${revision}; ${chain.rows[0]!.events} audit events at the end.

| shape | connections | writes/s | p50 ms | p95 ms | errors | mean sessions waiting on a lock |
|---|---:|---:|---:|---:|---:|---:|
${results.map((r) => `| ${r.shape === 'spread' ? `spread over ${Math.min(r.connections, ORGANISATIONS)} subcontractors` : 'one subcontractor'} | ${r.connections} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.errors} | ${r.meanLockWaiters.toFixed(2)} |`).join('\n')}
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
