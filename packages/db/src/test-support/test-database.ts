// Each test file calls createTestDatabase() once: a fresh database cloned
// from the migrated template, so files run in parallel without sharing rows.
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { quoteIdent } from '../database';
import { withDatabase } from './test-server';

export interface TestDatabase {
  name: string;
  url: string;
  /** A small pool for direct SQL in tests (owner role: bypasses nothing but RLS policies are not forced). */
  pool: Pool;
  drop(): Promise<void>;
}

function testEnvironment(): { adminUrl: string; templateDatabase: string } {
  const adminUrl = process.env.WAYMARK_TEST_ADMIN_URL;
  const templateDatabase = process.env.WAYMARK_TEST_TEMPLATE_DATABASE;
  if (!adminUrl || !templateDatabase) {
    throw new Error(
      'No test database server: run tests through `npm test` (Jest global setup starts one).',
    );
  }
  return { adminUrl, templateDatabase };
}

const runPrefix = () => `waymark_test_${process.env.WAYMARK_TEST_RUN_PID ?? process.pid}`;

/**
 * A fresh database: a clone of the migrated template, or (`empty: true`) one with no schema at all, or
 * (`demoData: true`) one holding the demo programme (packages/db/src/seed) as `seedDemoData()` writes it for today.
 * The demo data is seeded once per run into a second template and cloned from there: seeding is ~20 s of work
 * that every browser suite used to repeat.
 */
export async function createTestDatabase(
  options: { empty?: boolean; demoData?: boolean } = {},
): Promise<TestDatabase> {
  const { adminUrl, templateDatabase } = testEnvironment();
  const name = `${runPrefix()}_${randomBytes(5).toString('hex')}`;
  const template = options.empty
    ? 'template0'
    : options.demoData
      ? await demoTemplate(adminUrl, templateDatabase)
      : templateDatabase;
  await withAdmin(adminUrl, (admin) =>
    retryWhileInUse(() =>
      admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`),
    ),
  );
  const url = withDatabase(adminUrl, name);
  const pool = new Pool({ connectionString: url, max: 4 });
  // pool.end() resolves before its connections have closed on the server, so
  // drop()'s DROP … WITH (FORCE) can terminate one that is still closing; its
  // FATAL then arrives as an 'error' event after the pool stopped listening and
  // would crash the test file. A query's own errors still reject its promise.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      await withAdmin(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      );
    },
  };
}

/**
 * The run's demo-data template, seeded on first use. An advisory lock makes a second worker wait for the first's
 * seed rather than seed again; the database is built under another name and renamed, so a half-seeded one is never
 * cloned. Its name matches the run's test databases, so the run's clean-up drops it with them.
 */
async function demoTemplate(adminUrl: string, templateDatabase: string): Promise<string> {
  const name = `${runPrefix()}_demo_template`;
  return withAdmin(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (existing.rowCount) return name;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`);
      await retryWhileInUse(() =>
        admin.query(
          `CREATE DATABASE ${quoteIdent(building)} TEMPLATE ${quoteIdent(templateDatabase)}`,
        ),
      );
      // Loaded here, not at the top: only the suites that ask for demo data pay for the seed's modules.
      const { seedDemoData } = await import('../seed/index.js');
      await seedDemoData({ databaseUrl: withDatabase(adminUrl, building) });
      await retryWhileInUse(() =>
        admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`),
      );
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
}

/**
 * CREATE DATABASE … TEMPLATE and ALTER DATABASE … RENAME need the source to have no other sessions (a clone in
 * flight, or a pool's connection still closing after pool.end()): retry briefly on that contention.
 */
async function retryWhileInUse<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
