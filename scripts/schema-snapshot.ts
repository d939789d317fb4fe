// `npm run db:schema`: migrates a throw-away embedded database and writes the
// committed snapshot of the current schema — prisma/schema.sql and
// docs/row-level-security.md (packages/db/src/schema-snapshot). Run it after
// adding a migration; schema-snapshot.test.ts fails until you do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, startEmbeddedPostgres } from '../packages/db/src/index';
import {
  generateSchemaSnapshot,
  schemaSnapshotPaths,
} from '../packages/db/src/schema-snapshot/schema-snapshot';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-schema-'));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), durable: false });
  try {
    const admin = new Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE waymark_schema');
    await admin.end();
    const url = new URL(server.adminUrl);
    url.pathname = '/waymark_schema';
    await migrate({ databaseUrl: url.toString() });
    const snapshot = await generateSchemaSnapshot(url.toString());
    const paths = schemaSnapshotPaths();
    fs.writeFileSync(paths.schemaSql, snapshot.schemaSql);
    fs.writeFileSync(paths.rowLevelSecurity, snapshot.rowLevelSecurity);
    console.log(
      `wrote ${path.relative(process.cwd(), paths.schemaSql)} and ${path.relative(process.cwd(), paths.rowLevelSecurity)}`,
    );
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
