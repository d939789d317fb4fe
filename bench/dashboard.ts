// Home dashboard counts at scale (issue W6).
//
//   npx tsx scripts/generate.ts --referrals 2000000   # once: fills the embedded database (.data/pg) or DATABASE_URL
//   npm run build -w @waymark/api                      # the HTTP part boots the compiled API
//   npx tsx bench/dashboard.ts [--rounds 100]
//
// For the largest prime, the largest subcontractor and a commissioner (a bench
// user with ADMIN, CASEWORKER and FINANCE, so every card is counted), times one
// GET /dashboard against the baseline it replaced: the list calls the home page
// made in parallel, one per card, each reading a first page of 50 ("50+").
// Rounds alternate which goes first. Then EXPLAIN (ANALYZE) of every count
// query inside the API's row-level-security scope, checking for sequential
// scans of large tables. Writes bench/results/dashboard-<N>.md.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { findRepoRoot, readDatabaseEnv, resolveDatabase } from '@waymark/db';
import type * as AppFactory from '../apps/api/src/app.factory.js';
import { argument, seqScans, summarise } from './lib/measure';

type AppFactoryModule = typeof AppFactory;
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
  'subcontractor_payment',
  'remittance',
  'alert',
];

// The list calls the old home page made, per party (apps/web/components/dashboard/dashboards.tsx before W6).
const BASELINE: Record<'PRIME' | 'SUBCONTRACTOR' | 'COMMISSIONER', string[]> = {
  PRIME: [
    '/caseload?status=RECEIVED&limit=50',
    '/caseload?status=ACCEPTED&limit=50',
    '/claims?inbox=true&limit=50',
    '/subcontractor-payments?status=APPROVED&limit=50',
  ],
  SUBCONTRACTOR: [
    '/caseload?status=ATTACHED&inactiveDays=14&limit=50',
    '/caseload?status=ALLOCATED&limit=50',
    '/claims?status=PRIME_QUERIED&limit=50',
    '/subcontractor-payments?isLate=true&limit=50',
    '/claims?status=DRAFT&limit=50',
  ],
  COMMISSIONER: [
    '/claims?inbox=true&limit=50',
    '/remittances?status=DRAFT&limit=50',
    '/alerts?status=RAISED&limit=100',
  ],
};

async function main(): Promise<void> {
  const rounds = argument('rounds', 100);
  if (!fs.existsSync(path.join(API_DIST, 'dashboard', 'dashboard.controller.js')))
    throw new Error('build the API first: npm run build -w @waymark/api');
  const databaseEnv = readDatabaseEnv();
  const database = await resolveDatabase(databaseEnv);
  const { loadConfig } = await import('../apps/api/src/common/config/env.js');
  const { hashPassword } = await import('../apps/api/src/auth/password-hasher.js');
  const { DashboardRepository } = await import('../apps/api/src/dashboard/dashboard.repository.js');
  const { CaseloadRepository } = await import('../apps/api/src/caseload/caseload.repository.js');
  const client = new Client({ connectionString: database.url });
  try {
    // No migrate() here: the bench must not apply other in-progress migrations to a shared database.
    await client.connect();
    const referrals = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM referral')).rows[0]?.n,
    );
    const pick = async (sql: string) =>
      (await client.query<{ id: string; n: string }>(sql)).rows[0] ?? { id: '', n: '0' };
    const prime = await pick(
      `SELECT pc.prime_id AS id, count(*) AS n FROM referral r JOIN prime_contract pc ON pc.id = r.prime_contract_id GROUP BY pc.prime_id ORDER BY n DESC LIMIT 1`,
    );
    const subcontractor = await pick(
      `SELECT s.subcontractor_id AS id, count(*) AS n FROM referral r JOIN subcontract s ON s.id = r.subcontract_id GROUP BY s.subcontractor_id ORDER BY n DESC LIMIT 1`,
    );
    const commissioner = await pick(
      `SELECT p.commissioner_id AS id, count(*) AS n FROM referral r JOIN programme p ON p.id = r.programme_id GROUP BY p.commissioner_id ORDER BY n DESC LIMIT 1`,
    );
    const parties = [
      { kind: 'PRIME' as const, organisationId: prime.id, referrals: Number(prime.n) },
      {
        kind: 'SUBCONTRACTOR' as const,
        organisationId: subcontractor.id,
        referrals: Number(subcontractor.n),
      },
      {
        kind: 'COMMISSIONER' as const,
        organisationId: commissioner.id,
        referrals: Number(commissioner.n),
      },
    ];
    const password = 'dashboard bench password, long enough';
    const passwordHash = await hashPassword(password);
    const users: ((typeof parties)[number] & { email: string })[] = [];
    for (const party of parties) {
      const email = `dashboard-bench-${party.kind.toLowerCase()}-${Date.now()}@bench.test`;
      await client.query(
        `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Dashboard bench', $3, '{ADMIN,CASEWORKER,FINANCE}')`,
        [party.organisationId, email, passwordHash],
      );
      users.push({ ...party, email });
    }

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApp } = require(path.join(API_DIST, 'app.factory.js')) as AppFactoryModule;
    const config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
      databaseUrl: database.url,
    };
    const app = await createApp({ config, databaseUrl: database.url });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const timings: {
      kind: string;
      referrals: number;
      dashboard: number[];
      baseline: number[];
      counts: Record<string, number>;
      baselineStatuses: number[];
    }[] = [];
    for (const user of users) {
      const signIn = await fetch(`${baseUrl}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password }),
      });
      const { accessToken } = (await signIn.json()) as { accessToken: string };
      const get = (route: string) =>
        fetch(`${baseUrl}${route}`, { headers: { authorization: `Bearer ${accessToken}` } }).then(
          async (response) => ({ status: response.status, body: await response.text() }),
        );
      const dashboardOnce = async () => {
        const started = performance.now();
        const { status, body } = await get('/dashboard');
        if (status !== 200) throw new Error(`GET /dashboard answered ${status}: ${body}`);
        return {
          ms: performance.now() - started,
          counts: (JSON.parse(body) as { counts: Record<string, number> }).counts,
        };
      };
      const baselineOnce = async () => {
        const started = performance.now();
        const answers = await Promise.all(BASELINE[user.kind].map(get));
        return {
          ms: performance.now() - started,
          statuses: answers.map((answer) => answer.status),
        };
      };
      // Warm-up.
      const { counts } = await dashboardOnce();
      const { statuses } = await baselineOnce();
      const dashboard: number[] = [];
      const baseline: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        if (round % 2 === 0) {
          dashboard.push((await dashboardOnce()).ms);
          baseline.push((await baselineOnce()).ms);
        } else {
          baseline.push((await baselineOnce()).ms);
          dashboard.push((await dashboardOnce()).ms);
        }
      }
      timings.push({
        kind: user.kind,
        referrals: user.referrals,
        dashboard,
        baseline,
        counts,
        baselineStatuses: statuses,
      });
    }
    await app.close();

    // EXPLAIN every count query the dashboard runs, inside the API's RLS scope: a client whose
    // query() explains instead of running (the repository then reads no count, which is fine here).
    const repository = new DashboardRepository();
    const caseload = new CaseloadRepository();
    const explains: { party: string; query: string; seqScans: string[]; ms: number }[] = [];
    for (const party of parties) {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE waymark_app');
      await client.query(`SELECT set_config('waymark.organisation_id', $1, true)`, [
        party.organisationId,
      ]);
      const slices = await repository.slicesOf(client as never, party.organisationId);
      let name = '';
      const explaining = {
        query: async (text: string, values: unknown[]) => {
          const { rows } = await client.query<{
            'QUERY PLAN': [{ Plan: unknown; 'Execution Time': number }];
          }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
          const plan = rows[0]!['QUERY PLAN'][0];
          explains.push({
            party: party.kind,
            query: name,
            seqScans: [...new Set(seqScans(plan.Plan, LARGE_TABLES))],
            ms: plan['Execution Time'],
          });
          return { rows: [] };
        },
      } as never;
      const contracts = { column: 'prime_contract_id', ids: slices.primeContractIds } as const;
      const subcontracts = { column: 'subcontract_id', ids: slices.subcontractIds } as const;
      const run = async (label: string, work: () => Promise<unknown>) => {
        name = label;
        await work();
      };
      if (party.kind === 'PRIME') {
        await run('referrals RECEIVED', () =>
          repository.countReferrals(explaining, contracts, 'RECEIVED'),
        );
        await run('claims in inbox', () =>
          repository.claimTotals(
            explaining,
            contracts,
            ['SUBMITTED', 'PRIME_APPROVED'],
            ['DRAFT', 'PRIME_QUERIED'],
          ),
        );
        await run('payments APPROVED', () =>
          repository.countPaymentsWithStatus(explaining, slices.subcontractIds, 'APPROVED'),
        );
      }
      if (party.kind === 'SUBCONTRACTOR') {
        await run('inactive 14+ days', () =>
          caseload.countInactiveAttached(explaining, slices.subcontractIds, 14),
        );
        await run('referrals ALLOCATED', () =>
          repository.countReferrals(explaining, subcontracts, 'ALLOCATED'),
        );
        await run('claims DRAFT', () =>
          repository.claimTotals(explaining, subcontracts, ['DRAFT']),
        );
        await run('payments late', () =>
          repository.countLatePayments(
            explaining,
            slices.subcontractIds,
            new Date().toISOString().slice(0, 10),
          ),
        );
      }
      if (party.kind === 'COMMISSIONER') {
        await run('claims in inbox', () =>
          repository.claimTotals(explaining, contracts, ['SUBMITTED_TO_COMMISSIONER']),
        );
        await run('remittances DRAFT', () =>
          repository.countRemittances(explaining, slices.primeContractIds, 'DRAFT'),
        );
        await run('contracts with parking alerts', () =>
          repository.countPrimeContractsWithRaisedAlerts(explaining, slices.primeContractIds, [
            'PARKING',
          ]),
        );
      }
      await client.query('ROLLBACK');
    }

    const fmt = (n: number) => n.toFixed(1);
    const report = [
      `# Home dashboard counts — ${referrals.toLocaleString('en-GB')} referrals`,
      '',
      `\`npx tsx bench/dashboard.ts --rounds ${rounds}\`, run ${new Date().toISOString().slice(0, 10)} against ${database.isEmbedded ? `the embedded PostgreSQL 15 (${path.join(databaseEnv.dataDir, 'pg').replace(`${findRepoRoot()}/`, '')})` : 'DATABASE_URL'} on a 2-core machine (load average at the end ${(
        await import('node:os')
      )
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(
          ' / ',
        )}; compare the two columns of a row, measured in the same run, alternating which goes first).`,
      'Each party is its largest organisation, signed in as a bench user holding ADMIN, CASEWORKER and FINANCE so every card is counted.',
      'Baseline: the list calls the home page made before (one per card, in parallel, a first page of 50 each, shown as "50+" when there was more).',
      '',
      '| party (referrals in its slice) | GET /dashboard p50 ms | p95 ms | baseline list calls p50 ms | p95 ms | exact counts returned |',
      '|---|---:|---:|---:|---:|---|',
      ...timings.map((t) => {
        const d = summarise(t.dashboard);
        const b = summarise(t.baseline);
        return `| ${t.kind} (${t.referrals.toLocaleString('en-GB')}) | ${fmt(d.p50)} | ${fmt(d.p95)} | ${fmt(b.p50)} | ${fmt(b.p95)} | ${Object.entries(
          t.counts,
        )
          .map(([key, value]) => `${key} ${value.toLocaleString('en-GB')}`)
          .join(', ')} |`;
      }),
      '',
      `Baseline statuses: ${timings.map((t) => `${t.kind} ${t.baselineStatuses.join('/')}`).join('; ')}.`,
      '',
      '## EXPLAIN (ANALYZE) of each count under row-level security',
      '',
      '| party | count | sequential scans of large tables | execution ms |',
      '|---|---|---|---:|',
      ...explains.map(
        (e) =>
          `| ${e.party} | ${e.query} | ${e.seqScans.length ? e.seqScans.join(', ') : 'none'} | ${fmt(e.ms)} |`,
      ),
      '',
      ...(explains.some((e) => e.seqScans.includes('remittance'))
        ? [
            "A sequential scan of remittance here reads the whole (small) remittance table of the commissioner's contracts: the count is",
            'served by RLS through `waymark_subcontracted_remittances()` (prisma/schema.sql), no longer by a scan of remittance_line.',
          ]
        : []),
    ].join('\n');
    const file = path.join(findRepoRoot(), 'bench/results', `dashboard-${referrals}.md`);
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
