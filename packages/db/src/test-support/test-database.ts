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

/** A fresh database: a clone of the migrated template, or (`empty: true`) one with no schema at all. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const { adminUrl, templateDatabase } = testEnvironment();
  const name = `waymark_test_${process.env.WAYMARK_TEST_RUN_PID ?? process.pid}_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    // CREATE DATABASE ... TEMPLATE needs the template to have no other sessions;
    // clones are serialised by Postgres itself, retry briefly on contention.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(
          `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(options.empty ? 'template0' : templateDatabase)}`,
        );
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message))
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
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

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
