// Used by Jest's global setup: one PostgreSQL for the whole run (embedded,
// throw-away, fsync off; or DATABASE_URL) and one migrated template database
// that every test file clones.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { quoteIdent } from '../database';
import { startEmbeddedPostgres } from '../embedded-server';
import { migrate } from '../migrate/migrate';

export interface TestServer {
  adminUrl: string;
  templateDatabase: string;
  stop(): Promise<void>;
}

export async function startTestServer(options: { databaseUrl?: string } = {}): Promise<TestServer> {
  let adminUrl: string;
  let stopServer: () => Promise<void>;
  if (options.databaseUrl) {
    adminUrl = options.databaseUrl;
    stopServer = async () => undefined;
  } else {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'waymark-test-pg-'));
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'pg'),
      durable: false,
    });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  }

  const templateDatabase = `waymark_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(templateDatabase)}`);
    await admin.query(`CREATE DATABASE ${quoteIdent(templateDatabase)}`);
  } finally {
    await admin.end();
  }
  await migrate({ databaseUrl: withDatabase(adminUrl, templateDatabase) });

  return {
    adminUrl,
    templateDatabase,
    async stop() {
      if (options.databaseUrl) await dropDatabasesLike(adminUrl, templateDatabase);
      await stopServer();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function dropDatabasesLike(adminUrl: string, templateDatabase: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [templateDatabase, `waymark_test_${process.pid}_%`],
    );
    for (const { datname } of rows)
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
