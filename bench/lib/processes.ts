// The child processes a benchmark runs (the production API, the portal, a bare
// server): their environment, waiting until they answer, and stopping them.
import { type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';

/** The production API's environment on `port` over `databaseUrl`: no migrations, no jobs, fresh secrets. */
export function productionApiEnv(options: { port: number; databaseUrl: string }) {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    AUTH_SECRET: crypto.randomBytes(48).toString('base64'),
    PII_HMAC_KEY: crypto.randomBytes(32).toString('base64'),
    PII_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
  };
}

/**
 * `--profile DIR` on a bench's command line: the API process writes a V8 CPU profile there when the bench stops it
 * (open it in Chrome DevTools), to see where a measured request's time goes. No flags without it.
 */
export function apiProfileArgs(argv: readonly string[] = process.argv): string[] {
  const at = argv.indexOf('--profile');
  if (at === -1) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${path.resolve(argv[at + 1] ?? 'bench/profiles')}`];
}

/**
 * Waits until `url` answers below 500, failing as soon as `child` exits or after `seconds`.
 * `name` and `output` (the child's last output, when it is piped) go into the error.
 */
export async function waitForHttp(
  url: string,
  child: ChildProcess,
  seconds: number,
  options: { name?: string; output?: () => string } = {},
): Promise<void> {
  const name = options.name ?? url;
  const output = () => (options.output ? `:\n${options.output()}` : '');
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `${name}: the process exited (${child.exitCode}) before answering${output()}`,
      );
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status > 0 && status < 500) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer ${url} within ${seconds}s${output()}`);
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
