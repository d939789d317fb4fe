// Portal page loads per role at scale (issue W17 "every portal page p95 < 1 s for every role").
//
//   npx tsx scripts/generate.ts --referrals 2000000   # once: fills the embedded database (.data/pg) or DATABASE_URL
//   npx turbo run build --filter=@waymark/api --filter=@waymark/web
//   npx tsx bench/portal.ts [--loads 5] [--who "PRIME ADMIN,COMMISSIONER"] [--pages /,/claims]
//
// The production API (`node apps/api/dist/src/main.js`, NODE_ENV=production, jobs off) and the built portal
// (apps/web/server.mjs, NODE_ENV=production) against the generated database, driven by Debian's Chromium
// through playwright-core (as apps/web/test/support/stack.ts). For every party kind × roles among the demo
// logins (packages/db/src/seed/demo-parties.ts), a bench user with those roles in the largest organisation of
// that kind signs in through the sign-in page, reads its navigation, and loads each page --loads times
// (sequentially, a full navigation to the load event, after one warm-up). Reports p50/p95 per role and page and
// every page over the 1 s target. Writes bench/results/portal-<N>.md; stops everything it started.
// --who (roles whose name contains one of the comma-separated words) and --pages (exact paths) walk a subset, to
// measure one change quickly; a subset's report is printed, not written over the full one.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { findFreePort, findRepoRoot, readDatabaseEnv, resolveDatabase } from '@waymark/db';
import { DEMO_LOGIN_ROLES } from '../packages/db/src/seed/demo-parties';
import { argument, percentile } from './lib/measure';
import { productionApiEnv, stopChild, waitForHttp } from './lib/processes';

const ROOT = path.join(__dirname, '..');
const API_MAIN = path.join(ROOT, 'apps', 'api', 'dist', 'src', 'main.js');
const WEB_ROOT = path.join(ROOT, 'apps', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_MS = 1_000;

/** A comma-separated --name option, or undefined when absent. */
function listArgument(name: string): string[] | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const value = process.argv[at + 1];
  if (!value) throw new Error(`--${name} needs a comma-separated list`);
  return value.split(',').map((item) => item.trim());
}

function start(name: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  return { name, child, output: () => output };
}

async function main(): Promise<void> {
  const loads = argument('loads', 5);
  const onlyWho = listArgument('who');
  const onlyPages = listArgument('pages');
  const isSubset = onlyWho !== undefined || onlyPages !== undefined;
  for (const file of [API_MAIN, path.join(WEB_ROOT, '.next', 'BUILD_ID')])
    if (!fs.existsSync(file))
      throw new Error(
        `${path.relative(ROOT, file)} is missing: npx turbo run build --filter=@waymark/api --filter=@waymark/web`,
      );
  const databaseEnv = readDatabaseEnv();
  const database = await resolveDatabase(databaseEnv);
  const { hashPassword } = await import('../apps/api/src/auth/password-hasher.js');
  const client = new Client({ connectionString: database.url });
  const children: ChildProcess[] = [];
  let browser: Browser | undefined;
  const results: { who: string; organisation: string; page: string; ms: number[] }[] = [];
  const skipped: string[] = [];
  let referrals = 0;
  try {
    await client.connect();
    referrals = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM referral')).rows[0]?.n,
    );
    // The largest organisation of each kind: by referrals in its slice (one grouped count per kind), else any.
    const bySlice: Record<string, string> = {
      PRIME: `SELECT pc.prime_id AS id, count(*) AS n FROM referral r JOIN prime_contract pc ON pc.id = r.prime_contract_id GROUP BY 1`,
      SUBCONTRACTOR: `SELECT s.subcontractor_id AS id, count(*) AS n FROM referral r JOIN subcontract s ON s.id = r.subcontract_id GROUP BY 1`,
      REFERRAL_PARTNER: `SELECT r.referral_partner_id AS id, count(*) AS n FROM referral r GROUP BY 1`,
      COMMISSIONER: `SELECT p.commissioner_id AS id, count(*) AS n FROM referral r JOIN programme p ON p.id = r.programme_id GROUP BY 1`,
    };
    const largest = async (kind: string) =>
      (
        await client.query<{ id: string; name: string }>(
          bySlice[kind]
            ? `SELECT o.id, o.name FROM (${bySlice[kind]}) slice JOIN organisation o ON o.id = slice.id ORDER BY slice.n DESC LIMIT 1`
            : `SELECT o.id, o.name FROM organisation o WHERE o.kind = $1::"OrganisationKind" ORDER BY o.name LIMIT 1`,
          bySlice[kind] ? [] : [kind],
        )
      ).rows[0];
    const password = 'portal bench password, long enough';
    const passwordHash = await hashPassword(password);
    const stamp = Date.now();
    const users: { who: string; email: string; organisation: string }[] = [];
    for (const role of DEMO_LOGIN_ROLES.filter(
      (role) => !onlyWho || onlyWho.some((word) => role.who.includes(word)),
    )) {
      const organisation = await largest(role.kind);
      if (!organisation) {
        skipped.push(`${role.who}: no ${role.kind} organisation in this database`);
        continue;
      }
      const email = `portal-bench-${role.who.toLowerCase().replace(/[^a-z]+/g, '-')}-${stamp}@bench.test`;
      await client.query(
        `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Portal bench', $3, $4)`,
        [organisation.id, email, passwordHash, role.roles],
      );
      users.push({ who: role.who, email, organisation: organisation.name });
    }

    const [apiPort, portalPort] = await Promise.all([findFreePort(), findFreePort()]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const api = start('API', [API_MAIN], ROOT, {
      ...productionApiEnv({ port: apiPort, databaseUrl: database.url }),
      WEB_ORIGIN: portalUrl,
      COOKIE_SECURE: 'false',
    });
    children.push(api.child);
    const portal = start('Portal', [path.join(WEB_ROOT, 'server.mjs')], WEB_ROOT, {
      API_URL: apiUrl,
      HOST: '127.0.0.1',
      PORT: String(portalPort),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    });
    children.push(portal.child);
    await waitForHttp(`${apiUrl}/health`, api.child, 90, api);
    await waitForHttp(`${portalUrl}/status`, portal.child, 90, portal);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });

    for (const user of users) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 860 },
        locale: 'en-GB',
      });
      const page = await context.newPage();
      await page.goto(`${portalUrl}/sign-in`);
      await page.getByLabel('Email address').fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 60_000 });
      // Runs in the browser; the root tsconfig has no DOM types, so the links are typed by what is read.
      const hrefs: string[] = await page
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link')
        .evaluateAll((links: { getAttribute(name: string): string | null }[]) =>
          links.map((link) => link.getAttribute('href') ?? ''),
        );
      for (const href of [...new Set(hrefs)].filter(
        (h) => h.startsWith('/') && (!onlyPages || onlyPages.includes(h)),
      )) {
        const ms: number[] = [];
        for (let load = 0; load <= loads; load += 1) {
          const started = performance.now();
          const response = await page.goto(`${portalUrl}${href}`, {
            waitUntil: 'load',
            timeout: 60_000,
          });
          const elapsed = performance.now() - started;
          if (!response || response.status() >= 400)
            throw new Error(`${user.who} ${href} answered ${response?.status() ?? 'nothing'}`);
          if (load > 0) ms.push(elapsed); // the first load warms the portal's and the API's caches
        }
        results.push({ who: user.who, organisation: user.organisation, page: href, ms });
        console.log(
          `${user.who} ${href}: p95 ${percentile(
            [...ms].sort((a, b) => a - b),
            95,
          ).toFixed(0)} ms`,
        );
      }
      await context.close();
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await Promise.all(children.map(stopChild));
    await client.end().catch(() => undefined);
    await database.stop();
  }

  const rows = results.map((result) => {
    const sorted = [...result.ms].sort((a, b) => a - b);
    return { ...result, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  });
  const over = rows.filter((row) => row.p95 >= TARGET_MS);
  const worst = [...rows].sort((a, b) => b.p95 - a.p95)[0];
  const report = [
    `# Portal page loads per role — ${referrals.toLocaleString('en-GB')} referrals`,
    '',
    `\`npx tsx bench/portal.ts --loads ${loads}\`, run ${new Date().toISOString().slice(0, 10)} against ${database.isEmbedded ? 'the embedded PostgreSQL 15 (.data/pg)' : 'DATABASE_URL'} on a 2-core machine shared with other work`,
    `(load average at the end ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(
        ' / ',
      )}). The production API and the built portal (server.mjs), Debian's Chromium through playwright-core, one page at a time.`,
    `Each party kind × roles of the demo logins is a bench user with those roles in the largest organisation of that kind; it signs in, reads its`,
    `navigation and loads each page ${loads} times after one warm-up (a full navigation to the load event: the portal renders on the server from the API).`,
    `With ${loads} loads the p95 is the slowest load but one at most: read it as "the slow end", not a tight percentile.`,
    '',
    `**${over.length === 0 ? `Every page p95 < ${TARGET_MS} ms for every role: target met` : `${over.length} of ${rows.length} pages over the ${TARGET_MS} ms target`}** (slowest: ${worst ? `${worst.who} ${worst.page} p95 ${worst.p95.toFixed(0)} ms` : 'none'}).`,
    '',
    '| role (organisation) | page | p50 ms | p95 ms | target < 1 s |',
    '|---|---|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.who} (${row.organisation}) | \`${row.page}\` | ${row.p50.toFixed(0)} | ${row.p95.toFixed(0)} | ${row.p95 < TARGET_MS ? 'met' : '**not met**'} |`,
    ),
    '',
    ...(skipped.length ? [`Not walked: ${skipped.join('; ')}.`, ''] : []),
  ].join('\n');
  console.log(report);
  if (isSubset) return;
  const file = path.join(findRepoRoot(), 'bench/results', `portal-${referrals}.md`);
  fs.writeFileSync(file, report);
  console.log(`wrote ${path.relative(findRepoRoot(), file)}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? (error as Error).message);
  process.exit(1);
});
