// `npm start`: builds what is missing, starts the embedded PostgreSQL (or uses
// DATABASE_URL), migrates, seeds demo data when the database is empty, then
// runs the API and the portal and prints how to sign in. Ctrl-C stops all, in
// order: the API and the portal first, then the database (each service runs in
// its own process group, so the terminal's Ctrl-C reaches only this script).
// `npm run dev` does the same with watchers instead of production builds.
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort, migrate, readDatabaseEnv } from '../packages/db/src/index';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoData } from '../packages/db/src/seed/index';
import { localSecrets, piiKeys } from './lib/local-secrets';
import {
  repoRoot,
  run,
  startDatabaseProcess,
  startService,
  stopChild,
  waitForUrl,
} from './lib/processes';

const isDev = process.argv.includes('--dev');
const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);

async function choosePort(preferred: number): Promise<number> {
  const probe = await fetch(`http://127.0.0.1:${preferred}`).then(
    () => true,
    () => false,
  );
  return probe ? findFreePort() : preferred;
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  let stopDatabase: () => Promise<void> = async () => undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping Waymark…');
    // The API (and the portal) first, so nothing is connected when the database goes.
    await Promise.all(children.map((child) => stopChild(child)));
    console.log('API and portal stopped; stopping the database…');
    await stopDatabase();
    console.log('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const telemetryOff = { TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' };
  if (!isDev) {
    const built =
      fs.existsSync(path.join(repoRoot, 'apps/api/dist/src/main.js')) &&
      fs.existsSync(path.join(repoRoot, 'apps/web/.next/BUILD_ID'));
    if (!built) console.log('building Waymark (first start only; turbo caches it)…');
    // turbo is a no-op when nothing changed, so always asking keeps builds current.
    const code = await run(bin('turbo'), ['run', 'build', '--output-logs=errors-only'], {
      env: { ...process.env, ...telemetryOff },
    });
    if (code !== 0) throw new Error('the build failed (see above)');
  }

  const env = readDatabaseEnv();
  console.log(
    env.databaseUrl
      ? 'using DATABASE_URL'
      : `starting embedded PostgreSQL 15 (data in ${path.relative(repoRoot, env.dataDir)}/pg)…`,
  );
  const database = env.databaseUrl
    ? { url: env.databaseUrl, stop: async () => undefined }
    : await startDatabaseProcess((line) => console.error(`[database] ${line}`));
  stopDatabase = () => database.stop();
  if (stopping) return;
  const { applied } = await migrate({
    databaseUrl: database.url,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(applied.length ? `applied ${applied.length} migration(s)` : 'migrations current');
  const secrets = localSecrets();
  const seed = await seedDemoData({
    databaseUrl: database.url,
    pii: piiKeys(secrets),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(seed.seeded ? 'seeded the demo programme' : 'demo data present');

  const apiPort = await choosePort(Number(process.env.API_PORT ?? 3001));
  const webPort = await choosePort(Number(process.env.PORT ?? 3000));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://localhost:${webPort}`;
  // Quiet by default so the banner stays readable; LOG_LEVEL=info shows every request.
  const logLevel = process.env.LOG_LEVEL ?? (isDev ? 'info' : 'warn');
  const apiEnv = {
    DATABASE_URL: database.url,
    PORT: String(apiPort),
    MIGRATE_ON_START: 'false',
    WEB_ORIGIN: webUrl,
    LOG_LEVEL: logLevel,
    ...secrets,
    ...telemetryOff,
  };

  if (isDev) {
    children.push(
      startService(
        'api:tsc',
        bin('tsc'),
        ['-p', 'apps/api/tsconfig.build.json', '--watch', '--preserveWatchOutput'],
        apiEnv,
      ),
    );
    await waitForFile(path.join(repoRoot, 'apps/api/dist/src/main.js'));
    children.push(
      startService('api', process.execPath, ['--watch', 'apps/api/dist/src/main.js'], apiEnv),
    );
    children.push(
      startService('web', bin('next'), ['dev', 'apps/web', '-p', String(webPort)], {
        API_URL: apiUrl,
        ...telemetryOff,
      }),
    );
  } else {
    children.push(
      startService('api', process.execPath, ['apps/api/dist/src/main.js'], {
        ...apiEnv,
        NODE_ENV: 'production',
      }),
    );
    // server.mjs, not next start: it sets X-Forwarded-For to the address it saw.
    children.push(
      startService('web', process.execPath, ['apps/web/server.mjs'], {
        API_URL: apiUrl,
        PORT: String(webPort),
        NODE_ENV: 'production',
        ...telemetryOff,
      }),
    );
  }
  for (const child of children) child.once('exit', (code) => !stopping && void shutdown(code ?? 1));

  await waitForUrl(`${apiUrl}/health`, 60_000, children.at(-2));
  await waitForUrl(webUrl, 120_000, children.at(-1));

  const width = Math.max(...DEMO_LOGINS.map((login) => login.email.length));
  console.log(`
  ┌──────────────────────────────────────────────────────────────
  │ Waymark is running${isDev ? ' (dev mode, watching for changes)' : ''}
  │   portal   ${webUrl}
  │   API      ${apiUrl}   (OpenAPI at ${apiUrl}/docs)
  │
  │ Demo logins — every password is ${DEMO_PASSWORD}
${DEMO_LOGINS.map((login) => `  │   ${login.email.padEnd(width)}  ${login.description}`).join('\n')}
  │
  │ Ctrl-C stops everything (the data stays in .data/).
  └──────────────────────────────────────────────────────────────`);
}

async function waitForFile(file: string): Promise<void> {
  while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 300));
}

main().catch((error: unknown) => {
  console.error(`Waymark failed to start: ${(error as Error).message}`);
  process.exit(1);
});
