// What the resilience drills share: a throw-away embedded PostgreSQL, the
// production API (apps/api/dist) as real child processes on localhost, the
// demo seed, and the checks every drill ends with (ledger balances, audit
// chain verifies). Everything is bounded: each wait has a deadline.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import {
  ensureDatabase,
  findFreePort,
  startEmbeddedPostgres,
  type RunningServer,
} from '../../../packages/db/src/index';
import { DEMO_PASSWORD, seedDemoData } from '../../../packages/db/src/seed/index';
import { verifyAuditChain } from '../../../apps/api/src/common/audit/audit-chain';

export const repoRoot = path.resolve(__dirname, '../../..');
export const API_MAIN = path.join(repoRoot, 'apps/api/dist/src/main.js');

export const SECRETS = {
  AUTH_SECRET: randomBytes(48).toString('base64url'),
  PII_HMAC_KEY: randomBytes(32).toString('base64'),
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

export interface DrillDatabase {
  url: string;
  pool: Pool;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StoppableDatabase extends DrillDatabase {
  /** Stops PostgreSQL (fast shutdown): every connection is cut and new ones are refused. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  startServer(): Promise<void>;
}

/** A throw-away PostgreSQL on a fixed port, so the server can be stopped and started under a running API. */
export async function startDrillDatabase(name = 'waymark'): Promise<StoppableDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-drill-'));
  const port = await findFreePort();
  const pgDir = path.join(dataDir, 'pg');
  let server: RunningServer | null = await startEmbeddedPostgres({ dataDir: pgDir, port });
  await ensureDatabase(server.adminUrl, name);
  const url = server.adminUrl.replace(/\/postgres$/, `/${name}`);
  // application_name keeps the drill's own connections out of its pg_terminate_backend; an idle one the
  // server drops anyway (shutdown) must not kill the drill.
  const pool = new Pool({ connectionString: url, max: 4, application_name: 'drill' });
  pool.on('error', (error) => console.warn(`drill database connection lost: ${error.message}`));
  return {
    url,
    pool,
    dataDir,
    async stopServer() {
      await server?.stop();
      server = null;
    },
    async startServer() {
      server ??= await startEmbeddedPostgres({ dataDir: pgDir, port });
    },
    async stop() {
      await pool.end();
      await server?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Every stdout/stderr line so far (pino JSON). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startApi(options: {
  name: string;
  databaseUrl: string;
  storageDir: string;
  env?: Record<string, string>;
}): Promise<ApiProcess> {
  if (!fs.existsSync(API_MAIN))
    throw new Error('apps/api/dist is missing: npx turbo run build --filter=@waymark/api');
  const port = await findFreePort();
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...SECRETS,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      STORAGE_DIR: options.storageDir,
      LOG_LEVEL: 'info',
      MIGRATE_ON_START: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name: options.name, url: `http://127.0.0.1:${port}`, child, lines, exited };
}

export async function waitReady(api: ApiProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null)
      throw new Error(
        `${api.name} exited (${api.child.exitCode}) before it was ready:\n${api.lines.slice(-10).join('\n')}`,
      );
    const status = await fetch(`${api.url}/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`${api.name} not ready within ${timeoutMs / 1000} s`);
}

export async function stopApi(
  api: ApiProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 30_000,
): Promise<void> {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill(signal);
  const timer = setTimeout(() => api.child.kill('SIGKILL'), timeoutMs);
  await api.exited;
  clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function seed(db: DrillDatabase): Promise<void> {
  await seedDemoData({
    databaseUrl: db.url,
    asOf: new Date().toISOString().slice(0, 10),
    pii: {
      hmacKey: Buffer.from(SECRETS.PII_HMAC_KEY, 'base64'),
      encryptionKey: Buffer.from(SECRETS.PII_ENCRYPTION_KEY, 'base64'),
    },
  });
}

export async function signInAs(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in ${email}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export async function api<T = any>(
  baseUrl: string,
  method: string,
  route: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV or empty
  }
  return { status: response.status, body: body as T };
}

/** A POST with an idempotency key, its answer kept as the bytes that came back (to compare a replay with the first). */
export async function postWithKey(
  baseUrl: string,
  route: string,
  token: string,
  body: unknown,
  key: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, text: await response.text() };
}

/** The rows of one statement on its own short-lived connection (a server that may be going away). */
export async function queryOnce<T extends object>(
  url: string,
  sql: string,
  values: unknown[] = [],
) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A referral file of `rows` referrals (valid NI numbers, unique references) in the import template's columns. */
export function referralFile(rows: number, salt: string, offset = 0): string {
  const header = 'external_reference,ni_number,date_of_birth,benefit_type';
  const lines = [header];
  const letters = 'ABCEGHJKLMNPRSTWXYZ';
  for (let i = 0; i < rows; i++) {
    const prefix = `${letters[i % letters.length]}${letters[Math.floor(i / letters.length) % letters.length]}`;
    lines.push(
      `${salt}-${i},${prefix}${String(100000 + ((i + offset) % 900000)).padStart(6, '0')}${'ABCD'[i % 4]},19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 9},JSA`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function uploadReferralFile(
  baseUrl: string,
  token: string,
  fields: { primeContractId: string; mode?: string },
  content: string,
  fileName: string,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('primeContractId', fields.primeContractId);
  form.append('mode', fields.mode ?? 'valid-rows');
  form.append('file', new Blob([content], { type: 'text/csv' }), fileName);
  const response = await fetch(`${baseUrl}/referral-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    signal: AbortSignal.timeout(120_000),
  });
  return { status: response.status, body: await response.json() };
}

export interface Invariants {
  unbalancedLedgerTransactions: number;
  ledgerEntries: number;
  auditEvents: number;
  auditChainValid: boolean;
  auditBrokenAt: string | null;
}

/** The ledger sums to zero per transaction and the audit chain verifies. */
export async function checkInvariants(db: DrillDatabase): Promise<Invariants> {
  const unbalanced = await db.pool.query(
    `SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(amount_pence) <> 0`,
  );
  const entries = Number(
    (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM ledger_entry')).rows[0]!.n,
  );
  const events = Number(
    (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_event')).rows[0]!.n,
  );
  const verify = await verifyAuditChain(db.pool);
  return {
    unbalancedLedgerTransactions: unbalanced.rowCount ?? 0,
    ledgerEntries: entries,
    auditEvents: events,
    auditChainValid: verify.isValid,
    auditBrokenAt: verify.isValid ? null : `seq ${verify.firstBrokenSeq}: ${verify.reason}`,
  };
}

export function runTsx(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      [path.join(repoRoot, script)],
      { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export function writeResult(file: string, markdown: string): string {
  const target = path.join(repoRoot, 'bench/results', file);
  fs.writeFileSync(target, markdown);
  return target;
}
