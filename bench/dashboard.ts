// Home dashboard counts at scale (issue W6; fair baseline W17).
//
//   npx tsx scripts/generate.ts --referrals 2000000   # once: fills the embedded database (.data/pg) or DATABASE_URL
//   npm run build -w @waymark/api                      # the bench runs the production entrypoint
//   npx tsx bench/dashboard.ts [--rounds 100]
//
// For the largest prime, the largest subcontractor and a commissioner (a bench
// user with ADMIN, CASEWORKER and FINANCE, so every card is counted), times
// GET /dashboard on the production API (`node apps/api/dist/src/main.js`,
// NODE_ENV=production) against the raw aggregate of the same counts: the one
// statement the dashboard sends for that caller (every card's count and the
// caller's slices, built by the API's own dashboardCards + statementFor),
// prepared on plain pg as the table owner. Rounds alternate which
// goes first; the two must return the same counts. Then EXPLAIN (ANALYZE) of
// every count inside the API's row-level-security scope, checking for
// sequential scans of large tables. Writes bench/results/dashboard-<N>.md with
// the ratio per party (target ≤ 2×).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findFreePort, findRepoRoot, readDatabaseEnv, resolveDatabase } from '@waymark/db';
import type { Principal } from '../apps/api/src/common/auth/principal.js';
import type * as ClaimsServiceModule from '../apps/api/src/claims/claims.service.js';
import { argument, seqScans, summarise } from './lib/measure';
import { apiProfileArgs, productionApiEnv, stopChild, waitForHttp } from './lib/processes';

const API_MAIN = path.join(__dirname, '..', 'apps', 'api', 'dist', 'src', 'main.js');
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

type ClaimsModule = typeof ClaimsServiceModule;
interface Statement {
  text: string;
  values: unknown[];
}
type Party = {
  kind: 'PRIME' | 'SUBCONTRACTOR' | 'COMMISSIONER';
  organisationId: string;
  referrals: number;
};
/** GET /dashboard's statement for a caller of this organisation and kind: the whole, and each card alone. */
type DashboardStatementBuilder = (
  organisationId: string,
  kind: Party['kind'],
) => { whole: Statement; each: { card: string; query: Statement }[] };
type InboxStatuses = (principal: Principal) => {
  statuses: string[];
  deliveringStatuses: string[];
};

/**
 * The statement GET /dashboard sends for a caller holding ADMIN, CASEWORKER and FINANCE — built by the API's own code
 * (dashboardCards + DashboardRepository.statementFor: every card and the caller's slices in one statement) — and each
 * card's statement on its own (for the EXPLAINs). Run on plain pg as the table owner it gives the counts to check the
 * API's against.
 */
async function dashboardStatement(
  client: Client,
  build: DashboardStatementBuilder,
  party: Party,
): Promise<{
  whole: Statement;
  cards: { card: string; query: Statement }[];
  baselineCounts: Record<string, number>;
}> {
  const cards = build(party.organisationId, party.kind);
  const whole = cards.whole;
  const { rows } = await client.query<Record<string, { count: number }>>(whole.text, whole.values);
  const baselineCounts = Object.fromEntries(
    Object.entries(rows[0] ?? {}).map(([card, totals]) => [card, totals.count]),
  );
  return { whole, cards: cards.each, baselineCounts };
}

async function main(): Promise<void> {
  const rounds = argument('rounds', 100);
  if (!fs.existsSync(API_MAIN))
    throw new Error('build the API first: npm run build -w @waymark/api');
  const databaseEnv = readDatabaseEnv();
  const database = await resolveDatabase(databaseEnv);
  const { hashPassword } = await import('../apps/api/src/auth/password-hasher.js');
  const { DashboardRepository } = await import('../apps/api/src/dashboard/dashboard.repository.js');
  const { dashboardCards } = await import('../apps/api/src/dashboard/dashboard-cards.js');
  const { CaseloadRepository } = await import('../apps/api/src/caseload/caseload.repository.js');
  // From the build: the service's parameter decorators need the API's own compiler settings, which tsx does not apply here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ClaimsService } = require(
    path.join(path.dirname(API_MAIN), 'claims', 'claims.service.js'),
  ) as ClaimsModule;
  const repository = new DashboardRepository();
  const caseload = new CaseloadRepository();
  // inboxStatuses reads only the caller (its party and roles), not the service's dependencies.
  const inboxStatuses: InboxStatuses = (principal) =>
    ClaimsService.prototype.inboxStatuses.call(undefined, principal);
  const build: DashboardStatementBuilder = (organisationId, kind) => {
    const caller = { organisationKind: kind, roles: ['ADMIN', 'CASEWORKER', 'FINANCE'] } as const;
    const cards = dashboardCards(
      { dashboard: repository, caseload },
      { organisationKind: kind, roles: [...caller.roles] },
      inboxStatuses(caller as unknown as Principal) as never,
      new Date().toISOString().slice(0, 10),
    ) as Record<string, Statement>;
    return {
      whole: repository.statementFor(organisationId, cards)!,
      each: Object.entries(cards).map(([card, query]) => ({
        card,
        query: repository.statementFor(organisationId, { [card]: query })!,
      })),
    };
  };
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

    // The production entrypoint, as deployed (not the app in this process under NODE_ENV=test).
    const apiPort = await findFreePort();
    const api = spawn(process.execPath, [...apiProfileArgs(), API_MAIN], {
      cwd: findRepoRoot(),
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        PATH: process.env.PATH,
        ...productionApiEnv({ port: apiPort, databaseUrl: database.url }),
      },
    });
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const timings: {
      kind: string;
      referrals: number;
      dashboard: number[];
      baseline: number[];
      counts: Record<string, number>;
      baselineCounts: Record<string, number>;
      statements: number;
    }[] = [];
    const explains: { party: string; query: string; seqScans: string[]; ms: number }[] = [];
    try {
      await waitForHttp(`${baseUrl}/health`, api, 90);
      for (const user of users) {
        const signIn = await fetch(`${baseUrl}/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password }),
        });
        const { accessToken } = (await signIn.json()) as { accessToken: string };
        const dashboardOnce = async () => {
          const started = performance.now();
          const response = await fetch(`${baseUrl}/dashboard`, {
            headers: { authorization: `Bearer ${accessToken}` },
          });
          const body = await response.text();
          if (response.status !== 200)
            throw new Error(`GET /dashboard answered ${response.status}: ${body}`);
          return {
            ms: performance.now() - started,
            counts: (JSON.parse(body) as { counts: Record<string, number> }).counts,
          };
        };
        // The baseline: the very statement the API sends (its counts and the caller's slices), prepared, on plain pg as the table owner.
        const {
          whole: aggregate,
          cards: statements,
          baselineCounts,
        } = await dashboardStatement(client, build, user);
        const baselineOnce = async () => {
          const started = performance.now();
          await client.query({
            name: `dashboard_baseline_${user.kind.toLowerCase()}`,
            text: aggregate.text,
            values: aggregate.values,
          });
          return performance.now() - started;
        };
        // Warm-up.
        const { counts } = await dashboardOnce();
        for (let i = 0; i < 3; i += 1) {
          await dashboardOnce();
          await baselineOnce();
        }
        const dashboard: number[] = [];
        const baseline: number[] = [];
        for (let round = 0; round < rounds; round += 1) {
          if (round % 2 === 0) {
            dashboard.push((await dashboardOnce()).ms);
            baseline.push(await baselineOnce());
          } else {
            baseline.push(await baselineOnce());
            dashboard.push((await dashboardOnce()).ms);
          }
        }
        timings.push({
          kind: user.kind,
          referrals: user.referrals,
          dashboard,
          baseline,
          counts,
          baselineCounts,
          statements: statements.length,
        });
        // EXPLAIN every count inside the API's row-level-security scope.
        for (const statement of statements) {
          await client.query('BEGIN');
          await client.query('SET LOCAL ROLE waymark_app');
          await client.query(`SELECT set_config('waymark.organisation_id', $1, true)`, [
            user.organisationId,
          ]);
          const { rows } = await client.query<{
            'QUERY PLAN': [{ Plan: unknown; 'Execution Time': number }];
          }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.query.text}`, statement.query.values);
          await client.query('ROLLBACK');
          const plan = rows[0]!['QUERY PLAN'][0];
          explains.push({
            party: user.kind,
            query: statement.card,
            seqScans: [...new Set(seqScans(plan.Plan, LARGE_TABLES))],
            ms: plan['Execution Time'],
          });
        }
      }
    } finally {
      await stopChild(api);
    }

    const fmt = (n: number) => n.toFixed(1);
    const ratios = timings.map((t) => summarise(t.dashboard).p50 / summarise(t.baseline).p50);
    const sameCounts = (t: (typeof timings)[number]) =>
      Object.entries(t.counts).every(([key, value]) => t.baselineCounts[key] === value);
    const report = [
      `# Home dashboard counts — ${referrals.toLocaleString('en-GB')} referrals`,
      '',
      `\`npx tsx bench/dashboard.ts --rounds ${rounds}\`, run ${new Date().toISOString().slice(0, 10)} against ${database.isEmbedded ? `the embedded PostgreSQL 15 (${path.join(databaseEnv.dataDir, 'pg').replace(`${findRepoRoot()}/`, '')})` : 'DATABASE_URL'} on a 2-core machine shared with other work (load average at the end ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' / ')}).`,
      'Each party is its largest organisation, signed in as a bench user holding ADMIN, CASEWORKER and FINANCE so every card is counted.',
      'Measured: `GET /dashboard` over HTTP from the production entrypoint (`node apps/api/dist/src/main.js`, NODE_ENV=production, jobs off), sequential requests.',
      "Baseline: the raw aggregate of the same counts — the one statement the dashboard sends for that caller (every card's count and the caller's",
      'contracts and subcontracts, built by the API’s own `dashboardCards` + `DashboardRepository.statementFor`), prepared (named) on a plain pg connection',
      'as the table owner (no HTTP, no auth, no row-level security). Alternating which goes first, in the same run. Both must return the same counts.',
      '',
      '| party (referrals in its slice) | GET /dashboard p50 ms | p95 ms | raw aggregate p50 ms | p95 ms | ratio (p50) | target ≤ 2× | counts (API = aggregate?) |',
      '|---|---:|---:|---:|---:|---:|---|---|',
      ...timings.map((t, i) => {
        const d = summarise(t.dashboard);
        const b = summarise(t.baseline);
        return `| ${t.kind} (${t.referrals.toLocaleString('en-GB')}) | ${fmt(d.p50)} | ${fmt(d.p95)} | ${fmt(b.p50)} | ${fmt(b.p95)} | **${ratios[i]!.toFixed(2)}×** | ${ratios[i]! <= 2 ? 'met' : 'not met'} | ${Object.entries(
          t.counts,
        )
          .map(([key, value]) => `${key} ${value.toLocaleString('en-GB')}`)
          .join(
            ', ',
          )} (${sameCounts(t) ? 'same' : `DIFFERENT: ${JSON.stringify(t.baselineCounts)}`}; ${t.statements} statements) |`;
      }),
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
