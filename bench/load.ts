// Load drill (issue 10, W8 "Load"): a realistic request mix with autocannon
// against the production build on the generated (2M-referral) database, only
// on 127.0.0.1 and bounded in time.
//
//   npx tsx scripts/generate.ts --referrals 2000000   # once: fills the embedded database (.data/pg)
//   npm run bench load      # or: npx tsx bench/load.ts [--seconds 30] [--connections 20] [--rounds 3] [--breakdown-seconds 5]
//
// 1. Starts the embedded database (no migrate) and the compiled API
//    (`node apps/api/dist/src/main.js`, NODE_ENV=production, secrets generated
//    for the run, jobs off), creates a prime caseworker, a prime finance user
//    and a subcontractor caseworker, and signs them in.
// 2. Mixed run: per connection, a repeating sequence of 13 requests — 6
//    caseload pages (rotating filters), the home dashboard, the flow-down
//    dashboard, the supply-chain view, 2 activity writes on referrals the
//    subcontractor delivers, and a claim submission: its caseworker drafts an
//    ATTACHMENT claim (POST /claims) and its finance user submits it
//    (POST /claims/:id/transitions, If-Match from the draft). The claimable
//    milestones are made for the run (ATTACHMENT journey events on ATTACHED
//    referrals without any) and removed with the claims at the end.
//    The API's RSS is sampled every second from /proc/<pid>/status. Then each
//    kind of request alone (4 connections, --breakdown-seconds): which one
//    sets the mixed run's pace.
// 3. Caseload-only runs against the API (the prime's first page) and against
//    a bare Fastify + pg server (a child process of this script) that runs the
//    same SQL text, prepared (named), as the table owner, alternated for --rounds rounds (the
//    machine is shared and noisy): the median of the per-round throughput
//    ratios is the figure (target ≥ 0.7).
// Writes bench/results/load-<N>.md and stops every process it started.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { argument, percentile } from './lib/measure';
import { apiProfileArgs, productionApiEnv, stopChild, waitForHttp } from './lib/processes';

const ROOT = path.join(__dirname, '..');
const API_MAIN = path.join(ROOT, 'apps', 'api', 'dist', 'src', 'main.js');

// autocannon ships no type declarations; the slice of its API used here.
interface AutocannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** `context` is per connection: one request of a sequence can pass what it got to the next. */
  setupRequest?: (request: AutocannonRequest, context: ChainContext) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: ChainContext) => void;
}
/** What the claim draft hands to the submit that follows it on the same connection. */
interface ChainContext {
  claim?: { id: string; version: number };
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void,
  ): void;
  stop(): void;
}
type Autocannon = (
  options: {
    url: string;
    connections: number;
    duration: number;
    requests?: AutocannonRequest[];
    headers?: Record<string, string>;
    timeout?: number;
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

// ───────── bare server mode (child process) ─────────
async function bareServer(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const statement = JSON.parse(process.env.BARE_STATEMENT ?? '') as {
    text: string;
    values: unknown[];
  };
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }); // same pool size as the API
  const app = Fastify({ logger: false });
  app.get('/caseload', async () => {
    // Prepared (named) on each connection, as the API's party scope prepares its statements: the same parse-once work on both sides.
    const { rows } = await pool.query<{
      page: { rows: unknown[] };
      counted: { total: number };
      paymentGroups: { options: unknown[] };
    }>({ name: 'bare_caseload', text: statement.text, values: statement.values });
    const { page, counted, paymentGroups } = rows[0]!;
    return {
      referrals: page.rows.slice(0, 50),
      nextCursor: page.rows.length > 50 ? 'more' : null,
      total: counted.total,
      paymentGroups: paymentGroups.options,
    };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const stop = () => {
    void app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// ───────── driver ─────────
const children: ChildProcess[] = [];

function readRssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface RunFigures {
  name: string;
  rps: number;
  total: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  errorRate: number;
  statuses: Record<number, number>;
  rss?: { min: number; max: number };
}

function run(
  name: string,
  url: string,
  connections: number,
  seconds: number,
  requests: AutocannonRequest[],
  rssPid?: number,
): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statuses: Record<number, number> = {};
    const rss: number[] = [];
    const sampler = rssPid
      ? setInterval(() => {
          const mb = readRssMb(rssPid);
          if (mb !== null) rss.push(mb);
        }, 1000)
      : undefined;
    if (rssPid) {
      const mb = readRssMb(rssPid);
      if (mb !== null) rss.push(mb);
    }
    const instance = autocannon(
      { url, connections, duration: seconds, requests, timeout: 30 },
      (error, result) => {
        if (sampler) clearInterval(sampler);
        if (error) return reject(error);
        const sorted = latencies.sort((a, b) => a - b);
        const responses = sorted.length;
        const non2xx = Object.entries(statuses).reduce(
          (n, [code, count]) => (Number(code) >= 200 && Number(code) < 300 ? n : n + count),
          0,
        );
        const errors = result.errors;
        resolve({
          name,
          rps: responses / result.duration,
          total: responses,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          non2xx,
          errors,
          errorRate: responses + errors === 0 ? 0 : (non2xx + errors) / (responses + errors),
          statuses,
          rss: rss.length ? { min: Math.min(...rss), max: Math.max(...rss) } : undefined,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

async function main(): Promise<void> {
  const seconds = argument('seconds', 30);
  const connections = argument('connections', 20);
  const roundCount = argument('rounds', 3);
  const breakdownSeconds = argument('breakdown-seconds', 5);
  // --caseload-only: just the alternating API / bare rounds, printed, no results file (for quick iteration on the ratio).
  const caseloadOnly = process.argv.includes('--caseload-only');
  const { findFreePort, findRepoRoot, readDatabaseEnv, resolveDatabase } =
    await import('@waymark/db');
  const env = readDatabaseEnv();
  if (!env.databaseUrl && !fs.existsSync(path.join(env.dataDir, 'pg', 'PG_VERSION'))) {
    console.error(
      `no generated database at ${path.join(env.dataDir, 'pg')}: run \`npx tsx scripts/generate.ts --referrals 2000000\` first`,
    );
    process.exit(1);
  }
  if (!fs.existsSync(API_MAIN)) {
    console.log('apps/api/dist missing: building the API');
    const build = spawn('npx', ['turbo', 'run', 'build', '--filter=@waymark/api'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    children.push(build);
    const code = await new Promise<number | null>((resolve) => build.once('exit', resolve));
    if (code !== 0 || !fs.existsSync(API_MAIN)) throw new Error('the API build failed');
  }
  const { hash } = await import('@node-rs/argon2');
  const { caseloadListSql } = await import('../apps/api/src/caseload/caseload.repository.js');
  const { CaseloadQuery } = await import('../apps/api/src/caseload/caseload.dto.js');
  const { loadConfig } = await import('../apps/api/src/common/config/env.js');

  const database = await resolveDatabase(env);
  const client = new Client({ connectionString: database.url });
  // Removes what the run made in the shared database (its claims and the milestones made for them), even after a failure.
  let cleanUp: () => Promise<number> = () => Promise.resolve(0);
  try {
    await client.connect();
    const referrals = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM referral')).rows[0]?.n,
    );
    const contract = (
      await client.query<{ id: string; prime_id: string; n: string }>(
        `SELECT pc.id, pc.prime_id, count(*) AS n FROM referral r JOIN prime_contract pc ON pc.id = r.prime_contract_id GROUP BY pc.id ORDER BY n DESC LIMIT 1`,
      )
    ).rows[0];
    if (!contract) throw new Error('no referrals: run scripts/generate.ts first');
    const delivery = (
      await client.query<{ subcontract_id: string; subcontractor_id: string; n: string }>(
        `SELECT s.id AS subcontract_id, s.subcontractor_id, count(*) AS n FROM referral r JOIN subcontract s ON s.id = r.subcontract_id
          WHERE r.prime_contract_id = $1 AND r.status IN ('ALLOCATED', 'ATTACHED') GROUP BY s.id ORDER BY n DESC LIMIT 1`,
        [contract.id],
      )
    ).rows[0];
    if (!delivery)
      throw new Error(
        'no ALLOCATED/ATTACHED referral with a subcontractor in the largest prime contract',
      );
    const writable = (
      await client.query<{ id: string }>(
        `SELECT id FROM referral WHERE subcontract_id = $1 AND status IN ('ALLOCATED', 'ATTACHED') ORDER BY received_at DESC LIMIT 500`,
        [delivery.subcontract_id],
      )
    ).rows.map((r) => r.id);

    // Users for the run (argon2id with the API's parameters).
    const password = 'load bench password, long enough';
    const passwordHash = await hash(password, {
      algorithm: 2,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    const stamp = Date.now();
    const users = {
      prime: {
        email: `load-bench-prime-${stamp}@bench.test`,
        organisationId: contract.prime_id,
        roles: '{CASEWORKER}',
      },
      finance: {
        email: `load-bench-finance-${stamp}@bench.test`,
        organisationId: contract.prime_id,
        roles: '{FINANCE}',
      },
      sub: {
        email: `load-bench-sub-${stamp}@bench.test`,
        organisationId: delivery.subcontractor_id,
        roles: '{CASEWORKER}',
      },
      subFinance: {
        email: `load-bench-sub-finance-${stamp}@bench.test`,
        organisationId: delivery.subcontractor_id,
        roles: '{FINANCE}',
      },
    };
    const userIds: Record<string, string> = {};
    for (const [key, user] of Object.entries(users)) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Load bench user', $3, $4) RETURNING id`,
        [user.organisationId, user.email, passwordHash, user.roles],
      );
      userIds[key] = rows[0]!.id;
    }
    cleanUp = async () => {
      // Every bench run's, not only this one's: a run killed before its clean-up leaves its milestones behind.
      const claims = `SELECT c.id FROM claim c JOIN app_user u ON u.id = c.created_by_user_id WHERE u.email LIKE 'load-bench-%@bench.test'`;
      await client.query(`DELETE FROM claim_transition WHERE claim_id IN (${claims})`);
      await client.query(`DELETE FROM evidence WHERE claim_id IN (${claims})`);
      const removed = await client.query(`DELETE FROM claim WHERE id IN (${claims})`);
      await client.query(`DELETE FROM journey_event WHERE details @> '{"loadBench": true}'`);
      return removed.rowCount ?? 0;
    };
    await cleanUp();
    // Claimable milestones for the claim submissions: ATTACHED referrals the subcontractor delivers with no journey
    // events yet get an ATTACHMENT event (paid for every payment group, no prerequisite); cleanUp removes them afterwards.
    const claimable = (
      await client.query<{ id: string }>(
        `WITH picked AS (
           SELECT r.id, r.programme_id, r.prime_contract_id FROM referral r JOIN subcontract s ON s.id = r.subcontract_id
            WHERE s.subcontractor_id = $1 AND r.status = 'ATTACHED' AND NOT EXISTS (SELECT 1 FROM journey_event je WHERE je.referral_id = r.id)
            ORDER BY r.received_at DESC LIMIT 3000
         ), events AS (
           INSERT INTO journey_event (programme_id, prime_contract_id, referral_id, milestone_code, occurrence, achieved_on, details, recorded_by_user_id)
           SELECT p.programme_id, p.prime_contract_id, p.id, m.code, 1, current_date - m.days_ago, '{"loadBench": true}', $2
             FROM picked p CROSS JOIN (VALUES ('ATTACHMENT', 7)) AS m(code, days_ago)
         )
         SELECT id FROM picked`,
        [delivery.subcontractor_id, userIds.sub],
      )
    ).rows.map((r) => r.id);

    // The bare endpoint's statement: the caseload repository's whole request for the prime's first page (no filters) —
    // the page, the capped count and the payment-group options, as the API sends them (one statement).
    const primeContracts = Number(
      (
        await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM prime_contract WHERE prime_id = $1',
          [contract.prime_id],
        )
      ).rows[0]?.n,
    );
    const filters = CaseloadQuery.parse({ limit: '50' });
    const statement = caseloadListSql({
      kind: 'PRIME',
      organisationId: contract.prime_id,
      filters,
      after: null,
      limit: filters.limit + 1,
      cap: loadConfig({ NODE_ENV: 'test' }).listCountCap,
      // The API's system clock's day (CaseloadService passes Clock.today()): the same parameters as the API binds.
      today: new Date().toISOString().slice(0, 10),
    });

    // The production API.
    const apiPort = await findFreePort();
    // The production entrypoint, exactly as deployed (it checks the applied migrations against the files and
    // refuses to start on a mismatch — this bench never migrates the shared database).
    const apiEnv = {
      PATH: process.env.PATH,
      ...productionApiEnv({ port: apiPort, databaseUrl: database.url }),
    };
    const api = spawn(process.execPath, [...apiProfileArgs(), API_MAIN], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: apiEnv,
    });
    children.push(api);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${apiUrl}/health`, api, 60).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message}: see main.js's message above (a migration mismatch: migrate the database, or see bench/results/load-repair-2003000.sql)`,
      );
    });
    const signIn = async (email: string) => {
      const response = await fetch(`${apiUrl}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok)
        throw new Error(
          `sign-in of ${email} answered ${response.status}: ${await response.text()}`,
        );
      return `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`;
    };
    const tokens = {
      prime: await signIn(users.prime.email),
      finance: await signIn(users.finance.email),
      sub: await signIn(users.sub.email),
      subFinance: await signIn(users.subFinance.email),
    };

    const today = new Date().toISOString().slice(0, 10);
    let nextWrite = 0;
    const caseload = (query: string): AutocannonRequest => ({
      method: 'GET',
      path: `/caseload?${query}`,
      headers: { authorization: tokens.prime },
    });
    const write: AutocannonRequest = {
      method: 'POST',
      path: '/referrals/placeholder/activities',
      headers: { authorization: tokens.sub, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'CONTACT', occurredOn: today, notes: 'load bench contact' }),
      setupRequest: (request) => ({
        ...request,
        path: `/referrals/${writable[nextWrite++ % writable.length]}/activities`,
      }),
    };
    let nextClaimable = 0;
    const draftClaim: AutocannonRequest = {
      method: 'POST',
      path: '/claims',
      headers: { authorization: tokens.sub, 'content-type': 'application/json' },
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({
          referralId: claimable[nextClaimable++ % claimable.length],
          milestoneCode: 'ATTACHMENT',
        }),
      }),
      onResponse: (status, body, context) => {
        const claim =
          status === 201
            ? (JSON.parse(body) as { claim: { id: string; version: number } }).claim
            : undefined;
        context.claim = claim ? { id: claim.id, version: claim.version } : undefined;
      },
    };
    // The ATTACHMENT milestone requires evidence (its programme definition's evidenceRequired): a one-page PDF, attached by the
    // caseworker between the draft and the submission, as the portal's claim page does.
    const boundary = 'loadbenchboundary';
    const attachEvidence: AutocannonRequest = {
      method: 'POST',
      path: '/claims/:id/evidence',
      headers: {
        authorization: tokens.sub,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: [
        `--${boundary}`,
        'content-disposition: form-data; name="file"; filename="attachment-form.pdf"',
        'content-type: application/pdf',
        '',
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
      setupRequest: (request, context) => ({
        ...request,
        path: `/claims/${context.claim?.id ?? '00000000-0000-4000-8000-000000000000'}/evidence`,
      }),
    };
    const submitClaim: AutocannonRequest = {
      method: 'POST',
      path: '/claims/:id/transitions',
      headers: { authorization: tokens.subFinance, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'SUBMITTED' }),
      // Without a draft to submit (the draft failed), an id that does not exist: a 404, counted as an error.
      setupRequest: (request, context) => ({
        ...request,
        path: `/claims/${context.claim?.id ?? '00000000-0000-4000-8000-000000000000'}/transitions`,
        headers: { ...request.headers, 'if-match': `"${context.claim?.version ?? 1}"` },
      }),
    };
    const dashboard: AutocannonRequest = {
      method: 'GET',
      path: '/dashboard',
      headers: { authorization: tokens.prime },
    };
    // As the portal's analytics page asks for it: the per-month totals, without the per-subcontractor
    // trend rows (those are for the trend export, apps/web/app/(portal)/analytics/page.tsx).
    const flowDown: AutocannonRequest = {
      method: 'GET',
      path: '/analytics/flow-down?trend=false',
      headers: { authorization: tokens.finance },
    };
    const supplyChain: AutocannonRequest = {
      method: 'GET',
      path: '/supply-chain',
      headers: { authorization: tokens.prime },
    };
    const mix: AutocannonRequest[] = [
      caseload('limit=50'),
      caseload('status=ATTACHED&limit=50'),
      write,
      caseload('inactiveDays=30&limit=50'),
      flowDown,
      dashboard,
      caseload('paymentGroup=JSA_25_PLUS&limit=50'),
      write,
      draftClaim,
      attachEvidence,
      submitClaim,
      caseload('sort=receivedAt&limit=50'),
      supplyChain,
      caseload('limit=50'),
    ];
    const share = (pick: (request: AutocannonRequest) => boolean) =>
      `${Math.round((100 * mix.filter(pick).length) / mix.length)} %`;
    const mixName = `API — mixed (${share((r) => r.path.startsWith('/caseload'))} caseload, ${share((r) => r === write)} activity writes, ${share((r) => r === draftClaim || r === attachEvidence || r === submitClaim)} claim draft + evidence + submit, ${share((r) => r === dashboard)} dashboard, ${share((r) => r === flowDown)} flow-down, ${share((r) => r === supplyChain)} supply chain)`;

    // Preflight: every request kind answers 2xx once (and warms the caches).
    const preflight: string[] = [];
    const preflightContext: ChainContext = {};
    for (const request of mix) {
      const concrete = request.setupRequest
        ? request.setupRequest(request, preflightContext)
        : request;
      const response = await fetch(`${apiUrl}${concrete.path}`, {
        method: concrete.method,
        headers: concrete.headers,
        body: concrete.body,
      });
      const text = await response.text();
      request.onResponse?.(response.status, text, preflightContext);
      preflight.push(`${concrete.method} ${request.path} → ${response.status}`);
      if (!response.ok)
        console.warn(
          `preflight ${concrete.method} ${concrete.path} answered ${response.status}: ${text.slice(0, 300)}`,
        );
    }
    console.log(preflight.join('\n'));

    const rssStart = readRssMb(api.pid!);
    console.log(
      caseloadOnly
        ? 'caseload only: no mixed run'
        : `mixed run: ${seconds}s, ${connections} connections`,
    );
    const mixed = caseloadOnly
      ? undefined
      : await run(mixName, apiUrl, connections, seconds, mix, api.pid);
    // Each kind of request in the mix alone (4 connections): which one sets the mixed run's pace. The claim
    // submission is a pair (draft, then submit what was drafted), run as one kind.
    const kinds = mix
      .filter(
        (request) =>
          request !== draftClaim && request !== attachEvidence && request !== submitClaim,
      )
      .filter(
        (request, index, singles) =>
          singles.findIndex(
            (other) => other.method === request.method && other.path === request.path,
          ) === index,
      )
      .map((request) => [request]);
    kinds.push([draftClaim, attachEvidence, submitClaim]);
    const breakdown: RunFigures[] = [];
    for (const requests of caseloadOnly ? [] : kinds) {
      const name = requests
        .map((request) => `\`${request.method} ${request.path.replace('placeholder', ':id')}\``)
        .join(' then ');
      console.log(`breakdown: ${name}, ${breakdownSeconds}s, 4 connections`);
      breakdown.push(await run(name, apiUrl, 4, breakdownSeconds, requests));
    }

    // The bare Fastify + pg endpoint (child process), up beside the API so the runs can alternate.
    const barePort = await findFreePort();
    const bare = spawn(process.execPath, ['--import', 'tsx', __filename, '--bare-server'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: database.url,
        PORT: String(barePort),
        BARE_STATEMENT: JSON.stringify(statement),
      },
    });
    children.push(bare);
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitForHttp(`${bareUrl}/caseload`, bare, 60);
    for (let i = 0; i < 5; i += 1) await fetch(`${bareUrl}/caseload`).then((r) => r.arrayBuffer());

    // Alternate API and bare runs; the figure is the median of the per-round ratios.
    const rounds: { api: RunFigures; bare: RunFigures; ratio: number }[] = [];
    for (let round = 1; round <= roundCount; round += 1) {
      console.log(
        `round ${round}/${roundCount}: API caseload-only run, then bare, ${seconds}s each`,
      );
      const apiRun = await run(
        'API — caseload only (`GET /caseload?limit=50`, prime caseworker)',
        apiUrl,
        connections,
        seconds,
        [caseload('limit=50')],
        api.pid,
      );
      const bareRun = await run(
        'bare Fastify + pg — same caseload SQL, prepared, table owner, no auth/RLS',
        bareUrl,
        connections,
        seconds,
        [{ method: 'GET', path: '/caseload' }],
      );
      rounds.push({
        api: apiRun,
        bare: bareRun,
        ratio: bareRun.rps === 0 ? 0 : apiRun.rps / bareRun.rps,
      });
      console.log(
        `  API ${apiRun.rps.toFixed(1)} req/s, bare ${bareRun.rps.toFixed(1)} req/s, ratio ${rounds[rounds.length - 1]!.ratio.toFixed(2)}`,
      );
    }
    const rssEnd = readRssMb(api.pid!);
    await stopChild(api);
    await stopChild(bare);
    // After the API has stopped: no request is still writing a claim or a transition.
    const claimsMade = await cleanUp();
    cleanUp = () => Promise.resolve(0);
    const median = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor(rounds.length / 2)]!;
    const ratio = median.ratio;
    const apiCaseload = median.api;
    const bareCaseload = median.bare;
    if (!mixed) {
      console.log(
        `API caseload throughput ÷ bare: ${median.ratio.toFixed(2)} (median of ${roundCount}; rounds ${rounds.map((r) => r.ratio.toFixed(2)).join(' / ')})`,
      );
      return;
    }
    const fmt = (n: number, digits = 1) => n.toFixed(digits);
    const row = (r: RunFigures) =>
      `| ${r.name} | ${fmt(r.rps)} | ${r.total.toLocaleString('en-GB')} | ${fmt(r.p50, 0)} | ${fmt(r.p95, 0)} | ${fmt(r.p99, 0)} | ${fmt(r.errorRate * 100, 2)} % (${r.non2xx} non-2xx, ${r.errors} errors) | ${r.rss ? `${fmt(r.rss.min, 0)} – ${fmt(r.rss.max, 0)}` : '—'} |`;
    const statuses = (r: RunFigures) =>
      Object.entries(r.statuses)
        .map(([code, count]) => `${code}: ${count}`)
        .join(', ');
    const report = [
      `# Load — ${referrals.toLocaleString('en-GB')} referrals`,
      '',
      `\`npx tsx bench/load.ts --seconds ${seconds} --connections ${connections} --rounds ${roundCount}\`, run ${new Date().toISOString().slice(0, 10)} against ${database.isEmbedded ? 'the embedded PostgreSQL 15 (.data/pg)' : 'DATABASE_URL'} on ${(await import('node:os')).cpus().length} cores,`,
      `the production build (\`node apps/api/dist/src/main.js\`; NODE_ENV=production, LOG_LEVEL=warn, jobs off) on 127.0.0.1, autocannon in the driver process.`,
      `Prime: the organisation holding the largest prime contract (${Number(contract.n).toLocaleString('en-GB')} referrals, ${primeContracts} prime contract(s)); subcontractor: the one delivering most`,
      `ALLOCATED/ATTACHED referrals in it (${Number(delivery.n).toLocaleString('en-GB')}); writes rotate over ${writable.length} of them (\`POST /referrals/:id/activities\`, kind CONTACT).`,
      `Claim submissions: its caseworker drafts an ATTACHMENT claim on one of ${claimable.length.toLocaleString('en-GB')} ATTACHED referrals given claimable milestones for the run, attaches the evidence the milestone requires (a one-page PDF), and its finance user submits it; ${claimsMade.toLocaleString('en-GB')} claims were drafted in all, removed with those milestones after the run.`,
      '',
      `Mixed sequence per connection (repeating): ${mix.map((r) => `\`${r.method} ${r.path.replace('placeholder', ':id')}\``).join(', ')}.`,
      '',
      '| run | req/s | responses | p50 ms | p95 ms | p99 ms | error rate | API RSS MB (min – max, sampled 1/s) |',
      '|---|---:|---:|---:|---:|---:|---|---|',
      row(mixed),
      row(apiCaseload),
      row(bareCaseload),
      '',
      `Each kind of request in the mix alone, ${breakdownSeconds} s at 4 connections (after the mixed run):`,
      '',
      '| request | req/s | p50 ms | p95 ms | p99 ms | non-2xx |',
      '|---|---:|---:|---:|---:|---:|',
      ...breakdown.map(
        (r) =>
          `| ${r.name} | ${fmt(r.rps)} | ${fmt(r.p50, 0)} | ${fmt(r.p95, 0)} | ${fmt(r.p99, 0)} | ${r.non2xx} |`,
      ),
      '',
      `Caseload-only runs alternate API and bare, ${roundCount} rounds of ${seconds} s each; the two rows above are the median round.`,
      '',
      '| round | API req/s | bare req/s | ratio |',
      '|---:|---:|---:|---:|',
      ...rounds.map(
        (r, i) => `| ${i + 1} | ${fmt(r.api.rps)} | ${fmt(r.bare.rps)} | ${fmt(r.ratio, 2)} |`,
      ),
      '',
      `**API caseload throughput ÷ bare Fastify + pg: ${fmt(ratio, 2)}** (median of ${roundCount} rounds; target ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'not met'}).`,
      '',
      `Load average at the end of the run: ${(await import('node:os'))
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(
          ' / ',
        )} (1 / 5 / 15 min): on a busy machine absolute req/s fall; the ratio, measured in alternating rounds, is the comparable figure.`,
      '',
      `API RSS: ${rssStart === null ? '?' : fmt(rssStart, 0)} MB after warm-up, ${rssEnd === null ? '?' : fmt(rssEnd, 0)} MB after both API runs.`,
      '',
      'Status codes:',
      '',
      `- mixed: ${statuses(mixed)}`,
      `- API caseload only: ${statuses(apiCaseload)}`,
      `- bare: ${statuses(bareCaseload)}`,
      '',
      'Preflight (one request of each kind before the runs):',
      '',
      ...preflight.map((line) => `- ${line}`),
      '',
    ].join('\n');
    const file = path.join(findRepoRoot(), 'bench', 'results', `load-${referrals}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, report);
    console.log(report);
    console.log(`wrote ${path.relative(findRepoRoot(), file)}`);
  } finally {
    await Promise.all(children.map(stopChild));
    await cleanUp().catch((error: unknown) =>
      console.error(`could not remove the run's claims: ${(error as Error).message}`),
    );
    await client.end().catch(() => undefined);
    await database.stop();
  }
}

if (process.argv.includes('--bare-server')) {
  bareServer().catch((error: unknown) => {
    console.error((error as Error).stack ?? (error as Error).message);
    process.exit(1);
  });
} else {
  const interrupt = () => {
    void Promise.all(children.map(stopChild)).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  main().then(
    () => process.exit(0),
    async (error: unknown) => {
      console.error((error as Error).stack ?? (error as Error).message);
      await Promise.all(children.map(stopChild));
      process.exit(1);
    },
  );
}
