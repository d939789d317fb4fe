// Caseload list at scale (issue 6, W4 benchmarks).
//
//   npx tsx scripts/generate.ts --referrals 2000000   # once: fills the embedded database (.data/pg) or DATABASE_URL
//   npx tsx bench/caseload.ts [--requests 1000]
//
// Against the generated database: boots the real API in this process, signs in
// a prime caseworker (created here) for the largest prime contract, and times
// --requests GET /caseload calls (rotating filters: none, status, inactivity,
// payment group) through HTTP; then runs the same SQL — same text, same
// parameters — on a plain pg client, both bare and inside the same
// row-level-security scope the API uses. EXPLAIN checks every plan for
// sequential scans of large tables. Writes bench/results/caseload-<N>.md.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { findRepoRoot, readDatabaseEnv, resolveDatabase } from '@waymark/db';
import type * as AppFactory from '../apps/api/src/app.factory.js';
import { argument, seqScans, summarise } from './lib/measure';

type AppFactoryModule = typeof AppFactory;

// The HTTP run boots the compiled API (apps/api/dist: `npm run build -w @waymark/api` first), because
// tsx (esbuild) does not emit the decorator metadata Nest's dependency injection reads. Without a build,
// or with --sql-only, only the plain-pg and EXPLAIN parts run.
const API_DIST = path.join(__dirname, '..', 'apps', 'api', 'dist', 'src');

const LARGE_TABLES = [
  'referral',
  'participant',
  'activity',
  'needs_assessment',
  'referral_transition',
  'journey_event',
  'job_spell',
  'claim',
];
// The default page, each filter, and every sort key the caseload offers (both directions across the set).
const QUERIES = [
  'limit=50',
  'status=ATTACHED&limit=50',
  'inactiveDays=30&limit=50',
  'paymentGroup=JSA_25_PLUS&limit=50',
  'sort=receivedAt&limit=50',
  'sort=-status&limit=50',
  'sort=paymentGroup&limit=50',
  'sort=-subcontract&limit=50',
  'sort=lastContact&limit=50',
  'sort=-lastActivity&limit=50',
];

async function main(): Promise<void> {
  const requests = argument('requests', 1000);
  const database = await resolveDatabase(readDatabaseEnv());
  const { loadConfig } = await import('../apps/api/src/common/config/env.js');
  const { hashPassword } = await import('../apps/api/src/auth/password-hasher.js');
  const withHttp =
    !process.argv.includes('--sql-only') &&
    fs.existsSync(path.join(API_DIST, 'caseload', 'caseload.controller.js'));
  const { caseloadListSql } = await import('../apps/api/src/caseload/caseload.repository.js');
  const { CaseloadQuery } = await import('../apps/api/src/caseload/caseload.dto.js');
  const client = new Client({ connectionString: database.url });
  try {
    // No migrate() here: the bench must not apply other in-progress migrations to a shared database.
    await client.connect();
    const applied = await client.query(
      `SELECT 1 FROM pg_indexes WHERE indexname = 'referral_prime_contract_id_received_at_id_idx'`,
    );
    if (applied.rowCount === 0)
      throw new Error(
        'the caseload indexes (referral_*_idx in prisma/schema.sql) are missing: run `npm run db:migrate` first',
      );
    const referrals = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM referral')).rows[0]?.n,
    );
    const contract = (
      await client.query<{ id: string; prime_id: string; n: string }>(
        `SELECT pc.id, pc.prime_id, count(*) AS n FROM referral r JOIN prime_contract pc ON pc.id = r.prime_contract_id GROUP BY pc.id ORDER BY n DESC LIMIT 1`,
      )
    ).rows[0];
    if (!contract) throw new Error('no referrals: run scripts/generate.ts first');
    const primeContracts = Number(
      (
        await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM prime_contract WHERE prime_id = $1',
          [contract.prime_id],
        )
      ).rows[0]?.n,
    );
    const email = `caseload-bench-${Date.now()}@bench.test`;
    const password = 'caseload bench password, long enough';
    await client.query(
      `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Bench caseworker', $3, '{CASEWORKER}')`,
      [contract.prime_id, email, await hashPassword(password)],
    );

    const httpMs: number[] = [];
    if (withHttp) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createApp } = require(path.join(API_DIST, 'app.factory.js')) as AppFactoryModule;
      const config = {
        ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
        databaseUrl: database.url,
      };
      const app = await createApp({ config, databaseUrl: database.url });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const signIn = await fetch(`${baseUrl}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const { accessToken } = (await signIn.json()) as { accessToken: string };

      // Warm-up, then the timed HTTP run.
      for (const query of QUERIES)
        await fetch(`${baseUrl}/caseload?${query}`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
      for (let i = 0; i < requests; i += 1) {
        const started = performance.now();
        const response = await fetch(`${baseUrl}/caseload?${QUERIES[i % QUERIES.length]}`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`caseload answered ${response.status}`);
        httpMs.push(performance.now() - started);
      }
      await app.close();
    }

    // The same SQL on plain pg: bare (table owner, no RLS), and inside the API's RLS scope.
    const statements = QUERIES.map((query) => {
      const filters = CaseloadQuery.parse(Object.fromEntries(new URLSearchParams(query)));
      // The API's whole request: the page, the capped count and the payment-group options, as one statement.
      const { text, values } = caseloadListSql({
        kind: 'PRIME',
        organisationId: contract.prime_id,
        filters,
        after: null,
        limit: filters.limit + 1,
        cap: loadConfig({ NODE_ENV: 'test' }).listCountCap,
        today: new Date().toISOString().slice(0, 10), // the API's system clock's day, as CaseloadService binds it
      });
      return { query, text, values };
    });
    const bareMs: number[] = [];
    const scopedMs: number[] = [];
    // Prepared (named) statements, as the API's party scope prepares its own: parse once per connection on both sides.
    for (let i = 0; i < requests; i += 1) {
      const index = i % statements.length;
      const statement = statements[index]!;
      const prepared = {
        name: `caseload_bench_${index}`,
        text: statement.text,
        values: statement.values,
      };
      let started = performance.now();
      await client.query(prepared);
      bareMs.push(performance.now() - started);
      started = performance.now();
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE waymark_app');
      await client.query(`SELECT set_config('waymark.organisation_id', $1, true)`, [
        contract.prime_id,
      ]);
      await client.query(prepared);
      await client.query('COMMIT');
      scopedMs.push(performance.now() - started);
    }

    const explains: { query: string; seqScans: string[]; ms: number }[] = [];
    for (const statement of statements) {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE waymark_app');
      await client.query(`SELECT set_config('waymark.organisation_id', $1, true)`, [
        contract.prime_id,
      ]);
      const { rows } = await client.query<{
        'QUERY PLAN': [{ Plan: unknown; 'Execution Time': number }];
      }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
      await client.query('ROLLBACK');
      const plan = rows[0]!['QUERY PLAN'][0];
      explains.push({
        query: statement.query,
        seqScans: [...new Set(seqScans(plan.Plan, LARGE_TABLES))],
        ms: plan['Execution Time'],
      });
    }

    const http = summarise(httpMs);
    const bare = summarise(bareMs);
    const scoped = summarise(scopedMs);
    const fmt = (n: number) => n.toFixed(1);
    const report = [
      `# Caseload list — ${referrals.toLocaleString('en-GB')} referrals`,
      '',
      `\`npx tsx bench/caseload.ts --requests ${requests}\`, run ${new Date().toISOString().slice(0, 10)} against ${database.isEmbedded ? 'the embedded PostgreSQL 15 (.data/pg)' : 'DATABASE_URL'} on a 2-core machine,`,
      `one prime caseworker whose organisation holds ${primeContracts} prime contract(s) (largest: ${Number(contract.n).toLocaleString('en-GB')} referrals). Requests are sequential,`,
      `rotating over: ${QUERIES.map((q) => `\`${q}\``).join(', ')}.`,
      '',
      '| path | p50 ms | p95 ms |',
      '|---|---:|---:|',
      withHttp
        ? `| GET /caseload through the API (HTTP, auth, RLS scope, JSON) | ${fmt(http.p50)} | ${fmt(http.p95)} |`
        : '| GET /caseload through the API | not run (no API build in apps/api/dist, or --sql-only) | |',
      `| same SQL, prepared, on plain pg inside the API's RLS scope (BEGIN; SET LOCAL ROLE; set_config; query; COMMIT) | ${fmt(scoped.p50)} | ${fmt(scoped.p95)} |`,
      `| same SQL, prepared, on plain pg, table owner (no RLS) | ${fmt(bare.p50)} | ${fmt(bare.p95)} |`,
      '',
      '## EXPLAIN (ANALYZE) under row-level security',
      '',
      '| query | sequential scans of large tables | execution ms |',
      '|---|---|---:|',
      ...explains.map(
        (e) =>
          `| \`${e.query}\` | ${e.seqScans.length ? e.seqScans.join(', ') : 'none'} | ${fmt(e.ms)} |`,
      ),
      '',
    ].join('\n');
    const file = path.join(findRepoRoot(), 'bench/results', `caseload-${referrals}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, report);
    console.log(report);
    console.log(`wrote ${path.relative(findRepoRoot(), file)}`);
  } finally {
    await client.end().catch(() => undefined);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? (error as Error).message);
  process.exit(1);
});
