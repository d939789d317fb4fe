// Starts the API: validated config → database (DATABASE_URL or embedded) →
// migrations (locked, checksummed) → HTTP. Any failure stops start-up with a
// message that names the cause.
import 'reflect-metadata';
import {
  migrate,
  migrationStatus,
  MigrationIntegrityError,
  readDatabaseEnv,
  resolveDatabase,
} from '@waymark/db';
import { ConfigError, loadConfig } from './common/config/env';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir ?? readDatabaseEnv().dataDir,
  });
  // Migrations hold a session advisory lock: behind a transaction pooler they take the direct connection.
  const directUrl = config.databaseDirectUrl ?? database.url;
  if (config.migrateOnStart) {
    await migrate({ databaseUrl: directUrl });
  } else {
    const status = await migrationStatus({ databaseUrl: directUrl });
    if (status.changed.length > 0 || status.missing.length > 0)
      throw new MigrationIntegrityError(status);
  }

  const app = await createApp({ config, databaseUrl: database.url });
  // On SIGTERM/SIGINT: close the app (stop accepting, drain in-flight requests, run every shutdown hook —
  // jobs finish or are handed back), then stop an embedded server, then exit 0. The only signal handler.
  process.once('beforeExit', () => void database.stop());
  await app.listen({ port: config.port, host: config.host });
  app
    .getHttpAdapter()
    .getInstance()
    .log.info({ url: await app.getUrl() }, 'Waymark API listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void app.close().finally(() => void database.stop().finally(() => process.exit(0)));
    });
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof MigrationIntegrityError
      ? error.message
      : String((error as Error).stack);
  process.stderr.write(`Waymark API failed to start: ${message}\n`);
  process.exit(1);
});
