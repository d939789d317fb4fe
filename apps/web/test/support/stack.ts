// The browser tests' harness: the BUILT API and the BUILT portal against a
// fresh database, driven by Debian's Chromium through playwright-core. Each
// test file starts its own stack on free ports, so files run in parallel.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '../../../..');
const webRoot = path.join(repoRoot, 'apps/web');
const apiEntry = path.join(repoRoot, 'apps/api/dist/src/main.js');
const nextBuildId = path.join(webRoot, '.next/BUILD_ID');
export const screenshotDir = path.join(repoRoot, 'docs/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Service {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output: () => string;
}

export interface Stack {
  database: TestDatabase;
  apiUrl: string;
  portalUrl: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) and page; 1280 × 860 unless `viewport` says otherwise. */
  newPage: (options?: {
    permissions?: string[];
    viewport?: { width: number; height: number };
  }) => Promise<Page>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function start(
  name: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> & { NODE_ENV: 'production' | 'test' } },
): Service {
  // A clean environment: nothing from the Jest process (DATABASE_URL, …) leaks into the services.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    // A suite run under libfaketime (`faketime -f +365d npx jest …`) fakes the services' clocks too.
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => name === 'LD_PRELOAD' || name.startsWith('FAKETIME'),
      ),
    ),
    ...options.env,
  };
  // detached: the child leads its own process group, so stop() reaches anything it forks.
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { name, child, output: () => output.slice(-4_000) };
}

async function waitUntilAnswering(
  service: Service,
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(
        `${service.name} exited with code ${service.child.exitCode} before answering:\n${service.output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${service.name} did not answer ${url} within ${timeoutMs} ms:\n${service.output()}`,
  );
}

async function stopService(service: Service | undefined): Promise<void> {
  const pid = service?.child.pid;
  if (!service || pid === undefined || service.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts database, API, portal and Chromium; call `stop()` in afterAll.
 * Job workers are off unless `jobsEnabled` (a walk that follows a background
 * import to the end turns them on; the others see queued jobs stay queued).
 */
export async function startStack(
  options: { jobsEnabled?: boolean; demoData?: boolean } = {},
): Promise<Stack> {
  const missing = [apiEntry, nextBuildId].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The browser tests run the built API and portal, but ${missing.map((file) => path.relative(repoRoot, file)).join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} missing. Run \`npm run build\` first (\`npm test\` does).`,
    );
  }
  fs.mkdirSync(screenshotDir, { recursive: true });

  let database: TestDatabase | undefined;
  let api: Service | undefined;
  let portal: Service | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  const stop = async () => {
    // Each step on its own: one failing must not leave the others running.
    await browser?.close().catch(() => undefined);
    await Promise.allSettled([stopService(portal), stopService(api)]);
    await database?.drop();
  };

  try {
    database = await createTestDatabase({ demoData: options.demoData });
    const [apiPort, portalPort] = await Promise.all([freePort(), freePort()]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const portalUrl = `http://127.0.0.1:${portalPort}`;

    api = start('API', [apiEntry], {
      cwd: repoRoot,
      env: {
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: String(apiPort),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        // Invitation links point at this portal; cookies over plain http on 127.0.0.1.
        WEB_ORIGIN: portalUrl,
        COOKIE_SECURE: 'false',
        JOBS_ENABLED: options.jobsEnabled ? 'true' : 'false',
      },
    });
    // The production server (server.mjs, not next start): it sets X-Forwarded-For to the address it saw.
    portal = start('Portal', [path.join(webRoot, 'server.mjs')], {
      cwd: webRoot,
      env: {
        API_URL: apiUrl,
        HOST: '127.0.0.1',
        PORT: String(portalPort),
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    });
    await Promise.all([
      waitUntilAnswering(api, `${apiUrl}/health`),
      waitUntilAnswering(portal, `${portalUrl}/status`),
    ]);

    const launched = await chromium.launch({
      executablePath: chromiumPath,
      // Chromium keeps the real clock (under libfaketime it never finishes loading a page); the services fake it.
      env: Object.fromEntries(
        Object.entries(process.env).filter(
          ([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME'),
        ),
      ),
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
    browser = launched;
    const ready = database;

    return {
      database: ready,
      apiUrl,
      portalUrl,
      browser: launched,
      newPage: async ({ permissions = [], viewport = { width: 1280, height: 860 } } = {}) => {
        const context = await launched.newContext({
          viewport,
          locale: 'en-GB',
        });
        if (permissions.length > 0)
          await context.grantPermissions(permissions, { origin: portalUrl });
        // Under libfaketime the page's clock starts at the faked now too (Chromium itself runs on the real one).
        if (process.env.FAKETIME) await context.clock.install({ time: new Date() });
        contexts.push(context);
        return context.newPage();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
