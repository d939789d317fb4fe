// Starts one PostgreSQL for the whole Jest run and migrates the template
// database. tsx loads the TypeScript sources directly (no build needed).
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { startTestServer } = await tsImport(
    '../packages/db/src/test-support/test-server.ts',
    import.meta.url,
  );
  const server = await startTestServer({ databaseUrl: process.env.DATABASE_URL || undefined });
  globalThis.__waymarkTestServer = server;
  // Workers inherit these: createTestDatabase() clones the template.
  process.env.WAYMARK_TEST_ADMIN_URL = server.adminUrl;
  process.env.WAYMARK_TEST_TEMPLATE_DATABASE = server.templateDatabase;
  process.env.WAYMARK_TEST_RUN_PID = String(process.pid);
}
